/**
 * Switches of the union module (export-union.ts): the conditions that say in which environments a
 * resource exists or a value takes one form, named after what the config says differs. A switch is a
 * boolean HCL expression on a module input, true in a known set of environments:
 *
 * - `var.nat_per_az`: egress.perAz (a NAT gateway or instance in every AZ, not one shared);
 * - `var.ssm_host`: ssmHost (the Session Manager debug host);
 * - `length(var.availability_zones) > k`: an AZ beyond the k-th (availabilityZones), read from the
 *   input every environment already passes, so it needs no input of its own;
 * - `var.environment == "prod"` / `contains([...], var.environment)`: the generic fallback, for a
 *   difference no config field names (a function's environment block in one environment only).
 *
 * A condition is a conjunction of switches. Which switches fit an element is a guess from what the
 * element is (its construct path and name), and every guess is checked against the environments:
 * a condition is used only when it is true in exactly the environments that have the element (or the
 * value). Pure; no cdktf.
 */

/** What each environment's config says about its structure: the facts switches are named after. */
export interface EnvironmentShape {
  /** egress.perAz of a NAT gateway or NAT instance egress. */
  natPerAz: boolean;
  ssmHost: boolean;
  /** availabilityZones' count; 0 for existing subnets. */
  azCount: number;
}

/** A module input export adds for a switch, and what each environment's root passes. */
export interface SwitchInput {
  variable: string;
  type: 'bool' | 'string';
  /** What the config field is, for the input's description. */
  meaning: string;
  values: Record<string, unknown>;
}

/** What a switch may be about: an element of the module. */
export interface ElementRef {
  kind: string;
  type?: string;
  name: string;
  /** Construct ids below the stack (the layout sidecar's), empty when unknown. */
  path: string[];
}

export interface Switch {
  /** A boolean HCL expression: `var.nat_per_az`. */
  expression: string;
  /** The environments in which it is true. */
  truth: Set<string>;
  input?: SwitchInput;
  /** 2: the element is what the switch is about (a second NAT); 1: related (the network); 0: unrelated. */
  affinity(e: ElementRef): number;
}

/** A conjunction of switches; empty is true everywhere. */
export type Condition = Switch[];

export function conditionText(condition: Condition): string {
  return condition.map((s) => s.expression).join(' && ');
}

export function truthOf(condition: Condition, envs: string[]): Set<string> {
  return new Set(envs.filter((env) => condition.every((s) => s.truth.has(env))));
}

/** Whether `a` implies `b`: every switch of b is one of a's. */
export function implies(a: Condition, b: Condition): boolean {
  return b.every((s) => a.includes(s));
}

const AZ_LETTERS = 'abcdefghijklmnop';

/** The switches the environments' shapes offer: only those true in some environments and not others. */
export function shapeSwitches(envs: string[], shapes: Record<string, EnvironmentShape>, opts: { availabilityZones: boolean }): Switch[] {
  const varies = (truth: Set<string>) => truth.size > 0 && truth.size < envs.length;
  const where = (test: (s: EnvironmentShape) => boolean) => new Set(envs.filter((env) => test(shapes[env])));
  const input = (variable: string, meaning: string, value: (s: EnvironmentShape) => unknown): SwitchInput => ({
    variable,
    type: 'bool',
    meaning,
    values: Object.fromEntries(envs.map((env) => [env, value(shapes[env])])),
  });
  const network = (e: ElementRef) => e.path[0] === 'network' || e.name.startsWith('network_');
  const switches: Switch[] = [
    {
      expression: 'var.nat_per_az',
      truth: where((s) => s.natPerAz),
      input: input('nat_per_az', 'one NAT per AZ rather than one shared (egress.perAz)', (s) => s.natPerAz),
      // Only the NAT itself: what else differs with it (a route to it) references it, and says so.
      affinity: (e) => (network(e) && /(^|_)nat(_|$)/.test(e.name) ? 2 : 0),
    },
    {
      expression: 'var.ssm_host',
      truth: where((s) => s.ssmHost),
      input: input('ssm_host', 'the Session Manager debug host (ssmHost)', (s) => s.ssmHost),
      affinity: (e) => (e.path[0] === 'ssm-host' || e.name.startsWith('ssm_host') ? 2 : 0),
    },
  ];
  if (opts.availabilityZones) {
    const most = Math.max(...envs.map((env) => shapes[env].azCount));
    for (let k = 1; k < most; k++) {
      const letter = AZ_LETTERS[k];
      switches.push({
        expression: `length(var.availability_zones) > ${k}`,
        truth: where((s) => s.azCount > k),
        affinity: (e) => (new RegExp(`_${letter}$`).test(e.name) || e.path.some((p) => p.endsWith(`-${letter}`)) ? 2 : network(e) ? 1 : 0),
      });
    }
  }
  return switches.filter((s) => varies(s.truth));
}

/** The generic switch: the environment's name among those given. */
export function environmentSwitch(envs: string[], among: string[]): Switch {
  const list = envs.filter((e) => among.includes(e));
  return {
    expression: list.length === 1 ? `var.environment == ${JSON.stringify(list[0])}` : `contains([${list.map((e) => JSON.stringify(e)).join(', ')}], var.environment)`,
    truth: new Set(list),
    input: { variable: 'environment', type: 'string', meaning: "the environment's name, for differences no config field names", values: Object.fromEntries(envs.map((e) => [e, e])) },
    affinity: () => 0,
  };
}

/**
 * A named condition true, among `within`, in exactly the environments of `group`, or undefined:
 * first the conditions of what the value references (a route to the second NAT exists where that NAT
 * does), then the switches about the element, then those related to it, then any switch that alone
 * fits. Ambiguous guesses (two switches fit equally) are refused: the caller falls back.
 */
export function namedCondition(switches: Switch[], group: Set<string>, within: string[], element: ElementRef, referenced: Condition[] = []): Condition | undefined {
  const fits = (c: Condition) => c.length > 0 && sameSet(truthOf(c, within), group);
  const live = switches.filter((s) => {
    const t = truthOf([s], within);
    return t.size > 0 && t.size < within.length;
  });
  const fromReferences = [...new Set(referenced.flat())];
  if (fits(fromReferences)) return fromReferences;
  const about = live.filter((s) => s.affinity(element) === 2);
  if (fits(about)) return about;
  for (const level of [2, 1, 0]) {
    const single = live.filter((s) => s.affinity(element) >= level && fits([s]));
    if (single.length === 1) return single;
    if (single.length > 1) return undefined;
  }
  return undefined;
}

export function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
