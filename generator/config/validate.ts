/**
 * Turns raw JSON (a file, or answers from the wizard and flags) into a VpcLambdaConfig, or throws a
 * ConfigError listing every problem at once. Nothing is built before this passes.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { findPattern, PATTERN_IDS, PATTERNS } from '../catalog';
import { capabilityIds, checkComposition, NOT_CAPABILITIES, refinePart, stackParts, type StackPart } from '../catalog/compose';
import { EgressSchema, hasInternet, resolveEgress, type EgressConfig } from '../catalog/egress';
import type { PatternSpec } from '../catalog/types';
import { checkEnvironment, checkS3Backend, checkTags } from '../safety/limits';
import { relativePathProblem } from '../safety/paths';
import { findSecrets, SECRET_FIX } from '../safety/secrets';
import { checkSubnetCapacity } from './capacity';
import { checkExistingNetwork, withFacts, type ExistingSubnet, type VpcFacts } from './existing';
import { allocate, canonicalCidr, contains, overlaps, parseCidr, type CidrRange } from './cidr';
import { closest, ConfigError, fieldPath, type ConfigIssue } from './errors';
import { validateEnvironments, type ValidatedEnvironment } from './environments';
import { azNamesOf, defaultAzs, KNOWN_REGIONS } from './regions';
import {
  ConfigSchema,
  MAX_AZ_COUNT,
  MAX_FUNCTION_NAME_LENGTH,
  MIN_AZ_COUNT,
  type CreatedNetworkConfig,
  type ExistingNetworkConfig,
  type IssueSink,
  type VpcLambdaConfig,
} from './schema';

export interface SubnetPlanEntry {
  az: string;
  privateCidr: string;
  /** Only when the pattern has internet egress (NAT lives in the public subnets). */
  publicCidr?: string;
}

export interface ValidatedConfig {
  config: VpcLambdaConfig;
  /** The subnets the stack creates, one per AZ; none with network.existing. */
  subnets: SubnetPlanEntry[];
  /** With network.existing: its Lambda subnets, with the CIDR and AZ the config or the facts give. */
  existingSubnets?: ExistingSubnet[];
  /** With `environments`: each environment's stack, validated as a config of its own, in config order. */
  environments?: ValidatedEnvironment<ValidatedConfig>[];
}

export interface ValidateOptions {
  /** What a snapshot says of an existing VPC: the ids are checked against it, and capacity uses its sizes. */
  facts?: VpcFacts;
}

export function validateConfig(raw: unknown, source = 'config', options: ValidateOptions = {}): ValidatedConfig {
  const validated = validateStack(raw, source, options);
  const environments = validated.config.environments;
  if (environments === undefined) return validated;
  if (Object.keys(environments).length === 0) {
    throw new ConfigError([{ field: 'environments', value: environments, message: 'names no environment; add one ({ "dev": {} }) or remove the field for a single stack' }], source);
  }
  // Each environment is the config with its overrides, validated the same way, the facts included.
  // A snapshot describes one VPC: an environment in another (its own network.existing) is checked without it.
  const factsFor = (merged: Record<string, any>) => (options.facts && merged.network?.existing?.vpcId === options.facts.vpcId ? options : {});
  const checked = validateEnvironments(raw as Record<string, any>, environments, (merged) => validateStack(merged, source, factsFor(merged as Record<string, any>)));
  if (checked.issues.length > 0) throw new ConfigError(checked.issues, source);
  return {
    ...validated,
    environments: checked.environments.map(({ env, validated: v }) => ({ env, validated: { ...v, config: { ...v.config, environment: env } } })),
  };
}

