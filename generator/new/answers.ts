/**
 * Answers of `new` (flags today, the wizard's prompts too) → the raw config that validateConfig checks.
 * Each answer is: the flag if given, else the default.
 */
import * as path from 'node:path';
import { findPattern, PATTERNS, type PatternSpec } from '../catalog';
import { ConfigError, type ConfigIssue } from '../config/errors';
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
  runtime?: string;
  memory?: number;
  timeout?: number;
  ssmHost?: boolean;
  /** Values of pattern flags, by flag name ("nat-per-az"). */
  patternFlags: Record<string, unknown>;
}

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

/** Flags that belong to a pattern other than the chosen one are mistakes, not silently ignored. */
export function checkPatternFlags(spec: PatternSpec, given: Record<string, unknown>, requireAll: boolean): void {
  const issues: ConfigIssue[] = [];
  for (const flag of Object.keys(given)) {
    if (given[flag] === undefined || spec.flags[flag]) continue;
    const owners = PATTERNS.filter((p) => p.flags[flag]).map((p) => p.id);
    issues.push({ field: `--${flag}`, message: `applies to pattern ${owners.join(' or ')}, not ${spec.id}; drop it or pick that pattern` });
  }
  if (requireAll) {
    for (const [flag, def] of Object.entries(spec.flags)) {
      if (def.required && given[flag] === undefined) {
        issues.push({ field: `--${flag}`, message: `required for pattern ${spec.id}: ${def.describe}` });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, 'flags');
}

export function answersToRawConfig(answers: NewAnswers): RawConfig {
  const spec = findPattern(answers.pattern);
  const pattern: { id: string } & Record<string, unknown> = { id: answers.pattern };
  if (spec) {
    for (const [flag, def] of Object.entries(spec.flags)) {
      const value = answers.patternFlags[flag];
      if (value !== undefined) pattern[def.field] = coerceFlag(value, def.type);
    }
  }
  return {
    name: answers.name ?? nameFromDir(answers.dir),
    region: answers.region ?? DEFAULT_REGION,
    availabilityZones: parseAzs(answers.azs),
    network: { cidr: answers.cidr ?? DEFAULT_VPC_CIDR },
    pattern,
    functions: (spec?.defaultFunctions ?? [{ name: 'api' }]).map((fn) => ({
      name: fn.name,
      runtime: (answers.runtime ?? DEFAULT_RUNTIME) as never,
      memoryMb: answers.memory ?? DEFAULT_MEMORY_MB,
      timeoutSeconds: answers.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    })),
    ssmHost: answers.ssmHost ?? false,
  };
}

function coerceFlag(value: unknown, type: string): unknown {
  if (type === 'list' && typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return value;
}
