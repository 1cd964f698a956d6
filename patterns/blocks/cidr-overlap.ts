/**
 * A plan-time guard that two IPv4 CIDRs do not overlap, for ranges only Terraform knows (a variable the
 * platform team may change, an existing VPC's CIDR as AWS reports it): config validation already
 * checked the configured values, this checks the ones applied.
 */
import { Fn, Op } from 'cdktf';

/** A lifecycle precondition: `a` and `b` share no address (when either cannot be read, it holds). */
export function noOverlapPrecondition(a: string, b: string, errorMessage: string) {
  const part = (cidr: string, i: number) => Fn.element(Fn.split('/', cidr), i);
  // Two CIDR blocks overlap exactly when one holds the other's first address.
  const holds = (outer: string, inner: string) => Op.eq(Fn.cidrhost(Fn.format('%s/%s', [part(inner, 0), part(outer, 1)]), 0), Fn.cidrhost(outer, 0));
  return { condition: Fn.try([Op.not(Op.or(holds(a, b), holds(b, a))), true]), errorMessage };
}
