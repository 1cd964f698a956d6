/**
 * check's handler-archive rule: the archive a function's `filename` points at must hold the file its
 * handler names for its runtime. A stack we synthesize passes; each mutation below breaks it once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { checkJson, type CheckResult } from '../../generator/check';
import { tempDir } from '../helpers/cli';
import { rawConfig, synth } from '../helpers/synth';
import { synthPattern } from './pattern-stacks';

type Json = Record<string, any>;
const FN = 'fn_api_function';

/** The handler-archive results of `json` checked as if it sat in `dir`. */
function archiveResults(json: Json, dir: string): CheckResult[] {
  return checkJson([json], 'demo', dir).results.filter((r) => r.check === 'handler-archive');
}

/** A fresh copy of the nat-gateway stack, with `change` applied to its function. */
function mutated(change: (fn: Json) => void): { json: Json; dir: string } {
  const { json, stackDir } = synthPattern('nat-gateway');
  const copy = JSON.parse(JSON.stringify(json));
  change(copy.resource.aws_lambda_function[FN]);
  return { json: copy, dir: stackDir };
}

/** A zip holding these files (empty contents), in a temp directory; its absolute path. */
function zipOf(...files: string[]): string {
  const file = path.join(tempDir('vlg-zip-'), 'code.zip');
  fs.writeFileSync(file, zipSync(Object.fromEntries(files.map((f) => [f, new Uint8Array()]))));
  return file;
}

describe('check: handler-archive', () => {
  test('GIVEN a synthesized Node.js stack THEN the archive holds index.js and the rule passes', () => {
    const { json, stackDir } = synthPattern('nat-gateway');
    const [result] = archiveResults(json, stackDir);
    expect(result).toMatchObject({ status: 'pass', subject: 'demo-api', message: expect.stringMatching(/^index\.handler \(nodejs22\.x\): index\.js is in assets\/.*archive\.zip$/) });
  });

  test('GIVEN a synthesized Python stack THEN the archive holds index.py and the rule passes', () => {
    const { json, stackDir } = synth(rawConfig({ functions: [{ name: 'api', runtime: 'python3.12' }] }));
    expect(archiveResults(json, stackDir)).toEqual([expect.objectContaining({ status: 'pass', message: expect.stringMatching(/^index\.handler \(python3\.12\): index\.py is in /) })]);
  });

  test('WHEN the handler names a module the archive lacks THEN it fails, naming the files looked for and the fix', () => {
    const { json, dir } = mutated((fn) => (fn.handler = 'app.handler'));
    expect(archiveResults(json, dir)).toEqual([
      expect.objectContaining({
        status: 'fail',
        resources: [`aws_lambda_function.${FN}`],
        message: expect.stringMatching(/^app\.handler names app\.js, app\.mjs or app\.cjs for nodejs22\.x, but assets\/.*archive\.zip holds index\.js: the function cannot start$/),
        fix: expect.stringMatching(/^package app\.js into .*, or set handler on aws_lambda_function\.fn_api_function to "<file>\.<function>" of a file it holds$/),
      }),
    ]);
  });

  test('WHEN the runtime becomes Python over a Node.js archive THEN it fails and names the mix-up', () => {
    const { json, dir } = mutated((fn) => (fn.runtime = 'python3.12'));
    const [result] = archiveResults(json, dir);
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/^index\.handler names index\.py or index\/__init__\.py for python3\.12, but .* holds index\.js/);
    expect(result.fix).toMatch(/holds index\.js, Node\.js code: set runtime on aws_lambda_function\.fn_api_function to a Node\.js runtime such as nodejs22\.x, or package index\.py$/);
  });

  test('GIVEN handlers in subdirectories and packages THEN the runtime\'s own module rules find them', () => {
    const cases: [string, string, string[], 'pass' | 'fail'][] = [
      ['nodejs22.x', 'src/app.handler', ['src/app.mjs'], 'pass'],
      ['nodejs22.x', 'src/app.handler', ['app.js'], 'fail'],
      ['python3.12', 'pkg.app.handler', ['pkg/app.py', 'pkg/__init__.py'], 'pass'],
      ['python3.12', 'pkg.handler', ['pkg/__init__.py'], 'pass'],
      ['python3.12', 'app.handler', ['lib/app.py'], 'fail'],
      ['provided.al2023', 'anything', ['bootstrap'], 'pass'],
      ['provided.al2023', 'anything', ['main'], 'fail'],
    ];
    for (const [runtime, handler, files, status] of cases) {
      const { json, dir } = mutated((fn) => Object.assign(fn, { runtime, handler, filename: zipOf(...files) }));
      expect({ runtime, handler, files, status: archiveResults(json, dir)[0].status }).toEqual({ runtime, handler, files, status });
    }
  });

  test('GIVEN filename written with ${path.module} THEN it is read relative to the stack', () => {
    const { json, dir } = mutated((fn) => (fn.filename = `\${path.module}/${fn.filename}`));
    expect(archiveResults(json, dir)[0].status).toBe('pass');
  });

  describe('what cannot be opened is a warning, never a pass or a fail', () => {
    const cases: [string, (fn: Json) => void, RegExp][] = [
      ['a missing archive', (fn) => (fn.filename = 'missing.zip'), /^cannot read missing\.zip \(no such file\); the handler index\.handler \(nodejs22\.x\) is not verified$/],
      ['a file that is not a zip', (fn) => (fn.filename = path.join(tempDir(), 'README.md')), /not a zip archive/],
      ['code in S3', (fn) => Object.assign(fn, { filename: undefined, s3_bucket: 'artifacts', s3_key: 'api.zip' }), /the code is in S3/],
      ['a container image', (fn) => Object.assign(fn, { filename: undefined, package_type: 'Image', image_uri: '1.dkr.ecr.eu-west-1.amazonaws.com/api:1' }), /container image/],
      ['a computed filename', (fn) => (fn.filename = '${data.archive_file.api.output_path}'), /filename is computed/],
      ['a runtime without handler files', (fn) => (fn.runtime = 'java21'), /java21 handlers name classes, not files/],
    ];
    test.each(cases)('GIVEN %s THEN it warns', (_name, change, message) => {
      const { json, dir } = mutated((fn) => {
        change(fn);
        if (typeof fn.filename === 'string' && fn.filename.endsWith('README.md')) fs.writeFileSync(fn.filename, '# not a zip\n');
      });
      expect(archiveResults(json, dir)).toEqual([expect.objectContaining({ status: 'warn', message: expect.stringMatching(message) })]);
    });
  });
});
