/**
 * Scenario 2, egress through managed NAT gateways: its whole point is the stack's egress
 * (egress.type nat-gateway, applied by patterns/stack-egress.ts): every Lambda subnet routes 0.0.0.0/0
 * to a NAT gateway (shared, or one per AZ) in a public subnet, and the functions may open the egress
 * ports (HTTPS by default) to the internet. Nothing else to build.
 */
import { definePattern } from './pattern';

export default definePattern({ build() {} });
