/**
 * `new --environments dev,prod`: the environments a new project starts with, and what its README and
 * summary say of each one's stack (region, VPC, egress, NATs, fixed cost, where its state lives).
 * The config side (merging, validation, one stack `<name>-<env>` each) is generator/config/environments.ts.
 */
import { backendSettings, stateLocation } from '../backend';
import { cidrAt, contains, overlaps, parseCidr, sizeOf, type CidrRange } from '../config/cidr';
import { ConfigError, type ConfigIssue } from '../config/errors';
import type { EnvironmentOverrides } from '../config/schema';
import type { ValidatedConfig } from '../config/validate';
import { estimateMonthlyCost, money, type CostEstimate, type TerraformJson } from '../cost';
import type { SynthStack } from '../synth';

/**
 * The overrides each named environment starts with: the first keeps the config's VPC CIDR, every
 * other one gets the next free block of the same size (10.0.0.0/16, then 10.1.0.0/16...), so that
 * their VPCs can be peered later. `avoid`: other CIDRs of the config (a peer's) the blocks must not
 * overlap. With an existing VPC (no `cidr`) there is nothing to give: every environment starts empty.
 */
export function newEnvironments(names: readonly string[], cidr: string | undefined, avoid: readonly string[] = []): Record<string, EnvironmentOverrides> {
  const blocks = cidr ? nextBlocks(cidr, names.length - 1, avoid) : [];
  return Object.fromEntries(names.map((env, i) => [env, i > 0 && blocks[i - 1] ? { network: { cidr: blocks[i - 1] } } : {}]));
}

/** The private ranges of RFC 1918: a VPC in one keeps its environments in the same one. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);
const IPV4 = { cidr: '0.0.0.0/0', first: 0n, last: 2n ** 32n - 1n, mask: 0 };

/**
 * `count` blocks of `cidr`'s size after it, each overlapping neither it, the ones before nor `avoid`;
 * they wrap around inside the private range `cidr` is in (never leaving it for public addresses).
 * Fewer when the range runs out; none for a CIDR that does not parse (validation names it).
 */
export function nextBlocks(cidr: string, count: number, avoid: readonly string[] = []): string[] {
  const base = parseCidr(cidr);
  if (!base) return [];
  const range = PRIVATE_RANGES.find((r) => contains(r, base)) ?? IPV4;
  const size = sizeOf(base);
  const taken: CidrRange[] = [base, ...avoid.map((c) => parseCidr(c)).filter((c): c is CidrRange => c !== undefined)];
  const blocks: string[] = [];
  const slots = sizeOf(range) / size;
  for (let step = 1n; step < slots && blocks.length < count; step++) {
    const block = cidrAt(range.first + ((base.first - range.first + step * size) % (slots * size)), base.mask);
    if (taken.some((t) => overlaps(t, block))) continue;
    taken.push(block);
    blocks.push(block.cidr);
  }
  return blocks;
}

/**
 * The entry the README offers for one more environment: "stg" (or the next free name) with the next
 * free VPC CIDR when the VPC is created.
 */
export function addEnvironmentExample(validated: ValidatedConfig): string {
  const names = Object.keys(validated.config.environments ?? {});
  const env = ['stg', 'qa', 'test', 'staging'].find((n) => !names.includes(n)) ?? `env${names.length + 1}`;
  const configs = (validated.environments ?? []).map((e) => e.validated.config);
  const created = configs.flatMap((c) => (c.network.existing ? [] : [c.network.cidr]));
  const [cidr] = created.length > 0 ? nextBlocks(created[0], 1, [...created, ...cidrsIn(validated.config.pattern), ...cidrsIn(validated.config.with)]) : [];
  return `"${env}": ${cidr ? `{ "network": { "cidr": "${cidr}" } }` : '{}'}`;
}

/** Every IPv4 CIDR written in a value (a pattern's options: peerCidr, consumerCidr...). */
export function cidrsIn(value: unknown): string[] {
  if (typeof value === 'string') return parseCidr(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(cidrsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(cidrsIn);
  return [];
}

/**
 * `--environments` as given: names, each once. Issues of the config's own validation of them (name
 * pattern, stack name budget, a merged environment that does not validate) come from `validate`,
 * named after the environment, so that one message names the flag and the fix.
 */
export function environmentNameIssues(names: readonly string[], configIssues: readonly ConfigIssue[]): string[] {
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const env of names) {
    if (seen.has(env)) messages.push(`"${env}" is listed twice; name each environment once`);
    seen.add(env);
  }
  for (const issue of configIssues) {
    const match = /^environments(?:\.([^.\s([]+))?(.*)$/.exec(issue.field);
    if (!match) continue;
    const [, env, rest] = match;
    const where = rest.replace(/^\.|^ \((.*)\)$/, '$1');
    messages.push(`${env ? `"${env}"${where ? ` (${where})` : ''}: ` : ''}${issue.message}`);
  }
  return messages;
}

/** The ConfigError for a bad --environments, naming the flag. */
export function environmentsError(value: string, messages: string[]): ConfigError {
  return new ConfigError(messages.map((message) => ({ field: '--environments', value, message })), 'flags');
}

/** One environment's stack as the README table and the `new` summary show it. */
export interface EnvironmentRow {
  env: string;
  stack: string;
  region: string;
  /** The VPC created, or the existing VPC's id (and CIDR when known). */
  vpc: string;
  azs: string;
  egress: string;
  /** NAT gateways and NAT instances in its Terraform. */
  nats: number;
  cost: CostEstimate;
  monthly: string;
  /** Where its state lives: a local file (relative to the project) or an S3 URL. */
  state: string;
}

/** A row per environment, from each one's validated config and synthesized Terraform; none without environments. */
export function environmentRows(validated: ValidatedConfig, generated: readonly Pick<SynthStack, 'name' | 'json'>[]): EnvironmentRow[] | undefined {
  if (!validated.environments) return undefined;
  return validated.environments.map(({ env, validated: { config } }) => {
    const json = generated.find((s) => s.name === config.name)!.json as TerraformJson;
    const cost = estimateMonthlyCost(json, config.region);
    const existing = config.network.existing;
    return {
      env,
      stack: config.name,
      region: config.region,
      vpc: existing ? `${existing.vpcId}${existing.vpcCidr ? ` (${existing.vpcCidr})` : ''}` : config.network.cidr,
      azs: config.availabilityZones.join(', ') || "its subnets' AZs",
      egress: config.egress.type + (config.egress.perAz ? ', per AZ' : ''),
      nats: natCount(json),
      cost,
      monthly: money(cost.totalMonthly),
      state: stateOf(config),
    };
  });
}

/** NAT gateways, and instances that forward (source/destination check off: NAT instances). */
function natCount(json: TerraformJson): number {
  const resources = json.resource ?? {};
  const instances = Object.values(resources.aws_instance ?? {}).filter((i) => i.source_dest_check === false);
  return Object.keys(resources.aws_nat_gateway ?? {}).length + instances.length;
}

/** The state file at the project root (the backend's path is relative to cdktf.out/stacks/<stack>/), or the S3 object. */
function stateOf(config: ValidatedConfig['config']): string {
  return stateLocation(backendSettings(config.backend, config.name, config.region)).replace(/^(\.\.\/){3}/, '');
}
