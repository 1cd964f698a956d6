/**
 * Scenario 8, VPC endpoints instead of NAT: no internet path at all. The endpoints are the stack's
 * egress (egress.type endpoints, patterns/stack-egress.ts): every chosen AWS service gets an interface
 * endpoint with private DNS in the Lambda subnets (one shared endpoint security group), s3 and
 * dynamodb get gateway endpoints on the private route tables, lambda always. Here the caller function
 * invokes the target's `live` alias through the lambda endpoint, the modern fix for an IGW-less
 * Lambda→Lambda call.
 */
import { ALIAS_NAME } from './blocks/vpc-function';
import { definePattern } from './pattern';

export interface EndpointsOptions {
  caller: string;
  target: string;
}

export default definePattern<EndpointsOptions>({
  build({ fn, options }) {
    const caller = fn(options.caller);
    const target = fn(options.target);
    caller.addEnvironment('TARGET_FUNCTION_NAME', target.function.functionName);
    caller.addEnvironment('TARGET_QUALIFIER', ALIAS_NAME);
    caller.addPolicy('invoke-target', [{ sid: 'InvokeTargetAlias', actions: ['lambda:InvokeFunction'], resources: [target.alias.arn] }]);
  },
});
