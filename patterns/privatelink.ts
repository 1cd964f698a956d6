/**
 * Scenario 5, PrivateLink to an ALB-fronted function: internal NLB (static IPs) → target group of type
 * alb → internal ALB → target group of type lambda → the target's `live` alias, published as a VPC
 * endpoint service. By default a consumer interface endpoint in this VPC, called by the caller
 * function, proves the whole path.
 */
import { accountId, accountRootArn, partitionOf } from './blocks/account';
import { Egress } from './blocks/egress';
import { AlbEndpointService, ServiceEndpoint } from './blocks/endpoint-service';
import { InternalAlb } from './blocks/internal-alb';
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
  egress: () => Egress.isolated(),
  build({ scope, config, options, network, fn, output, ssmHost }) {
    const target = fn(options.target);
    const partition = partitionOf(config.region);
    const principals = options.allowedPrincipals.map((p) => (/^\d{12}$/.test(p) ? accountRootArn(partition, p) : p));
    // The in-stack consumer endpoint is created by this account, which must be allowed too.
    if (options.consumerEndpoint) principals.push(accountRootArn(partition, accountId(scope)));

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
