/**
 * Writes examples/<pattern>/: one runnable config per pattern, made from the same answers path as
 * `new --yes` (so examples never drift from what users get), with a copy of each function's sample
 * handler from templates/handlers in functions/<name>/. Run: npx ts-node scripts/examples.ts
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

/**
 * Every file of each example, relative to examples/<pattern>/: the config and a copy of each
 * function's sample handler in functions/<name>/ (a project reads code only inside itself).
 */
export function exampleFiles(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const spec of PATTERNS) {
    const answers = { dir: `${spec.id}-example`, name: `${spec.id}-demo`.slice(0, 20).replace(/-$/, ''), pattern: spec.id, patternFlags: REQUIRED_EXAMPLE_FLAGS[spec.id] ?? {} };
    const raw = answersToRawConfig(answers);
    const { config } = validateConfig(raw, `examples/${spec.id}`);
    const samples = configSamples(config);
    const files: Record<string, string> = { 'vpc-lambda-gen.json': serializeConfig(config) };
    for (const fn of config.functions) {
      const handler = sampleDir(samples[fn.name].handler, fn.runtime);
      for (const file of fs.readdirSync(handler).filter((f) => f !== '__pycache__').sort()) files[`${fn.source}/${file}`] = fs.readFileSync(path.join(handler, file), 'utf8');
    }
    out[spec.id] = files;
  }
  return out;
}

if (require.main === module) {
  for (const [id, files] of Object.entries(exampleFiles())) {
    fs.rmSync(path.join(EXAMPLES_DIR, id), { recursive: true, force: true });
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(EXAMPLES_DIR, id, rel)), { recursive: true });
      fs.writeFileSync(path.join(EXAMPLES_DIR, id, rel), text);
      console.log(`examples/${id}/${rel}`);
    }
  }
}
