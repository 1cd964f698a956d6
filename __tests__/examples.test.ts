/** examples/<pattern>/ stay what `new --yes` would produce, and each synthesizes with every check passing. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PATTERN_IDS } from '../generator/catalog';
import { EXAMPLES_DIR, exampleConfigs } from '../scripts/examples';
import { runCli, tempDir } from './helpers/cli';

describe('examples', () => {
  const expected = exampleConfigs();

  test('there is one example per pattern, and each is up to date (regenerate: npx ts-node scripts/examples.ts)', () => {
    expect(fs.readdirSync(EXAMPLES_DIR).filter((f) => fs.statSync(path.join(EXAMPLES_DIR, f)).isDirectory()).sort()).toEqual([...PATTERN_IDS].sort());
    for (const id of PATTERN_IDS) {
      expect({ id, text: fs.readFileSync(path.join(EXAMPLES_DIR, id, 'vpc-lambda-gen.json'), 'utf8') }).toEqual({ id, text: expected[id] });
    }
  });

  test.each(PATTERN_IDS)('%s synthesizes and passes check', (id) => {
    const out = tempDir();
    const r = runCli(['synth', '--dir', path.join(EXAMPLES_DIR, id), '--out', out], EXAMPLES_DIR);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Checked: \d+ passed/);
  });
});
