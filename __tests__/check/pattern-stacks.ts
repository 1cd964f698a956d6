/**
 * Synthesizes a catalog pattern the way `new --yes` would: its sample functions and, for each flag
 * the catalog marks required, a sample value. Cached per (pattern, options) within a test file.
 */
import { findPattern } from '../../generator/catalog';
import type { RawConfig } from '../../generator/config/schema';
import { rawConfig, synth, type Synthesized } from '../helpers/synth';

/** Sample values for the options behind required flags, by options field. */
export const REQUIRED_SAMPLES: Record<string, unknown> = {
  peerVpcId: 'vpc-0123456789abcdef0',
  peerCidr: '10.1.0.0/16',
  allowedPrincipals: ['123456789012'],
};

/** The pattern options `new --yes` needs: a sample for every required flag (fails loudly for an unknown one). */
export function requiredOptions(id: string): Record<string, unknown> {
  const spec = findPattern(id);
  if (!spec) throw new Error(`no pattern ${id} in the catalog`);
  const options: Record<string, unknown> = {};
  for (const [flag, def] of Object.entries(spec.flags)) {
    if (!def.required) continue;
    if (!(def.field in REQUIRED_SAMPLES)) throw new Error(`pattern ${id} requires --${flag} (${def.field}): add a sample value to REQUIRED_SAMPLES`);
    options[def.field] = REQUIRED_SAMPLES[def.field];
  }
  return options;
}

const cache = new Map<string, Synthesized>();

export function synthPattern(id: string, options: Record<string, unknown> = {}, config: Partial<RawConfig> = {}): Synthesized {
  const key = JSON.stringify([id, options, config]);
  let found = cache.get(key);
  if (!found) {
    const spec = findPattern(id)!;
    found = synth(
      rawConfig({
        pattern: { id, ...requiredOptions(id), ...options },
        functions: spec.defaultFunctions.map((f) => ({ name: f.name })),
        ...config,
      }),
    );
    cache.set(key, found);
  }
  return found;
}