/** One stack's config: everything but `environments`, which only names the stacks to validate this way. */
function validateStack(raw: unknown, source: string, options: ValidateOptions): ValidatedConfig {
  const issues: ConfigIssue[] = [];
  const issue: IssueSink = (path, message) => issues.push({ field: fieldPath(path), message, value: valueAt(raw, path) });

  // Secrets first, anywhere in the input: the message redacts the value and says where it belongs.
  const secrets = findSecrets(raw).map((s) => ({ field: fieldPath(s.path) || '(top level)', message: `${s.what} is a secret: ${SECRET_FIX}`, value: valueAt(raw, s.path) }));
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) issues.push(fromZodIssue(zi, raw, ConfigSchema));
    throw new ConfigError(withSecrets(issues, secrets), source);
  }
  const base = parsed.data;

  // Region and availability zones.
  const regionAzs = azNamesOf(base.region);
  if (regionAzs.length === 0) {
    const hint = closest(base.region, KNOWN_REGIONS);
    issue(['region'], `unknown AWS region; ${hint ? `did you mean "${hint}"? ` : ''}known regions: ${KNOWN_REGIONS.join(', ')}`);
  }
  const existing = base.network.existing;
  // With network.existing the subnets' own AZs count: names listed are hints (checked there), a count means nothing.
  const azInput = base.availabilityZones;
  const azs = existing ? (Array.isArray(azInput) ? azInput : []) : plannedAzs(base.region, azInput, regionAzs, issue);

  // Pattern and its options, the capabilities added to it, and the egress they share.
  let pattern = base.pattern as VpcLambdaConfig['pattern'];
  const spec = findPattern(base.pattern.id);
  if (!spec) {
    const hint = closest(base.pattern.id, PATTERN_IDS);
    issue(['pattern', 'id'], `unknown pattern; ${hint ? `did you mean "${hint}"? ` : ''}use one of ${PATTERN_IDS.join(', ')}`);
  } else {
    pattern = parseOptions(spec, base.pattern, ['pattern'], raw, issues) ?? pattern;
  }
  const capabilities = parseCapabilities(base.with, base.pattern.id, raw, issues, issue);
  const rawEgress = EgressSchema.safeParse(base.egress ?? {});
  if (!rawEgress.success) for (const zi of rawEgress.error.issues) issues.push(fromZodIssue({ ...zi, path: ['egress', ...zi.path] }, raw, ConfigSchema, { at: ['egress'], schema: EgressSchema }));
  let egress: EgressConfig = { type: 'none' };
  if (spec && rawEgress.success) ({ egress, options: pattern } = resolveEgress(rawEgress.data, spec.egress, spec.id, pattern, issue) as { egress: EgressConfig; options: VpcLambdaConfig['pattern'] });

  // Functions.
  // An adopted function keeps its code where it is unless a source is given.
  const functions = base.functions.map((fn) => ({ ...fn, source: fn.source ?? (fn.adopt ? undefined : `functions/${fn.name}`) }));
  const seen = new Set<string>();
  const adopted = new Map<string, number>();
  functions.forEach((fn, i) => {
    if (seen.has(fn.name)) issue(['functions', i, 'name'], 'function names must be unique; rename one of them');
    seen.add(fn.name);
    if (fn.source !== undefined) {
      const sourceProblem = relativePathProblem(fn.source);
      if (sourceProblem) issue(['functions', i, 'source'], `${sourceProblem}, for example "functions/${fn.name}"`);
      else if (path.posix.normalize(fn.source.replace(/\\/g, '/')) === '.') issue(['functions', i, 'source'], `is the project folder itself; put the code in a folder of its own, for example "functions/${fn.name}"`);
    }
    checkEnvironment(fn.environment, ['functions', i, 'environment'], issue);
    if (fn.adopt) {
      const twin = adopted.get(fn.adopt.functionName);
      if (twin !== undefined) issue(['functions', i, 'adopt', 'functionName'], `functions[${twin}] adopts ${fn.adopt.functionName} already; adopt each function once`);
      adopted.set(fn.adopt.functionName, i);
      return;
    }
    const awsName = `${base.name}-${fn.name}`;
    if (awsName.length > MAX_FUNCTION_NAME_LENGTH) {
      issue(['functions', i, 'name'], `the AWS name "${awsName}" is ${awsName.length} characters; AWS allows ${MAX_FUNCTION_NAME_LENGTH}: shorten it`);
    }
  });

  // The local state path is relative to cdktf.out/stacks/<stack>; it must stay in the project.
  if (base.backend.type === 'local' && base.backend.path !== undefined) {
    const problem = relativePathProblem(base.backend.path, `cdktf.out/stacks/${base.name}`);
    if (problem) issue(['backend', 'path'], `${problem} (it is relative to cdktf.out/stacks/${base.name}), for example "../../../terraform.tfstate"`);
  }
  if (base.backend.type === 's3') checkS3Backend(base.backend, issue);
  checkTags(base.tags, issue);

  if (base.ssmHostDiagnostics && !base.ssmHost) {
    issue(['ssmHostDiagnostics'], 'opens diagnostics egress for the SSM debug host, and there is none: set ssmHost to true (--ssm-host), or drop it');
  }

  // The config in field order: the pattern, then its egress and capabilities.
  const shaped = (network: VpcLambdaConfig['network']): VpcLambdaConfig =>
    inSchemaOrder<VpcLambdaConfig>({ ...base, network, availabilityZones: azs, functions, pattern, egress, with: capabilities });
  const checkParts = (checked: VpcLambdaConfig, parts: StackPart[]) => {
    checkComposition(checked, parts, egress.type, issue);
    if (issues.length === 0) for (const part of parts) refinePart(part, checked, issue);
  };

  if (existing) {
    // Only the existing VPC: the created-VPC defaults zod filled in describe nothing here.
    const config = shaped({ existing });
    const parts = stackParts(config);
    const existingSubnets = checkExistingNetwork(raw, config as VpcLambdaConfig & { network: { existing: ExistingNetworkConfig } }, spec ? parts : undefined, options.facts, issue);
    const checked = withFacts(config, existingSubnets, options.facts);
    if (spec && issues.length === 0) checkParts(checked, parts);
    const sized = existingSubnets.map((s, i) => ({ az: s.az ?? s.id, privateCidr: s.cidr, field: ['network', 'existing', existing.subnetCidrs ? 'subnetCidrs' : 'subnetIds', i] }));
    if (spec && issues.length === 0) checkSubnetCapacity(checked, sized, parts, issue);
    if (issues.length > 0 || secrets.length > 0) throw new ConfigError(withSecrets(issues, secrets), source);
    return { config, subnets: [], existingSubnets };
  }

  const { existing: _none, ...created } = base.network;
  const config = shaped(created);
  const parts = stackParts(config);
  const subnets = spec && azs.length > 0 ? planSubnets({ network: created, availabilityZones: azs }, hasInternet(egress.type), issue) : [];
  if (spec && issues.length === 0) checkParts(config, parts);
  // Last: it needs valid pattern options and a subnet plan.
  if (spec && issues.length === 0) checkSubnetCapacity(config, subnets, parts, issue);

  if (issues.length > 0 || secrets.length > 0) throw new ConfigError(withSecrets(issues, secrets), source);
  return { config, subnets };
}

