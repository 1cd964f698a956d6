/**
 * Writes examples/<pattern>/vpc-lambda-gen.json: one runnable config per pattern, made from the same
 * answers path as `new --yes` (so examples never drift from what users get), with the function code
 * taken from templates/handlers. Run: npx ts-node scripts/examples.ts
 * __tests__/examples.test.ts fails when a committed example differs from what this produces.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PATTERNS } from '../generator/catalog';
import { serializeConfig } from '../generator/config/io';
import { validateConfig } from '../generator/config/validate';
import { answersToRawConfig } from '../generator/new/answers';
import { configSamples, sampleDir } from '../generator/new/render';

/** Example values for the flags a pattern requires. */
const REQUIRED_EXAMPLE_FLAGS: Record<string, Record<string, unknown>> = {
  peering: { 'peer-vpc-id': 'vpc-0a1b2c3d4e5f60718', 'peer-cidr': '10.20.0.0/16' },
  privatelink: { 'allowed-principals': '111122223333' },
};

export const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');

/** The example config of each pattern, as the text to commit. */
export function exampleConfigs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of PATTERNS) {
    const answers = { dir: `${spec.id}-example`, name: `${spec.id}-demo`.slice(0, 20).replace(/-$/, ''), pattern: spec.id, patternFlags: REQUIRED_EXAMPLE_FLAGS[spec.id] ?? {} };
    const raw = answersToRawConfig(answers);
    const { config } = validateConfig(raw, `examples/${spec.id}`);
    const samples = configSamples(config);
    // Point each function at the shipped sample handler instead of a copy.
    raw.functions = raw.functions.map((fn, i) => ({
      ...fn,
      source: path.relative(path.join(EXAMPLES_DIR, spec.id), sampleDir(samples[fn.name].handler, config.functions[i].runtime)).split(path.sep).join('/'),
    }));
    out[spec.id] = serializeConfig(validateConfig(raw, `examples/${spec.id}`).config);
  }
  return out;
}

if (require.main === module) {
  for (const [id, text] of Object.entries(exampleConfigs())) {
    fs.mkdirSync(path.join(EXAMPLES_DIR, id), { recursive: true });
    fs.writeFileSync(path.join(EXAMPLES_DIR, id, 'vpc-lambda-gen.json'), text);
    console.log(`examples/${id}/vpc-lambda-gen.json`);
  }
}
