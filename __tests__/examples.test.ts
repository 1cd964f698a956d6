/** examples/<pattern>/ stay what `new --yes` would produce, and each synthesizes with every check passing. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PATTERN_IDS } from '../generator/catalog';
import { EXAMPLES_DIR, exampleFiles } from '../scripts/examples';
import { listFiles, runCli, tempDir } from './helpers/cli';

describe('examples', () => {
  const expected = exampleFiles();

  test('there is one example per pattern, and each is up to date (regenerate: npx ts-node scripts/examples.ts)', () => {
    expect(fs.readdirSync(EXAMPLES_DIR).filter((f) => fs.statSync(path.join(EXAMPLES_DIR, f)).isDirectory()).sort()).toEqual([...PATTERN_IDS].sort());
    for (const id of PATTERN_IDS) {
      expect({ id, files: listFiles(path.join(EXAMPLES_DIR, id)) }).toEqual({ id, files: Object.keys(expected[id]).sort() });
      for (const [rel, text] of Object.entries(expected[id])) {
        expect({ id, rel, text: fs.readFileSync(path.join(EXAMPLES_DIR, id, rel), 'utf8') }).toEqual({ id, rel, text });
      }
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
