/**
 * Answers of `new` (flags, the wizard's prompts, a --config file) → the raw config that validateConfig
 * checks. An answer left undefined means "the default", so Enter in the wizard, --yes and the same
 * values given as flags all produce the same config.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { findPattern, PATTERNS, type PatternSpec } from '../catalog';
import { defaultFunctionsOf } from '../catalog/compose';
import { EGRESS_FLAGS, splitLegacyEgress, type RawEgress } from '../catalog/egress';
import { ConfigError, type ConfigIssue } from '../config/errors';
import { cidrsIn, newEnvironments } from './environments';
import {
  DEFAULT_AZ_COUNT,
  DEFAULT_MEMORY_MB,
  DEFAULT_REGION,
  DEFAULT_RUNTIME,
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_VPC_CIDR,
  type RawConfig,
} from '../config/schema';

export interface NewAnswers {
  dir: string;
  name?: string;
  pattern: string;
  region?: string;
  /** A count ("3") or comma-separated AZ names. */
  azs?: string;
  cidr?: string;
  /** Function names; the pattern's sample functions when absent. */
  functions?: string[];
  /** Existing functions to take over (--adopt-function): "NAME" or "NAME:live". */
  adopt?: string[];
  runtime?: string;
  memory?: number;
  timeout?: number;
  ssmHost?: boolean;
  /** An existing VPC instead of a new one (--vpc-id ...); undefined: a new VPC, or the base config's network. */
  existing?: ExistingNetworkAnswers;
  /** Values of pattern flags, by flag name ("efs-root-path"): each sets its field in every entry (pattern or capability) that has the flag. */
  patternFlags: Record<string, unknown>;
  /** Capabilities added to the pattern (--with), by catalog id; undefined: the --config file's (same pattern), else none. */
  with?: string[];
  /** Values of egress flags, by flag name ("egress", "nat-per-az", "egress-ports"); undefined ones keep the default. */
  egressFlags?: Record<string, unknown>;
  /** Diagnostics egress for the SSM host (--ssm-host-diagnostics). */
  ssmHostDiagnostics?: boolean;
  /** Environment names (--environments); [] for one stack; undefined: the --config file's, else one stack. */
  environments?: string[];
  /** The config `--config FILE` starts from: whatever the answers leave undefined comes from here. */
  base?: RawConfig;
}

type RawFunction = RawConfig['functions'][number];

/** The ids of an existing VPC, as --vpc-id, --subnet-ids, --route-table-ids and --public-subnet-id give them. */
export interface ExistingNetworkAnswers {
  vpcId: string;
  subnetIds: string[];
  routeTableIds?: string[];
  publicSubnetId?: string;
}

/** The function a pattern gets when it names none (every catalog pattern names some). */
const FALLBACK_FUNCTION_NAMES = ['api'];

/** A stack name derived from the directory: "My App" → "my-app". */
export function nameFromDir(dir: string): string {
  return path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 20)
    .replace(/-+$/, '');
}

