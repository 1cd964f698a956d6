/**
 * Scenario 1, egress through NAT instances: its whole point is the stack's egress (egress.type
 * nat-instance, applied by patterns/stack-egress.ts): every Lambda subnet routes 0.0.0.0/0 to the
 * primary network interface of a NAT instance (shared, or one per AZ) in a public subnet, and the
 * functions may open the egress ports to the internet. The instances are the Egress.natInstance block.
 */
import { definePattern } from './pattern';

export default definePattern({ build() {} });
