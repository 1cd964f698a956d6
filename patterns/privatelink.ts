/**
 * Scenario 5, PrivateLink to an ALB-fronted function: internal NLB (static IPs) → target group of type
 * alb → internal ALB → target group of type lambda → the target's `live` alias, published as a VPC
 * endpoint service. By default a consumer interface endpoint in this VPC, called by the caller
 * function, proves the whole path.
 */
import { Fn, Op } from 'cdktf';
import type { Construct } from 'constructs';
import { accountId, accountRootArn, partitionOf } from './blocks/account';
import { AlbEndpointService, ServiceEndpoint } from './blocks/endpoint-service';
import { InternalAlb } from './blocks/internal-alb';
import { stackVariable } from './blocks/variables';
import { definePattern } from './pattern';

export interface PrivatelinkOptions {
  caller: string;
  target: string;
  listenerPort?: number;
  certificateArn?: string;
  domainName?: string;
  allowedPrincipals: string[];
  allowNoPrincipals: boolean;
  acceptanceRequired: boolean;
  consumerEndpoint: boolean;
}

export default definePattern<PrivatelinkOptions>({
  build({ scope, config, options, network, fn, output, ssmHost }) {
    const target = fn(options.target);
    const partition = partitionOf(config.region);
    const allowed = allowedPrincipalsVariable(scope, options.allowedPrincipals.map((p) => (/^\d{12}$/.test(p) ? accountRootArn(partition, p) : p)), options.allowNoPrincipals);
    // The in-stack consumer endpoint is created by this account, which must be allowed too.
    const principals = options.consumerEndpoint ? Fn.concat([allowed.listValue, [accountRootArn(partition, accountId(scope))]]) : allowed.listValue;

    const alb = new InternalAlb(scope, 'alb', {
      stackName: config.name,
      network,
      target,
      listenerPort: options.listenerPort,
      certificateArn: options.certificateArn,
    });
    const service = new AlbEndpointService(scope, 'privatelink', {
      stackName: config.name,
      network,
      alb,
      acceptanceRequired: options.acceptanceRequired,
      allowedPrincipals: principals,
    });
    output('endpoint_service_name', service.service.serviceName, 'Service name consumers create their interface endpoints with');
    output('endpoint_service_id', service.service.id, 'ID of the VPC endpoint service (accept connection requests here)');
    output('nlb_dns_name', service.loadBalancer.dnsName, 'DNS name of the internal NLB behind the endpoint service');

    if (options.consumerEndpoint) {
      const caller = fn(options.caller);
      const consumer = new ServiceEndpoint(scope, 'consumer', {
        stackName: config.name,
        network,
        service,
        accept: options.acceptanceRequired,
      });
      consumer.connections.allowDefaultPortFrom(caller, 'Caller to the endpoint service through the consumer endpoint');
      if (ssmHost) consumer.connections.allowDefaultPortFrom(ssmHost, 'Debug host to the consumer endpoint');
      const url = alb.url('invoke', options.domainName ?? consumer.dnsName);
      caller.addEnvironment('TARGET_URL', url);
      output('consumer_endpoint_url', url, 'URL the caller POSTs to, through the consumer interface endpoint');
    }
  },
});

/** var.allowed_principals: who may connect to the endpoint service, as IAM ARNs (an account is its root ARN). */
function allowedPrincipalsVariable(scope: Construct, arns: string[], allowNone: boolean) {
  const arn = 'arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(root|role/[A-Za-z0-9_+=,.@-]+|user/[A-Za-z0-9_+=,.@-]+)';
  return stackVariable(scope, 'allowed_principals', {
    type: 'list(string)',
    default: arns,
    description: 'IAM principals that may create endpoints to the service: account roots (arn:aws:iam::<account>:root), roles or users; never "*"',
    checks: (v) => [
      {
        // ARNs hold no spaces, so the joined list splits back into them.
        condition: Op.or(Op.lt(Fn.lengthOf(v.listValue), 1), Fn.can(Fn.regex(`^(${arn} )*${arn}$`, Fn.join(' ', v.listValue)))),
        errorMessage: 'allowed_principals must be IAM ARNs: arn:aws:iam::<account>:root, arn:aws:iam::<account>:role/<name> or :user/<name>.',
      },
      ...(allowNone
        ? []
        : [{ condition: Op.gte(Fn.lengthOf(v.listValue), 1), errorMessage: 'allowed_principals must list at least one principal (the config sets allowNoPrincipals to allow none).' }]),
    ],
  });
}
