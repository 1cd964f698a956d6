/**
 * The Python twins of the sample handlers: each handler's unittest file (__tests__/handlers/python/
 * test_<handler>.py, standard library only, boto3 and urllib faked) runs with `python3 -m unittest`,
 * one jest test per handler. Without python3 they are skipped with a banner; VLG_REQUIRE_PYTHON=1
 * turns the skip into a failure. VLG_PYTHON picks another interpreter.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HANDLERS_DIR } from '../helpers/synth';

const TESTS_DIR = path.join(__dirname, 'python');
const PYTHON = process.env.VLG_PYTHON ?? 'python3';
const SAMPLES = fs.readdirSync(HANDLERS_DIR).sort();
const testModule = (sample: string) => `test_${sample.replace(/-/g, '_')}`;

function pythonTest(): jest.It {
  const probe = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return test;
  const msg = `Python handler tests SKIPPED: ${PYTHON} is not runnable (${probe.error?.message ?? probe.stderr.trim()})`;
  if (process.env.VLG_REQUIRE_PYTHON) throw new Error(`${msg} (VLG_REQUIRE_PYTHON is set)`);
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! ${msg}\n!! Install python3 (3.9+) or set VLG_PYTHON to run them.\n${bar}\n`);
  return test.skip;
}

describe('Python sample handlers', () => {
  test('every sample handler exists for Node.js and Python, and each Python one has its unittest file', () => {
    for (const sample of SAMPLES) {
      expect({ sample, nodejs: fs.existsSync(path.join(HANDLERS_DIR, sample, 'nodejs', 'index.js')) }).toEqual({ sample, nodejs: true });
      expect({ sample, python: fs.existsSync(path.join(HANDLERS_DIR, sample, 'python', 'index.py')) }).toEqual({ sample, python: true });
      expect({ sample, test: fs.existsSync(path.join(TESTS_DIR, `${testModule(sample)}.py`)) }).toEqual({ sample, test: true });
    }
  });

  pythonTest().each(SAMPLES)('%s: python3 -m unittest passes', (sample) => {
    const r = spawnSync(PYTHON, ['-m', 'unittest', '-v', testModule(sample)], {
      cwd: TESTS_DIR,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    // unittest reports on stderr; show it whole when something fails.
    expect({ sample, status: r.status, report: r.status === 0 ? 'ok' : r.stderr + r.stdout }).toEqual({ sample, status: 0, report: 'ok' });
    expect(r.stderr).toMatch(/^Ran [1-9]\d* tests? in /m);
    // The samples are copied into projects and zipped: the run must leave no bytecode beside them.
    expect(fs.existsSync(path.join(HANDLERS_DIR, sample, 'python', '__pycache__'))).toBe(false);
  });
});
