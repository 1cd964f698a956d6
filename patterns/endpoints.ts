/**
 * Scenario 8, VPC endpoints instead of NAT: no internet path at all. Every chosen AWS service gets an
 * interface endpoint with private DNS in the Lambda subnets (one shared endpoint security group), s3
 * and dynamodb get gateway endpoints on the private route tables, and the caller function invokes
 * the target's `live` alias through the lambda endpoint, the modern fix for an IGW-less Lambda→Lambda call.
 */
import { gatewayServicesOf, interfaceServicesOf } from '../generator/catalog/endpoints';
import { Egress } from './blocks/egress';
import { GatewayEndpoints, InterfaceEndpoints } from './blocks/vpc-endpoints';
import { ALIAS_NAME } from './blocks/vpc-function';
import { definePattern } from './pattern';

export interface EndpointsOptions {
  endpoints: string[];
  caller: string;
  target: string;
}

export default definePattern<EndpointsOptions>({
  egress: () => Egress.isolated(),
  build({ network, functions, fn, options, output }) {
    const interfaces = InterfaceEndpoints.of(network);
    const interfaceServices = interfaceServicesOf(options.endpoints);
    const gateways = GatewayEndpoints.of(network);
    const gatewayServices = gatewayServicesOf(options.endpoints);
    for (const f of functions) {
      interfaces.allowFrom(f, interfaceServices);
      gateways.allowFrom(f, gatewayServices);
      f.declareNeeds(...interfaceServices, ...gatewayServices);
    }

    const caller = fn(options.caller);
    const target = fn(options.target);
    caller.addEnvironment('TARGET_FUNCTION_NAME', target.function.functionName);
    caller.addEnvironment('TARGET_QUALIFIER', ALIAS_NAME);
    caller.addPolicy('invoke-target', [{ sid: 'InvokeTargetAlias', actions: ['lambda:InvokeFunction'], resources: [target.alias.arn] }]);

    output('interface_endpoint_ids', Object.fromEntries(interfaceServices.map((s) => [s, interfaces.add(s).id])), 'Interface VPC endpoints, by service');
    output('endpoint_security_group_id', interfaces.securityGroup.id, 'Security group of the interface endpoints (443 from the functions)');
  },
});