/** The config's fields in the schema's order (egress and with right after pattern), so saved files read top-down. */
function inSchemaOrder<T extends object>(config: T): T {
  const order = Object.keys(ConfigSchema.shape);
  return Object.fromEntries(Object.entries(config).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))) as T;
}

/** A catalog entry's options, parsed by its own schema; issues at `at` (["pattern"], ["with", i]). */
function parseOptions(spec: PatternSpec, given: unknown, at: (string | number)[], raw: unknown, issues: ConfigIssue[]): VpcLambdaConfig['pattern'] | undefined {
  const parsed = spec.options.safeParse(given);
  if (parsed.success) return parsed.data;
  for (const zi of parsed.error.issues) issues.push(fromZodIssue({ ...zi, path: [...at, ...zi.path] }, raw, ConfigSchema, { at, schema: spec.options }));
  return undefined;
}

/**
 * `with`: each entry a catalog entry that can join a stack (not the main pattern, not twice), its
 * options parsed by its own schema. The stack's egress is chosen once: an entry's own egress fields
 * (sns-slack's `nat`) are refused here.
 */
function parseCapabilities(entries: { id: string }[], mainId: string, raw: unknown, issues: ConfigIssue[], issue: IssueSink): VpcLambdaConfig['with'] {
  const ids = capabilityIds(PATTERNS);
  return entries.flatMap((entry, i) => {
    const at = ['with', i];
    const spec = findPattern(entry.id);
    if (!spec || entry.id in NOT_CAPABILITIES) {
      const hint = closest(entry.id, ids);
      issue([...at, 'id'], NOT_CAPABILITIES[entry.id] ?? `unknown capability; ${hint ? `did you mean "${hint}"? ` : ''}use one of ${ids.join(', ')}`);
      return [];
    }
    if (entry.id === mainId) {
      issue([...at, 'id'], `is the main pattern already; remove it from with (its options are in pattern)`);
      return [];
    }
    if (entries.findIndex((e) => e.id === entry.id) < i) {
      issue([...at, 'id'], `listed twice; a stack has one ${entry.id}: remove one`);
      return [];
    }
    for (const field of Object.keys(spec.egress.legacyFields ?? {})) {
      if ((entry as Record<string, unknown>)[field] !== undefined) issue([...at, field], 'the egress is the stack\'s, set once: drop it here and set egress (--egress, --nat-per-az...) instead');
    }
    const options = parseOptions(spec, entry, at, raw, issues);
    return options ? [options] : [];
  });
}