export function parseAzs(value: string | undefined): number | string[] {
  if (value === undefined || value === '') return DEFAULT_AZ_COUNT;
  if (/^\d+$/.test(value.trim())) return Number(value);
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** "a, b,,c" → ["a", "b", "c"]. */
export function parseList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Flags that belong to no entry of the stack (the pattern or a capability) are mistakes, not silently ignored. */
export function checkPatternFlags(specs: PatternSpec[], given: Record<string, unknown>): void {
  const issues: ConfigIssue[] = [];
  const ids = specs.map((s) => s.id);
  for (const flag of Object.keys(given)) {
    if (given[flag] === undefined || specs.some((s) => s.flags[flag])) continue;
    const owners = PATTERNS.filter((p) => p.flags[flag]).map((p) => p.id);
    issues.push({ field: `--${flag}`, message: `applies to pattern ${owners.join(' or ')}, not ${ids.join(' with ')}; drop it, pick that pattern, or add it with --with` });
  }
  if (issues.length > 0) throw new ConfigError(issues, 'flags');
}

/** The capability ids of the answers: --with, else the --config file's when it keeps its pattern, else none. */
export function capabilitiesOf(answers: Pick<NewAnswers, 'with' | 'pattern' | 'base'>): string[] {
  return answers.with ?? (basePattern(answers as NewAnswers) ? (answers.base?.with ?? []).map((e) => e.id) : []);
}

/** The catalog entries of the stack the answers describe: the pattern, then each known capability. */
export function specsOf(answers: Pick<NewAnswers, 'with' | 'pattern' | 'base'>): PatternSpec[] {
  return [answers.pattern, ...capabilitiesOf(answers)].map((id) => findPattern(id)).filter((s): s is PatternSpec => s !== undefined);
}

/** The base config's pattern options, when the answers keep its pattern. */
function basePattern(answers: NewAnswers): Record<string, unknown> | undefined {
  const pattern = answers.base?.pattern as Record<string, unknown> | undefined;
  return pattern?.id === answers.pattern ? pattern : undefined;
}

/** The defaults each question offers: from the --config file when it has the value, else built in. */
export function defaultsOf(answers: Pick<NewAnswers, 'dir' | 'pattern' | 'base'>) {
  const base = answers.base;
  const fns = functionBase(answers as NewAnswers);
  const azs = baseAzs(answers as NewAnswers);
  return {
    name: base?.name ?? nameFromDir(answers.dir),
    region: base?.region ?? DEFAULT_REGION,
    azs: azs === undefined ? String(DEFAULT_AZ_COUNT) : Array.isArray(azs) ? azs.join(',') : String(azs),
    cidr: base?.network?.cidr ?? DEFAULT_VPC_CIDR,
    functions: fns.oldNames,
    runtime: fns.functions?.[0]?.runtime ?? DEFAULT_RUNTIME,
    memory: fns.functions?.[0]?.memoryMb ?? DEFAULT_MEMORY_MB,
    timeout: fns.functions?.[0]?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    ssmHost: base?.ssmHost ?? false,
    ssmHostDiagnostics: base?.ssmHostDiagnostics ?? false,
  };
}

/**
 * The base config's AZs for these answers: AZ names belong to a region, so when the answers move the
 * stack to another region only their count carries over.
 */
function baseAzs(answers: NewAnswers): RawConfig['availabilityZones'] | undefined {
  const azs = answers.base?.availabilityZones;
  const moved = answers.region !== undefined && answers.region !== (answers.base?.region ?? DEFAULT_REGION);
  return Array.isArray(azs) && moved ? azs.length : azs;
}

/** The default value of one pattern option: the flag's own default, else the schema's. */
export function patternOptionDefault(spec: PatternSpec, field: string): unknown {
  const flag = Object.values(spec.flags).find((f) => f.field === field);
  if (flag?.default !== undefined) return flag.default;
  const schema = optionsShape(spec)[field];
  const parsed = schema?.safeParse(undefined);
  return parsed?.success ? parsed.data : undefined;
}

/** The zod shape of a pattern's options (through .refine/.superRefine wrappers). */
export function optionsShape(spec: PatternSpec): Record<string, z.ZodTypeAny> {
  let s: z.ZodTypeAny = spec.options;
  while (s instanceof z.ZodEffects) s = s.innerType();
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodTypeAny>) : {};
}

/** The base functions (when the pattern is kept) and the names a rename is measured against. */
function functionBase(answers: NewAnswers): { functions?: RawFunction[]; oldNames: string[] } {
  const specs = specsOf(answers);
  const baseFns = basePattern(answers) && answers.base?.functions?.length ? answers.base.functions : undefined;
  const defaults = defaultFunctionsOf(specs.map((spec) => ({ spec }))).map((f) => f.name);
  return { functions: baseFns, oldNames: baseFns ? baseFns.map((f) => f.name) : defaults.length > 0 ? defaults : FALLBACK_FUNCTION_NAMES };
}

/** One entry's options: the --config file's (when kept), then the flags it owns; returns the fields the flags set. */
function applyFlags(spec: PatternSpec, entry: Record<string, unknown>, flags: Record<string, unknown>): Set<string> {
  const given = new Set<string>();
  for (const [flag, def] of Object.entries(spec.flags)) {
    const value = flags[flag];
    if (value !== undefined) {
      entry[def.field] = coerceFlag(value, def.type);
      given.add(def.field);
    } else if (def.default !== undefined && entry[def.field] === undefined) {
      entry[def.field] = coerceFlag(def.default, def.type);
    }
  }
  return given;
}

