/**
 * Several patterns in one stack: the main `pattern` and the capabilities in `with`, each an entry of
 * the catalog with its own options, parts and flags, built on one network and one egress. What may
 * be combined, and why not, is data here, so validation, the wizard and --help agree.
 */
import { findPattern } from './index';
import type { EgressType } from './egress';
import type { DefaultFunction, PatternSpec } from './types';
import type { IssueSink, VpcLambdaConfig } from '../config/schema';

/** Catalog entries that cannot join another pattern's stack, with what to do instead. */
export const NOT_CAPABILITIES: Record<string, string> = {
  'nat-gateway': 'a NAT gateway is an egress, not a capability: use --egress nat-gateway (egress.type)',
  'nat-instance': 'a NAT instance is an egress, not a capability: use --egress nat-instance (egress.type)',
  endpoints: 'VPC endpoints are part of the egress: list the services with --endpoints (egress.endpoints), next to a NAT or with --egress endpoints',
  privatelink: 'privatelink fronts its target with an NLB and an ALB of its own: make it the main pattern (--pattern privatelink) and add the others to it',
  'ssm-host': 'the SSM debug host is its own setting: --ssm-host (ssmHost: true)',
};

/** Entries that cannot share a stack, and why. */
export const CONFLICTS: readonly { ids: readonly [string, string]; why: string }[] = [
  { ids: ['privatelink', 'internal-alb'], why: 'privatelink already puts an internal ALB in front of its target, and a stack has one' },
];

/** What `--with` accepts: every catalog entry not refused above. */
export function capabilityIds(all: readonly PatternSpec[]): string[] {
  return all.filter((p) => !(p.id in NOT_CAPABILITIES)).map((p) => p.id);
}

/** One entry of the stack: the main pattern (at ['pattern']) or a capability (at ['with', i]). */
export interface StackPart {
  spec: PatternSpec;
  options: Record<string, unknown>;
  /** Where its options are in vpc-lambda-gen.json. */
  at: (string | number)[];
}

/** The main pattern, then each capability, in config order; unknown ids are left out. */
export function stackParts(config: Pick<VpcLambdaConfig, 'pattern' | 'with'>): StackPart[] {
  const entries: [Record<string, unknown> & { id: string }, (string | number)[]][] = [
    [config.pattern, ['pattern']],
    ...(config.with ?? []).map((entry, i): [Record<string, unknown> & { id: string }, (string | number)[]] => [entry, ['with', i]]),
  ];
  return entries.flatMap(([options, at]) => {
    const spec = findPattern(options.id);
    return spec ? [{ spec, options, at }] : [];
  });
}

/** "pattern" or "with[1]": how messages name an entry. */
export function partLabel(part: Pick<StackPart, 'at'>): string {
  return part.at.length === 1 ? 'pattern' : `with[${part.at[1]}]`;
}

/**
 * A capability's whole-config checks are the catalog entry's own (which read `config.pattern`):
 * they get the entry as the pattern, and their issues are moved to where the entry is.
 */
export function refinePart(part: StackPart, config: VpcLambdaConfig, issue: IssueSink): void {
  if (!part.spec.refine) return;
  if (part.at.length === 1) return part.spec.refine(config, issue);
  const label = partLabel(part);
  part.spec.refine({ ...config, pattern: part.options as VpcLambdaConfig['pattern'] }, (path, message) =>
    issue(path[0] === 'pattern' ? [...part.at, ...path.slice(1)] : path, message.replace(/\bpattern\.(?=[a-zA-Z])/g, `${label}.`)),
  );
}

/**
 * What cannot work together: a capability refused by the stack's egress (sns-slack without a NAT),
 * two entries that conflict, and two entries setting one environment variable on one function.
 */
export function checkComposition(config: VpcLambdaConfig, parts: StackPart[], egress: EgressType, issue: IssueSink): void {
  const ids = parts.map((p) => p.spec.id);
  for (const part of parts.slice(1)) {
    const { spec } = part;
    if (!spec.egress.allowed.includes(egress)) issue([...part.at, 'id'], `${spec.id} does not work with egress ${egress}: ${spec.egress.refusal}`);
    for (const { ids: pair, why } of CONFLICTS) {
      const other = pair[0] === spec.id ? pair[1] : pair[1] === spec.id ? pair[0] : undefined;
      if (other && ids.includes(other)) issue([...part.at, 'id'], `cannot share a stack with ${other}: ${why}`);
    }
  }
  const setBy = new Map<string, string>();
  for (const part of parts) {
    for (const [name, variables] of environmentOf(part, config.functions.map((f) => f.name))) {
      for (const variable of variables) {
        const key = `${name} ${variable}`;
        const earlier = setBy.get(key);
        if (earlier) {
          issue(
            [...part.at, 'id'],
            `${part.spec.id} and ${earlier} both set ${variable} on function "${name}": let another function play the part in one of them (its function option in ${partLabel(part)}, or in ${earlier}'s entry)`,
          );
        }
        setBy.set(key, `${partLabel(part)} (${part.spec.id})`);
      }
    }
  }
}

/** The environment variables an entry sets, by the function names playing its parts. */
function environmentOf(part: StackPart, names: string[]): [string, readonly string[]][] {
  const out: [string, readonly string[]][] = [];
  for (const fn of part.spec.defaultFunctions) {
    if (!fn.environment || !(fn.when?.(part.options) ?? true)) continue;
    const players = fn.role === undefined ? names : [part.options[fn.role] as string];
    for (const name of players) out.push([name, fn.environment]);
  }
  return out;
}

/** The functions a stack gets when none are named: every entry's sample functions, once each by name. */
export function defaultFunctionsOf(parts: Pick<StackPart, 'spec'>[]): DefaultFunction[] {
  const seen = new Set<string>();
  return parts.flatMap((p) => p.spec.defaultFunctions).filter((f) => !seen.has(f.name) && (seen.add(f.name), true));
}
