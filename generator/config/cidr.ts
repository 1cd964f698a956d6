/**
 * IPv4 CIDR maths for subnet planning, on top of ip-address (parsing, masks, bigint conversion).
 * Subnets are carved in order, largest first, so every block is aligned without holes.
 */
import { Address4 } from 'ip-address';

export interface CidrRange {
  cidr: string;
  first: bigint;
  last: bigint;
  mask: number;
}

/** Parses "a.b.c.d/n" that is also a network address (no host bits set); undefined if not. */
export function parseCidr(text: string): CidrRange | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text) || !Address4.isValid(text)) return undefined;
  const addr = new Address4(text);
  const first = addr.startAddress().bigInt();
  if (new Address4(text.split('/')[0]).bigInt() !== first) return undefined;
  return { cidr: text, first, last: addr.endAddress().bigInt(), mask: addr.subnetMask };
}

/** The network address a CIDR with host bits set should have been written as ("10.0.0.1/16" → "10.0.0.0/16"). */
export function canonicalCidr(text: string): string | undefined {
  if (!Address4.isValid(text) || !text.includes('/')) return undefined;
  const addr = new Address4(text);
  return `${addr.startAddress().correctForm()}/${addr.subnetMask}`;
}

export function sizeOf(range: CidrRange): bigint {
  return range.last - range.first + 1n;
}

export function contains(outer: CidrRange, inner: CidrRange): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

export function overlaps(a: CidrRange, b: CidrRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** The block of prefix `mask` starting at address `start` (which must be aligned to it). */
export function cidrAt(start: bigint, mask: number): CidrRange {
  const cidr = `${Address4.fromBigInt(start).correctForm()}/${mask}`;
  return parseCidr(cidr)!;
}

/**
 * Allocates one block per requested mask inside `vpc`, in request order, packing larger blocks first.
 * Returns undefined when they do not fit.
 */
export function allocate(vpc: CidrRange, masks: number[]): CidrRange[] | undefined {
  const order = masks.map((mask, index) => ({ mask, index })).sort((a, b) => a.mask - b.mask || a.index - b.index);
  const result: CidrRange[] = new Array(masks.length);
  let next = vpc.first;
  for (const { mask, index } of order) {
    const size = 1n << BigInt(32 - mask);
    const start = ((next + size - 1n) / size) * size; // align to the block size
    if (start + size - 1n > vpc.last) return undefined;
    result[index] = cidrAt(start, mask);
    next = start + size;
  }
  return result;
}

/** AWS reserves five addresses in every subnet (network, router, DNS, future use, broadcast). */
export const AWS_RESERVED_PER_SUBNET = 5;

export function usableAddresses(range: CidrRange): number {
  return Number(sizeOf(range)) - AWS_RESERVED_PER_SUBNET;
}

/**
 * Where a subnet sits in its VPC as Terraform's cidrsubnet() arguments: cidrsubnet(vpc, newbits,
 * netnum) === subnet. Undefined when the subnet is not an aligned block inside the VPC.
 */
export function subnetOffset(vpcCidr: string, subnetCidr: string): { newbits: number; netnum: number } | undefined {
  const vpc = parseCidr(vpcCidr);
  const subnet = parseCidr(subnetCidr);
  if (!vpc || !subnet || !contains(vpc, subnet)) return undefined;
  return { newbits: subnet.mask - vpc.mask, netnum: Number((subnet.first - vpc.first) >> BigInt(32 - subnet.mask)) };
}

/** Terraform's cidrsubnet() for IPv4 networks; undefined where Terraform would fail. */
export function cidrSubnet(vpcCidr: string, newbits: number, netnum: number): string | undefined {
  const vpc = parseCidr(vpcCidr);
  const mask = (vpc?.mask ?? 0) + newbits;
  if (!vpc || newbits < 0 || mask > 32 || netnum < 0 || netnum >= 2 ** newbits) return undefined;
  return cidrAt(vpc.first + (BigInt(netnum) << BigInt(32 - mask)), mask).cidr;
}
