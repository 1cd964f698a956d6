/**
 * Subnet IP capacity: how many addresses each Lambda subnet gives away before any growth, and whether
 * they fit. Computed from the config and the catalog (no cdktf), so a layout that cannot work is
 * refused before anything is built or written; __tests__/capacity.test.ts proves the count matches
 * the network interfaces the built Terraform really places in each subnet.
 */
import { interfaceEndpointUse } from '../catalog/checks';
import { hasInternet, interfaceServicesOf } from '../catalog/egress';
import type { StackPart } from '../catalog/compose';
import type { OtherNetwork, PatternSpec, SubnetUse } from '../catalog/types';
import { AWS_RESERVED_PER_SUBNET, parseCidr } from './cidr';
import type { IssueSink, VpcLambdaConfig } from './schema';
import type { ValidatedConfig } from './validate';

/** A Lambda subnet as capacity sees it: its AZ (or id) and, when known, its CIDR. */
export interface SizedSubnet {
  az: string;
  privateCidr?: string;
  /** Where a too-small subnet is reported. @default the created VPC's network.privateSubnets[i] or privateSubnetMask */
  field?: (string | number)[];
}

/** Endpoints the SSM host needs without internet egress (patterns/blocks/ssm-host.ts adds the same). */
export const SSM_HOST_ENDPOINTS = ['ssm', 'ssmmessages', 'ec2messages'] as const;

/** The stack's entries as capacity sees them: the pattern and each capability. */
export type CapacityPart = Pick<StackPart, 'spec' | 'options'>;

export interface CapacityLine {
  what: string;
  addresses: number;
}

export interface SubnetCapacity {
  az: string;
  /** Undefined when not known (an existing VPC's subnet without a given CIDR or a snapshot). */
  cidr?: string;
  prefix?: number;
  /** All addresses of the subnet, when known. */
  size?: number;
  /** What takes addresses in this subnet, largest share first after AWS's reserved five. */
  lines: CapacityLine[];
  reserved: number;
  /** size - reserved: room for more Hyperplane ENIs (new security groups, > 65,000 connections) and growth. */
  free?: number;
  /** The longest prefix a part of the stack accepts (an ALB: 27); undefined when nothing limits it. */
  maxPrefix?: number;
  /** Who sets maxPrefix. */
  maxPrefixBy?: string;
}

/** The Lambda subnets of a validated config, created or existing, with their sizes where known. */
export function lambdaSubnetSizes({ subnets, existingSubnets }: Pick<ValidatedConfig, 'subnets' | 'existingSubnets'>): SizedSubnet[] {
  return existingSubnets ? existingSubnets.map((s) => ({ az: s.az ?? s.id, privateCidr: s.cidr })) : subnets;
}

/** Per Lambda subnet, what the stack places there (functions a part runs in a VPC of its own excepted). */
export function subnetCapacity(config: VpcLambdaConfig, subnets: SizedSubnet[], parts: CapacityPart[]): SubnetCapacity[] {
  const uses: SubnetUse[] = [
    ...interfaceServicesOf(config.egress.endpoints ?? []).map(interfaceEndpointUse),
    ...parts.flatMap((p) => p.spec.subnetUse?.(p.options, config) ?? []),
  ];
  if (config.ssmHost && !hasInternet(config.egress.type)) uses.push(...SSM_HOST_ENDPOINTS.map(interfaceEndpointUse));
  const elsewhere = parts.flatMap((p) => p.spec.otherNetwork?.(p.options, config)?.functions ?? []);
  const functions = config.functions.map((f) => f.name).filter((name) => !elsewhere.includes(name));
  return capacityOf(subnets, functions, uses, config.ssmHost);
}

/** The pattern's other VPC (PrivateLink's consumer VPC) and what each of its subnets holds, if it has one. */
export function otherNetworkCapacity(config: VpcLambdaConfig, spec: PatternSpec): { network: OtherNetwork; capacity: SubnetCapacity[] } | undefined {
  const network = spec.otherNetwork?.(config.pattern, config);
  return network && { network, capacity: capacityOf(network.subnets, network.functions, network.uses, false) };
}