/**
 * The --config file's egress when its pattern is `spec` (kept): an earlier version's fields in its
 * pattern read as egress fields, then its own `egress`; nothing when the pattern changes.
 */
export function baseEgressOf(base: Partial<RawConfig> | undefined, spec: PatternSpec): RawEgress {
  if (base?.pattern?.id !== spec.id) return {};
  return { ...splitLegacyEgress(spec.egress, base.pattern).egress, ...(base.egress as RawEgress | undefined) };
}

export function answersToRawConfig(answers: NewAnswers): RawConfig {
  const spec = findPattern(answers.pattern);
  const { generatedFiles: _generated, egress: _egress, with: baseWith, ...base } = answers.base ?? ({} as Partial<RawConfig>);
  const kept = basePattern(answers);
  let pattern: { id: string } & Record<string, unknown> = { ...(kept ?? {}), id: answers.pattern };
  // Egress: an earlier version's fields in the kept pattern move to `egress`, then the --config file's egress, then the flags.
  const egress: Record<string, unknown> = {};
  if (spec) {
    pattern = splitLegacyEgress(spec.egress, pattern).options;
    Object.assign(egress, baseEgressOf(answers.base, spec));
  }
  for (const [flag, def] of Object.entries(EGRESS_FLAGS)) {
    const value = answers.egressFlags?.[flag];
    if (value !== undefined) egress[def.field] = coerceFlag(value, def.type);
  }
  const entries = capabilitiesOf(answers).map((id) => {
    const own = kept ? baseWith?.find((e) => e.id === id) : undefined;
    return { spec: findPattern(id), entry: { ...(own ?? {}), id } as { id: string } & Record<string, unknown> };
  });
  const givenFields = spec ? applyFlags(spec, pattern, answers.patternFlags) : new Set<string>();
  const givenOf = entries.map(({ spec: s, entry }) => (s ? applyFlags(s, entry, answers.patternFlags) : new Set<string>()));

  const fns = functionBase(answers);
  const names = answers.functions ?? fns.oldNames;
  if (spec) followRenames(spec, pattern, givenFields, fns.oldNames, names);
  entries.forEach(({ spec: s, entry }, i) => s && followRenames(s, entry, givenOf[i], fns.oldNames, names));
  const created = names.map((name) => {
    const own = fns.functions?.find((f) => f.name === name);
    return {
      ...own,
      name,
      runtime: (answers.runtime ?? own?.runtime ?? DEFAULT_RUNTIME) as never,
      memoryMb: answers.memory ?? own?.memoryMb ?? DEFAULT_MEMORY_MB,
      timeoutSeconds: answers.timeout ?? own?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    };
  });
  const functions = [...created, ...adoptedFunctions(answers.adopt ?? [])];
  const network = networkOf(answers, base);
  const { environments: _baseEnvironments, ...rest } = base;
  const withEntries = entries.map((e) => e.entry);
  const environments = environmentsOf(answers, base, network.network, [pattern, withEntries]);

  return {
    ...rest,
    name: answers.name ?? base.name ?? nameFromDir(answers.dir),
    region: answers.region ?? base.region ?? DEFAULT_REGION,
    ...network,
    pattern,
    ...(Object.keys(egress).length > 0 ? { egress } : {}),
    ...(entries.length > 0 ? { with: withEntries } : {}),
    functions,
    ssmHost: answers.ssmHost ?? base.ssmHost ?? false,
    ...(answers.ssmHostDiagnostics !== undefined ? { ssmHostDiagnostics: answers.ssmHostDiagnostics } : {}),
    ...(environments ? { environments } : {}),
  };
}

/**
 * `environments`: the --config file's when --environments is not answered; none for an empty answer;
 * else each name, keeping the --config file's overrides of a name it has, the others starting with
 * a VPC CIDR of their own when the VPC is created (apart from CIDRs the options name: a peer's).
 */