/** Secret findings, unless the same field already has an issue (which redacts the value too). */
function withSecrets(issues: ConfigIssue[], secrets: ConfigIssue[]): ConfigIssue[] {
  const fields = new Set(issues.map((i) => i.field));
  return [...secrets.filter((s) => !fields.has(s.field)), ...issues];
}

/** The AZs of the subnets to create: names as given, or the region's first N. */
function plannedAzs(region: string, azInput: number | string[], regionAzs: string[], issue: IssueSink): string[] {
  let azs: string[] = [];
  const azCount = typeof azInput === 'number' ? azInput : azInput.length;
  if (azCount < MIN_AZ_COUNT || azCount > MAX_AZ_COUNT) {
    issue(['availabilityZones'], `use ${MIN_AZ_COUNT}–${MAX_AZ_COUNT} availability zones`);
  } else if (typeof azInput === 'number') {
    azs = defaultAzs(region, azInput);
    if (regionAzs.length > 0 && azs.length < azInput) {
      issue(['availabilityZones'], `${region} has only ${regionAzs.length} AZs (${regionAzs.join(', ')}); use at most ${regionAzs.length}`);
    }
  } else {
    azs = azInput;
    azInput.forEach((az, i) => {
      if (regionAzs.length > 0 && !regionAzs.includes(az)) {
        issue(['availabilityZones', i], `not an AZ of ${region}; use one of ${regionAzs.join(', ')}`);
      }
    });
    if (new Set(azInput).size !== azInput.length) issue(['availabilityZones'], 'list each AZ once');
  }
  if (azCount === 1) {
    issue(['availabilityZones'], 'Lambda subnets must span at least 2 AZs so one AZ outage does not stop the functions; use 2 or more');
  }
  return azs;
}

/**
 * Derives (or checks the explicit) subnet CIDRs: one private subnet per AZ, and one public when needed.
 * Exported for the wizard, which shows the plan before the pattern's own options are known.
 */
export function planSubnets(config: { network: CreatedNetworkConfig; availabilityZones: string[] }, withPublic: boolean, issue: IssueSink): SubnetPlanEntry[] {
  const { network } = config;
  const vpc = parseCidr(network.cidr);
  if (!vpc) {
    const fixed = canonicalCidr(network.cidr);
    issue(['network', 'cidr'], fixed ? `host bits are set; did you mean "${fixed}"?` : 'not an IPv4 CIDR; use a network like "10.0.0.0/16"');
    return [];
  }
  if (vpc.mask < 16 || vpc.mask > 28) {
    issue(['network', 'cidr'], 'AWS VPCs take a prefix from /16 to /28; use for example 10.0.0.0/16');
    return [];
  }
  const n = config.availabilityZones.length;
  const priv = explicitOrAllocated(vpc, network.privateSubnets, 'privateSubnets', n, issue);
  const pub = withPublic ? explicitOrAllocated(vpc, network.publicSubnets, 'publicSubnets', n, issue) : [];
  let ranges: { field: (string | number)[]; range: CidrRange }[] = [
    ...priv.map((range, i) => ({ field: ['network', 'privateSubnets', i], range })),
    ...pub.map((range, i) => ({ field: ['network', 'publicSubnets', i], range })),
  ];

  if (!network.privateSubnets && !(withPublic && network.publicSubnets)) {
    // Both derived: allocate them together so they never collide.
    const masks = [...Array(n).fill(network.privateSubnetMask), ...(withPublic ? Array(n).fill(network.publicSubnetMask) : [])];
    const blocks = allocate(vpc, masks);
    if (!blocks) {
      const needed = masks.reduce((sum, m) => sum + 2 ** (32 - m), 0);
      issue(
        ['network', 'cidr'],
        `${n} private /${network.privateSubnetMask}${withPublic ? ` and ${n} public /${network.publicSubnetMask}` : ''} subnets need ${needed.toLocaleString('en-US')} addresses but the VPC has ${(2 ** (32 - vpc.mask)).toLocaleString('en-US')}; use a larger VPC CIDR or raise network.privateSubnetMask/publicSubnetMask`,
      );
      return [];
    }
    ranges = blocks.map((range, i) => ({
      field: i < n ? ['network', 'privateSubnets', i] : ['network', 'publicSubnets', i - n],
      range,
    }));
  }

  // Whatever their origin, subnets must sit inside the VPC and not overlap.
  for (const [i, a] of ranges.entries()) {
    if (!contains(vpc, a.range)) issue(a.field, `${a.range.cidr} is outside the VPC CIDR ${vpc.cidr}; pick a subnet inside it`);
    for (const b of ranges.slice(i + 1)) {
      if (overlaps(a.range, b.range)) issue(b.field, `${b.range.cidr} overlaps ${a.range.cidr} (${fieldPath(a.field)}); give each subnet its own range`);
    }
  }
  const byField = (kind: string) => ranges.filter((r) => r.field[1] === kind).map((r) => r.range.cidr);
  const privates = byField('privateSubnets');
  const publics = byField('publicSubnets');
  return config.availabilityZones.map((az, i) => ({ az, privateCidr: privates[i], ...(withPublic ? { publicCidr: publics[i] } : {}) }));
}

