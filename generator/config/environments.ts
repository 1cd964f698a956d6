/**
 * Environments: one config, several stacks (`<name>-<env>`), each the base config with its
 * environment's overrides merged in and validated as a config of its own. The stack name carries the
 * environment, so every physical name derived from it does too, and no two stacks of one config share
 * a name (or a state file) in one account.
 */
import { backendSettings, stateLocation } from '../backend';
import { findPattern } from '../catalog';
import { splitLegacyEgress } from '../catalog/egress';
import { ConfigError, fieldPath, type ConfigIssue } from './errors';
import { MAX_STACK_NAME_LENGTH, STACK_NAME_PATTERN, type EnvironmentOverrides } from './schema';

/** The stack of one environment. */
export function environmentStackName(name: string, env: string): string {
  return `${name}-${env}`;
}

/**
 * The raw config of one environment: the base (without `environments`) with the overrides merged
 * in, named `<name>-<env>`.
 */
export function environmentRaw(base: Record<string, any>, env: string, overrides: EnvironmentOverrides): Record<string, any> {
  const { environments: _all, generatedFiles: _files, ...rest } = base;
  const raw: Record<string, any> = structuredClone(rest);
  raw.name = environmentStackName(base.name, env);
  const { functions, network, egress, pattern, region, availabilityZones, ...plain } = overrides;
  Object.assign(raw, structuredClone(plain));
  if (region !== undefined) {
    raw.region = region;
    // AZ names belong to the base region: another region keeps their count.
    if (availabilityZones === undefined && Array.isArray(raw.availabilityZones)) raw.availabilityZones = raw.availabilityZones.length;
  }
  if (availabilityZones !== undefined) raw.availabilityZones = availabilityZones;
  if (network) raw.network = network.existing ? structuredClone(network) : merge(raw.network ?? {}, network);
  if (pattern) raw.pattern = { ...merge(raw.pattern ?? {}, pattern), id: raw.pattern?.id };
  if (egress) {
    raw.egress = merge(raw.egress ?? {}, egress);
    // An earlier version's egress field in the base pattern (natPerAz) yields to the environment's egress.
    const rule = findPattern(raw.pattern?.id)?.egress;
    const fieldOf: Record<string, string | undefined> = rule ? splitLegacyEgress(rule, raw.pattern ?? {}).fieldOf : {};
    for (const [key, field] of Object.entries(fieldOf)) if (field && key in egress) delete raw.pattern[field];
  }
  if (overrides.tags) raw.tags = { ...(base.tags ?? {}), ...overrides.tags };
  if (functions) {
    raw.functions = (raw.functions ?? []).map((fn: Record<string, any>) => {
      const own = functions[fn.name];
      if (!own) return fn;
      return { ...fn, ...own, environment: { ...(fn.environment ?? {}), ...(own.environment ?? {}) } };
    });
  }
  return raw;
}

/** One environment's validated stack config. */
export interface ValidatedEnvironment<V> {
  env: string;
  validated: V;
}

/**
 * Validates every environment: its stack name's length, function overrides naming real functions,
 * the merged config (with the same validation as any config), and a state location of its own.
 * Issues are named `environments.<env>.<field>` when the environment set the field, else
 * `environments.<env> (<field>)`: the base value that does not fit this environment.
 */
export function validateEnvironments<V extends { config: { name: string; region: string; backend: any } }>(
  raw: Record<string, any>,
  environments: Record<string, EnvironmentOverrides>,
  validateOne: (raw: unknown) => V,
): { environments: ValidatedEnvironment<V>[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const results: ValidatedEnvironment<V>[] = [];
  const states = new Map<string, string>();
  for (const [env, overrides] of Object.entries(environments)) {
    const at = `environments.${env}`;
    const stackName = environmentStackName(raw.name, env);
    if (stackName.length > MAX_STACK_NAME_LENGTH || !STACK_NAME_PATTERN.test(stackName)) {
      issues.push({
        field: at,
        value: stackName,
        message: `the stack name "${stackName}" has ${stackName.length} characters; name and environment together may have ${MAX_STACK_NAME_LENGTH} (load balancer names allow 32 with their suffix): shorten "name" or this environment's name`,
      });
      continue;
    }
    const patternId = (overrides.pattern as { id?: unknown } | undefined)?.id;
    if (patternId !== undefined && patternId !== raw.pattern?.id) {
      issues.push({ field: `${at}.pattern.id`, value: patternId, message: `every environment builds the config's pattern (${raw.pattern?.id}): remove it here; another pattern is another config` });
      continue;
    }
    const known = new Set<string>((raw.functions ?? []).map((fn: { name: string }) => fn.name));
    const unknown = Object.keys(overrides.functions ?? {}).filter((fn) => !known.has(fn));
    for (const fn of unknown) issues.push({ field: `${at}.functions.${fn}`, message: `no function is named "${fn}"; use one of ${[...known].join(', ')}` });
    if (unknown.length > 0) continue;
    const merged = environmentRaw(raw, env, overrides);
    try {
      const validated = validateOne(merged);
      results.push({ env, validated });
      const { config } = validated;
      const state = stateLocation(backendSettings(config.backend, config.name, config.region));
      const twin = states.get(state);
      if (twin !== undefined) {
        issues.push({ field: `${at}.backend`, value: state, message: `environment ${twin} keeps its state there already; give each environment its own state (backend.key or backend.path in environments.${env})` });
      }
      states.set(state, env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const issue of err.issues) issues.push(environmentIssue(issue, env, overrides, merged));
    }
  }
  return { environments: results, issues };
}

/** An issue of the merged config, named where the user can fix it. */
function environmentIssue(issue: ConfigIssue, env: string, overrides: EnvironmentOverrides, merged: Record<string, any>): ConfigIssue {
  const at = `environments.${env}`;
  const functionIndex = new Map<string, number>((merged.functions ?? []).map((fn: { name: string }, i: number) => [fn.name, i]));
  // Each field the environment set, as the merged config names it, and as the environment does.
  const set: [merged: string, own: string][] = [];
  const walk = (value: unknown, path: (string | number)[], own: (string | number)[]) => {
    // Leaves only (an array is one value): a base field beside an overridden one is the base's.
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k], [...own, k]);
    } else set.push([fieldPath(path), fieldPath(own)]);
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'functions') {
      for (const [fn, fields] of Object.entries(value as Record<string, object>)) {
        walk(fields, ['functions', functionIndex.get(fn) ?? fn], ['functions', fn]);
      }
    } else walk(value, [key], [key]);
  }
  const match = set
    .filter(([field]) => field !== 'functions' && (issue.field === field || issue.field.startsWith(`${field}.`) || issue.field.startsWith(`${field}[`)))
    .sort((a, b) => b[0].length - a[0].length)[0];
  if (match) return { ...issue, field: `${at}.${match[1]}${issue.field.slice(match[0].length)}` };
  return { ...issue, field: `${at} (${issue.field})` };
}

/** Objects merged key by key, everything else replaced. */
function merge(base: Record<string, any>, over: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const own = out[key];
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && own && typeof own === 'object' && !Array.isArray(own) ? merge(own, value) : structuredClone(value);
  }
  return out;
}
