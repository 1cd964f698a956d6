/**
 * network.existing: a VPC someone else owns. Checks what a config can know of it (distinct subnets,
 * route tables wherever the pattern adds routes or gateway endpoints, a public subnet only for a NAT)
 * and, given facts about the VPC (a snapshot, see generator/snapshot), that the ids are really in it,
 * in distinct AZs, and big enough. No cdktf, no AWS calls.
 */
import { gatewayServicesOf, hasEndpoints, hasInternet } from '../catalog/egress';
import type { StackPart } from '../catalog/compose';
import { contains, parseCidr } from './cidr';
import { azNamesOf } from './regions';
import { CREATED_NETWORK_FIELDS, type ExistingNetworkConfig, type IssueSink, type VpcLambdaConfig } from './schema';

/** What is known of an existing VPC from outside the config (a snapshot): for checks only, never for the Terraform. */
export interface VpcFacts {
  /** Where the facts come from, for messages: "vpc-snapshot.json (taken 2026-01-02T03:04:05Z)". */
  source: string;
  vpcId: string;
  vpcCidrs: string[];
  subnets: Record<string, { cidr?: string; az?: string; vpcId?: string }>;
}

/** A Lambda subnet of an existing VPC, with what the config or the facts say of it. */
export interface ExistingSubnet {
  id: string;
  az?: string;
  cidr?: string;
}

/** The command that records facts about a VPC, named wherever they are missing. */
export function snapshotCommand(vpcId: string): string {
  return `vpc-lambda-gen snapshot --vpc-id ${vpcId}`;
}

/** The VPC's CIDR as far as known (the config's hint, else the facts'), for overlap checks. */
export function knownVpcCidr(config: Pick<VpcLambdaConfig, 'network'>): string | undefined {
  return config.network.existing ? config.network.existing.vpcCidr : config.network.cidr;
}

/** An entry of the stack as route-table needs see it. */
type Part = Pick<StackPart, 'spec' | 'options'>;

/**
 * What the stack adds to the Lambda subnets' route tables in an existing VPC (a NAT default route,
 * gateway endpoints, a peer route), so the config must name them; each said once.
 */
export function routeTableNeeds(parts: Part[], config: Pick<VpcLambdaConfig, 'network' | 'egress'>): string[] {
  const existing = config.network.existing;
  const { egress } = config;
  const nat = existing?.publicSubnetId && hasInternet(egress.type) ? ['the 0.0.0.0/0 route to the NAT in publicSubnetId'] : [];
  const gateways = hasEndpoints(egress) ? gatewayServicesOf(egress.endpoints ?? []).map((s) => `the ${s} gateway endpoint`) : [];
  const own = parts.flatMap((p) => p.spec.routeTableUse?.(p.options, config as VpcLambdaConfig) ?? []);
  return [...new Set([...nat, ...gateways, ...own])];
}

/** "pattern peering and with[0] (sns-slack)": who asks for route tables, for messages. */
function partsNamed(parts: Part[]): string {
  return parts.map((p, i) => (i === 0 ? `pattern ${p.spec.id}` : p.spec.id)).join(', ');
}

/**
 * Checks network.existing and returns the Lambda subnets with what is known of them. `raw` is the
 * config as given (to tell fields given from zod's defaults); `azHints` the AZs the config lists.
 */
export function checkExistingNetwork(
  raw: unknown,
  config: VpcLambdaConfig & { network: { existing: ExistingNetworkConfig } },
  parts: Part[] | undefined,
  facts: VpcFacts | undefined,
  issue: IssueSink,
): ExistingSubnet[] {
  const existing = config.network.existing;
  const at = (...path: (string | number)[]) => ['network', 'existing', ...path];
  const rawNetwork = (raw as { network?: Record<string, unknown> } | undefined)?.network ?? {};
  for (const field of CREATED_NETWORK_FIELDS) {
    if (rawNetwork[field] === undefined) continue;
    const hint = field === 'cidr' ? ' (its CIDR may go in network.existing.vpcCidr)' : field === 'privateSubnets' ? ' (their CIDRs may go in network.existing.subnetCidrs)' : '';
    issue(['network', field], `describes a VPC to create, but network.existing gives one: remove it${hint}`);
  }

  const duplicates = (list: readonly string[], path: string, what: string) =>
    list.forEach((id, i) => list.indexOf(id) !== i && issue(at(path, i), `listed twice; list each ${what} once`));
  duplicates(existing.subnetIds, 'subnetIds', 'subnet');
  duplicates(existing.routeTableIds ?? [], 'routeTableIds', 'route table');
  if (existing.publicSubnetId && existing.subnetIds.includes(existing.publicSubnetId)) {
    issue(at('publicSubnetId'), 'is also a Lambda subnet (subnetIds); the NAT goes in a public subnet and the functions in private ones: name another subnet');
  }

  const vpc = existing.vpcCidr === undefined ? undefined : parseCidr(existing.vpcCidr);
  if (existing.vpcCidr !== undefined && !vpc) issue(at('vpcCidr'), 'not an IPv4 network; use the VPC\'s CIDR, for example "10.20.0.0/16"');
  const cidrs = existing.subnetCidrs;
  if (cidrs && cidrs.length !== existing.subnetIds.length) {
    issue(at('subnetCidrs'), `give one CIDR per subnet of subnetIds: ${existing.subnetIds.length} expected, ${cidrs.length} given`);
  } else {
    cidrs?.forEach((cidr, i) => {
      const range = parseCidr(cidr);
      if (!range) issue(at('subnetCidrs', i), `not an IPv4 network; use the CIDR of ${existing.subnetIds[i]}, for example "10.20.0.0/24"`);
      else if (vpc && !contains(vpc, range)) issue(at('subnetCidrs', i), `${cidr} is outside the VPC CIDR ${vpc.cidr}`);
    });
  }

  const azs = config.availabilityZones;
  if (azs.length > 0) {
    if (azs.length !== existing.subnetIds.length) issue(['availabilityZones'], `with network.existing, list the AZ of each subnet of subnetIds (${existing.subnetIds.length}), or none`);
    const regionAzs = azNamesOf(config.region);
    azs.forEach((az, i) => {
      if (regionAzs.length > 0 && !regionAzs.includes(az)) issue(['availabilityZones', i], `not an AZ of ${config.region}; use one of ${regionAzs.join(', ')}`);
      else if (azs.indexOf(az) !== i) issue(['availabilityZones', i], `${existing.subnetIds[i]} and ${existing.subnetIds[azs.indexOf(az)]} are both in ${az}: the Lambda subnets must be in distinct AZs`);
    });
  }

  if (parts) checkPatternNeeds(config, parts, issue);
  const subnets = existing.subnetIds.map((id, i) => ({ id, az: azs[i], cidr: cidrs?.[i] }));
  if (facts) checkFacts(existing, subnets, facts, issue);
  return subnets;
}

