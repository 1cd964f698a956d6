/**
 * Scenario 4, an internal ALB in front of a function, in a VPC with no internet gateway: the caller
 * sends to the ALB's listener port, the ALB invokes the target's `live` alias through a target group
 * of type lambda.
 */
import { InternalAlb } from './blocks/internal-alb';
import { PrivateName } from './blocks/private-name';
import { definePattern } from './pattern';

export interface InternalAlbOptions {
  caller: string;
  target: string;
  listenerPort?: number;
  certificateArn?: string;
  domainName?: string;
}

export default definePattern<InternalAlbOptions>({
  build({ scope, config, options, network, fn, output, ssmHost }) {
    const caller = fn(options.caller);
    const target = fn(options.target);

    const alb = new InternalAlb(scope, 'alb', {
      stackName: config.name,
      network,
      target,
      listenerPort: options.listenerPort,
      certificateArn: options.certificateArn,
    });
    alb.connections.allowDefaultPortFrom(caller, 'Caller to the internal ALB');
    if (ssmHost) alb.connections.allowDefaultPortFrom(ssmHost, 'Debug host to the internal ALB');
    // The certificate's name resolves to the ALB inside this VPC only (a private zone for that name).
    const name = options.domainName ? new PrivateName(scope, 'alb-dns', { stackName: config.name, network, name: options.domainName, target: alb.aliasTarget }) : undefined;
    const url = alb.url('invoke', name?.fqdn);
    caller.addEnvironment('TARGET_URL', url);

    output('alb_dns_name', alb.loadBalancer.dnsName, 'DNS name of the internal ALB (resolves to private IPs)');
    output('alb_url', url, 'URL the caller POSTs to');
  },
});