function capacityOf(subnets: SizedSubnet[], functions: string[], uses: SubnetUse[], ssmHost: boolean): SubnetCapacity[] {
  // One endpoint per service however many parts ask for it: list them on one line.
  const endpoints = [...new Set(uses.filter((u) => u.endpoint).map((u) => u.endpoint!))];
  const others = uses.filter((u) => !u.endpoint);
  const limit = uses.filter((u) => u.maxPrefix !== undefined).sort((a, b) => a.maxPrefix! - b.maxPrefix!)[0];

  return subnets.map(({ az, privateCidr }, i) => {
    const range = privateCidr === undefined ? undefined : parseCidr(privateCidr);
    const prefix = range?.mask;
    const lines: CapacityLine[] = [
      { what: 'reserved by AWS (network, router, DNS, future, broadcast)', addresses: AWS_RESERVED_PER_SUBNET },
      ...(functions.length > 0
        ? [{ what: `Hyperplane ENI${functions.length === 1 ? '' : 's'}, one per function security group (${functions.join(', ')})`, addresses: functions.length }]
        : []),
      ...(endpoints.length > 0 ? [{ what: `interface endpoint${endpoints.length === 1 ? '' : 's'} (${endpoints.join(', ')})`, addresses: endpoints.length }] : []),
      ...others.map((u) => ({ what: u.what, addresses: u.addresses })),
      // The host sits in the first Lambda subnet only.
      ...(ssmHost && i === 0 ? [{ what: 'SSM debug host', addresses: 1 }] : []),
    ];
    const size = prefix === undefined ? undefined : 2 ** (32 - prefix);
    const reserved = lines.reduce((n, l) => n + l.addresses, 0);
    const free = size === undefined ? undefined : size - reserved;
    return { az, cidr: privateCidr, prefix, size, lines, reserved, free, maxPrefix: limit?.maxPrefix, maxPrefixBy: limit?.what };
  });
}

/**
 * Refuses a layout whose reserved addresses do not fit a Lambda subnet, or whose subnets are smaller
 * than a part of the stack accepts, naming the numbers and the mask that would work.
 */
export function checkSubnetCapacity(config: VpcLambdaConfig, subnets: SizedSubnet[], parts: CapacityPart[], issue: IssueSink): void {
  // Given subnets (an existing VPC's, or explicit CIDRs) are judged one by one; with masks all are alike.
  const explicit = !!config.network.existing || !!config.network.privateSubnets;
  subnetCapacity(config, subnets, parts).forEach((s, i) => {
    const field: (string | number)[] = subnets[i].field ?? (explicit ? ['network', 'privateSubnets', i] : ['network', 'privateSubnetMask']);
    // With masks every subnet is the same size: one message, for the worst (first) subnet.
    if ((!explicit && i > 0) || s.size === undefined || s.prefix === undefined) return;
    const where = explicit ? `${s.cidr} (${s.az})` : `each Lambda subnet /${s.prefix}`;
    const fix = (prefix: number) =>
      config.network.existing
        ? `use a /${prefix} or larger subnet in this AZ`
        : explicit
          ? `give this AZ a /${prefix} or larger subnet`
          : `set network.privateSubnetMask to ${prefix} or less (a /${prefix} has ${2 ** (32 - prefix)} addresses)`;
    if (s.maxPrefix !== undefined && s.prefix > s.maxPrefix) {
      issue(field, `${where} is too small for the ${s.maxPrefixBy}: AWS needs a /${s.maxPrefix} or larger subnet; ${fix(s.maxPrefix)}`);
      return;
    }
    if (s.reserved <= s.size) return;
    const parts = s.lines.map((l) => `${l.addresses} ${l.what}`).join(', ');
    issue(
      field,
      `${where} has ${s.size} addresses, but this stack reserves ${s.reserved} in ${explicit ? 'it' : `${s.az} (${s.cidr})`}: ${parts}; ${fix(largestPrefixFor(s.reserved, s.maxPrefix))}`,
    );
  });
}

/** The longest prefix whose subnet holds `addresses` (and that the stack accepts). */
function largestPrefixFor(addresses: number, maxPrefix = 28): number {
  let prefix = Math.min(28, maxPrefix);
  while (prefix > 16 && 2 ** (32 - prefix) < addresses) prefix--;
  return prefix;
}

/** A Markdown table of each Lambda subnet's addresses, for the generated READMEs. */
export function formatCapacityMarkdown(capacity: SubnetCapacity[]): string {
  const unknown = 'unknown';
  const rows = capacity.map(
    (s) =>
      `| ${s.az} | ${s.cidr ? `\`${s.cidr}\`` : unknown} | ${s.size?.toLocaleString('en-US') ?? unknown} | ${s.lines.map((l) => `${l.addresses} ${l.what}`).join('; ')} | ${s.reserved} | ${s.free?.toLocaleString('en-US') ?? unknown} |`,
  );
  return ['| AZ | Lambda subnet | Addresses | Taken by | Reserved | Free |', '| --- | --- | ---: | --- | ---: | ---: |', ...rows].join('\n');
}