function explicitOrAllocated(
  vpc: CidrRange,
  explicit: string[] | undefined,
  field: string,
  azCount: number,
  issue: IssueSink,
): CidrRange[] {
  if (!explicit) return [];
  if (explicit.length !== azCount) {
    issue(['network', field], `give one subnet per AZ: ${azCount} expected, ${explicit.length} given`);
    return [];
  }
  const ranges: CidrRange[] = [];
  explicit.forEach((cidr, i) => {
    const range = parseCidr(cidr);
    if (range) ranges.push(range);
    else {
      const fixed = canonicalCidr(cidr);
      issue(['network', field, i], fixed ? `host bits are set; did you mean "${fixed}"?` : `not an IPv4 CIDR; use a subnet of ${vpc.cidr}`);
    }
  });
  return ranges;
}

// --- zod issues → ConfigIssue -------------------------------------------------------------------

/** `sub`: the schema of a field the root schema passes through (pattern options, a capability's, egress), and where it is. */
function fromZodIssue(zi: z.ZodIssue, raw: unknown, root: z.ZodTypeAny, sub?: { at: (string | number)[]; schema: z.ZodTypeAny }): ConfigIssue {
  const field = fieldPath(zi.path);
  if (zi.code === 'unrecognized_keys') {
    const inSub = sub && sub.at.every((part, i) => zi.path[i] === part);
    const schemaAt = inSub ? schemaAtPath(sub!.schema, zi.path.slice(sub!.at.length)) : schemaAtPath(root, zi.path);
    const known = knownKeys(schemaAt);
    const parts = zi.keys.map((key) => {
      const hint = closest(key, known);
      return `"${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
    });
    return {
      field: field || '(top level)',
      message: `unknown key ${parts.join(', ')}; remove it or fix the spelling. Allowed keys: ${known.join(', ')}`,
    };
  }
  const value = valueAt(raw, zi.path);
  let message = zi.message;
  if (zi.code === 'invalid_type' && zi.received === 'undefined') message = `required; add "${zi.path[zi.path.length - 1]}" (${zi.expected})`;
  else if (zi.code === 'invalid_type') message = `expected ${zi.expected}, got ${zi.received}`;
  else if (zi.code === 'invalid_enum_value') message = `use one of ${zi.options.join(', ')}`;
  return { field, message, value };
}

function unwrap(schema: z.ZodTypeAny | undefined): z.ZodTypeAny | undefined {
  let s = schema;
  while (s && (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodEffects)) {
    s = s instanceof z.ZodEffects ? s.innerType() : s._def.innerType;
  }
  return s;
}

function schemaAtPath(root: z.ZodTypeAny, path: (string | number)[]): z.ZodTypeAny | undefined {
  let s: z.ZodTypeAny | undefined = unwrap(root);
  for (const part of path) {
    if (s instanceof z.ZodObject) s = unwrap(s.shape[part as string]);
    else if (s instanceof z.ZodArray) s = unwrap(s.element);
    else return undefined;
  }
  return s;
}

function knownKeys(schema: z.ZodTypeAny | undefined): string[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) return Object.keys(s.shape);
  if (s instanceof z.ZodDiscriminatedUnion) {
    return [...new Set((s.options as z.ZodObject<z.ZodRawShape>[]).flatMap((o) => Object.keys(o.shape)))];
  }
  return [];
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = raw;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[part];
  }
  return v;
}
