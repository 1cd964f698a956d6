/** IPv4 CIDR comparisons for the checker, tolerant of host bits ("10.0.1.5/16"); IPv6 never matches. */
import { canonicalCidr, contains, overlaps, parseCidr, type CidrRange } from '../config/cidr';

export const ANYWHERE = '0.0.0.0/0';

function range(cidr: string | undefined): CidrRange | undefined {
  if (!cidr) return undefined;
  return parseCidr(cidr) ?? (canonicalCidr(cidr) ? parseCidr(canonicalCidr(cidr)!) : undefined);
}

export function isCidr(text: string | undefined): boolean {
  return range(text) !== undefined;
}

/** Whether `outer` holds all of `inner`. */
export function cidrContains(outer: string | undefined, inner: string | undefined): boolean {
  const o = range(outer);
  const i = range(inner);
  return Boolean(o && i && contains(o, i));
}

export function cidrOverlaps(a: string | undefined, b: string | undefined): boolean {
  const x = range(a);
  const y = range(b);
  return Boolean(x && y && overlaps(x, y));
}

export function prefixLength(cidr: string): number {
  return range(cidr)?.mask ?? -1;
}
