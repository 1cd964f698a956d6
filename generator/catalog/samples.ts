/**
 * Which sample handler each configured function starts from, read from the pattern options that say
 * which function plays which part: the function named by `efs.function` gets the EFS sample, the
 * others a neutral one that claims no wiring. Renamed functions need no bookkeeping: the options
 * follow the renames (answers.followRenames), so the samples do too.
 */
import { wiredRoles } from './checks';
import type { DefaultFunction, PatternSpec } from './types';

/** What a function gets when the pattern wires nothing to it. */
export const NEUTRAL_SAMPLE: DefaultFunction = {
  name: 'your-function',
  handler: 'starter',
  description: 'your handler, a starting point: the pattern connects no trigger or target to this function',
};

type PatternOptions = Record<string, unknown>;

/** A pattern or capability of the stack with its options (catalog/compose.ts StackPart). */
interface Part {
  spec: PatternSpec;
  options: PatternOptions;
}

/**
 * The sample a function starts from: the part it plays (in the pattern, else in the first capability
 * that names it), else the part every function plays, else neutral.
 */
export function sampleOf(parts: Part[], name: string): DefaultFunction {
  for (const { spec, options } of parts) {
    const roles = wiredRoles(spec, options);
    const played = spec.defaultFunctions.find((f) => f.role !== undefined && roles.includes(f.role) && options[f.role] === name);
    if (played) return played;
  }
  const everyone = parts.flatMap((p) => p.spec.defaultFunctions.filter((f) => f.role === undefined));
  return everyone.find((f) => f.name === name) ?? everyone[0] ?? NEUTRAL_SAMPLE;
}

/** Each function's sample, by function name. */
export function samplesOfParts(parts: Part[], names: readonly string[]): Record<string, DefaultFunction> {
  return Object.fromEntries(names.map((name) => [name, sampleOf(parts, name)]));
}