/** Route tables wherever the stack adds routes; a public subnet only for a NAT, and one NAT. */
function checkPatternNeeds(config: VpcLambdaConfig & { network: { existing: ExistingNetworkConfig } }, parts: Part[], issue: IssueSink): void {
  const existing = config.network.existing;
  const needs = routeTableNeeds(parts, config);
  if (needs.length > 0 && !existing.routeTableIds?.length) {
    issue(
      ['network', 'existing', 'routeTableIds'],
      `required for ${needs.join(' and ')} (${partsNamed(parts)}, egress ${config.egress.type}): name the route tables of the Lambda subnets with --route-table-ids (network.existing.routeTableIds)`,
    );
  }
  const internet = hasInternet(config.egress.type);
  if (existing.publicSubnetId && !internet) {
    issue(['network', 'existing', 'publicSubnetId'], `egress ${config.egress.type} creates no NAT, so nothing goes in a public subnet: remove it`);
  }
  if (internet && config.egress.perAz === true) {
    issue(
      ['egress', 'perAz'],
      existing.publicSubnetId
        ? 'an existing VPC names one public subnet (network.existing.publicSubnetId), so there is one NAT: set egress.perAz (pattern.natPerAz in earlier versions) to false, or drop --nat-per-az'
        : 'no NAT is created in an existing VPC without network.existing.publicSubnetId (its own egress is used): set egress.perAz (pattern.natPerAz in earlier versions) to false, or drop --nat-per-az',
    );
  }
}

/** The ids against a snapshot: in this VPC, in distinct AZs, and hints that agree with it. */
function checkFacts(existing: ExistingNetworkConfig, subnets: ExistingSubnet[], facts: VpcFacts, issue: IssueSink): void {
  const at = (...path: (string | number)[]) => ['network', 'existing', ...path];
  if (facts.vpcId !== existing.vpcId) {
    issue(at('vpcId'), `${facts.source} describes ${facts.vpcId}, not this VPC: take a new one with "${snapshotCommand(existing.vpcId)}", or fix the id`);
    return;
  }
  const known = (id: string, path: (string | number)[]) => {
    const subnet = facts.subnets[id];
    if (!subnet) issue(path, `is not a subnet of ${existing.vpcId} according to ${facts.source}: fix the id, or take a new snapshot if it was just created`);
    return subnet;
  };
  subnets.forEach((s, i) => {
    const found = known(s.id, at('subnetIds', i));
    if (!found) return;
    if (s.cidr !== undefined && found.cidr !== undefined && s.cidr !== found.cidr) {
      issue(at('subnetCidrs', i), `${s.id} is ${found.cidr} according to ${facts.source}: fix the CIDR or remove subnetCidrs`);
    }
    if (s.az !== undefined && found.az !== undefined && s.az !== found.az) {
      issue(['availabilityZones', i], `${s.id} is in ${found.az} according to ${facts.source}: fix the AZ or remove availabilityZones`);
    }
    s.cidr = found.cidr ?? s.cidr;
    s.az = found.az ?? s.az;
  });
  subnets.forEach((s, i) => {
    const first = subnets.findIndex((o) => o.az !== undefined && o.az === s.az);
    if (first !== -1 && first < i) issue(at('subnetIds', i), `${s.id} and ${subnets[first].id} are both in ${s.az} according to ${facts.source}: the Lambda subnets must be in distinct AZs`);
  });
  if (existing.publicSubnetId) known(existing.publicSubnetId, at('publicSubnetId'));
  const vpc = existing.vpcCidr ? parseCidr(existing.vpcCidr) : undefined;
  if (vpc && facts.vpcCidrs.length > 0 && !facts.vpcCidrs.some((c) => c === vpc.cidr)) {
    issue(at('vpcCidr'), `${existing.vpcId} has ${facts.vpcCidrs.join(', ')} according to ${facts.source}: fix vpcCidr or remove it`);
  }
}

/** The config as checks see it: hints the facts fill in (the Terraform is built from the config as given). */
export function withFacts(config: VpcLambdaConfig, subnets: ExistingSubnet[], facts: VpcFacts | undefined): VpcLambdaConfig {
  const existing = config.network.existing;
  if (!existing || !facts || facts.vpcId !== existing.vpcId) return config;
  const cidrs = subnets.map((s) => s.cidr);
  return {
    ...config,
    network: {
      existing: {
        ...existing,
        vpcCidr: existing.vpcCidr ?? facts.vpcCidrs[0],
        subnetCidrs: cidrs.every((c): c is string => c !== undefined) ? cidrs : existing.subnetCidrs,
      },
    },
  };
}
