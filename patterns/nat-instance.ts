/**
 * Scenario 1, egress through NAT instances: every Lambda subnet routes 0.0.0.0/0 to the primary
 * network interface of a NAT instance (shared, or one per AZ) in a public subnet, and the functions
 * may send HTTPS out. The instances themselves are the Egress.natInstance block.
 */
import { Port } from './blocks/connections';
import { Egress } from './blocks/egress';
import { definePattern } from './pattern';

export interface NatInstanceOptions {
  natInstanceType: string;
  natPerAz: boolean;
  natSsmAccess: boolean;
}

export default definePattern<NatInstanceOptions>({
  egress: (options) => Egress.natInstance({ instanceType: options.natInstanceType, perAz: options.natPerAz, ssmAccess: options.natSsmAccess }),
  build({ functions }) {
    for (const fn of functions) {
      fn.connections.allowToCidr('0.0.0.0/0', Port.tcp(443), 'HTTPS to the internet and AWS APIs through the NAT instance');
      fn.declareNeeds('internet');
    }
  },
});
