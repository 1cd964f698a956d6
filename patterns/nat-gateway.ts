/**
 * Scenario 2, egress through managed NAT gateways: every Lambda subnet routes 0.0.0.0/0 to a NAT
 * gateway (shared, or one per AZ) in a public subnet, and the functions may send HTTPS out.
 */
import { Egress } from './blocks/egress';
import { Port } from './blocks/connections';
import { definePattern } from './pattern';

export interface NatGatewayOptions {
  natPerAz: boolean;
}

export default definePattern<NatGatewayOptions>({
  egress: (options) => Egress.natGateway({ perAz: options.natPerAz }),
  build({ functions }) {
    for (const fn of functions) {
      fn.connections.allowToCidr('0.0.0.0/0', Port.tcp(443), 'HTTPS to the internet and AWS APIs through NAT');
      fn.declareNeeds('internet');
    }
  },
});