function environmentsOf(answers: NewAnswers, base: Partial<RawConfig>, network: RawConfig['network'], options: unknown): RawConfig['environments'] {
  if (answers.environments === undefined) return base.environments;
  if (answers.environments.length === 0) return undefined;
  const avoid = [...cidrsIn(options), ...Object.values(base.environments ?? {}).flatMap((e) => cidrsIn(e.network))];
  const fresh = newEnvironments(answers.environments, network?.existing ? undefined : network?.cidr, avoid);
  return Object.fromEntries(answers.environments.map((env) => [env, base.environments?.[env] ?? fresh[env]]));
}

/** --adopt-function NAME[:live] → functions that take over NAME (short name: NAME in lowercase). */
export function adoptedFunctions(specs: readonly string[]): RawFunction[] {
  const issues: ConfigIssue[] = [];
  const functions = specs.map((spec) => {
    const [functionName, alias, ...rest] = spec.split(':');
    if ((alias !== undefined && alias !== 'live') || rest.length > 0) {
      issues.push({ field: '--adopt-function', value: spec, message: 'use the function name, or NAME:live when it already has an alias named live' });
    }
    const name = functionName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '') || 'adopted';
    return { name, adopt: { functionName, ...(alias === 'live' ? { liveAliasExists: true } : {}) } };
  });
  if (issues.length > 0) throw new ConfigError(issues, 'flags');
  return functions;
}

/**
 * `network` and `availabilityZones`: a new VPC's CIDR and AZs, or an existing VPC's ids (the AZs are
 * its subnets' own, listed only as hints). The answers' choice wins over the base config's.
 */
function networkOf(answers: NewAnswers, base: Partial<RawConfig>): Pick<RawConfig, 'network' | 'availabilityZones'> {
  const existing = answers.existing ?? (answers.cidr === undefined ? base.network?.existing : undefined);
  if (existing) {
    const given = answers.azs !== undefined ? parseAzs(answers.azs) : base.network?.existing ? base.availabilityZones : undefined;
    const { vpcCidr, subnetCidrs } = base.network?.existing ?? {};
    const sameVpc = base.network?.existing?.vpcId === existing.vpcId;
    return {
      availabilityZones: Array.isArray(given) ? given : [],
      network: { existing: dropUndefined({ ...existing, ...(sameVpc ? { vpcCidr, subnetCidrs } : {}) }) as ExistingNetworkAnswers },
    };
  }
  const { existing: _existing, ...created } = base.network ?? {};
  return {
    availabilityZones: answers.azs !== undefined ? parseAzs(answers.azs) : (base.network?.existing ? DEFAULT_AZ_COUNT : (baseAzs(answers) ?? DEFAULT_AZ_COUNT)),
    network: { ...created, cidr: answers.cidr ?? created.cidr ?? DEFAULT_VPC_CIDR },
  };
}

/** Absent, not undefined, so a saved config has no empty keys. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Pattern options that name a function by default ("caller", "target") follow its rename, unless a
 * flag set them in this run. Generic: any option whose value is a renamed function's old name. The
 * i-th name renames the i-th old one, unless the old name is still among the names.
 */
function followRenames(spec: PatternSpec, pattern: Record<string, unknown>, givenFields: Set<string>, oldNames: string[], names: string[]): void {
  const renames = new Map<string, string>();
  oldNames.slice(0, names.length).forEach((old, i) => old !== names[i] && !names.includes(old) && renames.set(old, names[i]));
  if (renames.size === 0) return;
  const rename = (v: unknown) => (typeof v === 'string' && renames.has(v) ? renames.get(v)! : v);
  for (const field of Object.keys(optionsShape(spec))) {
    if (field === 'id' || givenFields.has(field)) continue;
    const current = field in pattern ? pattern[field] : patternOptionDefault(spec, field);
    const next = Array.isArray(current) ? current.map(rename) : rename(current);
    if (JSON.stringify(next) !== JSON.stringify(current)) pattern[field] = next;
  }
}

export function coerceFlag(value: unknown, type: string): unknown {
  if (type === 'list' && typeof value === 'string') return parseList(value);
  if (type === 'list' && Array.isArray(value)) return [...value];
  return value;
}
