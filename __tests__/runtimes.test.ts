/**
 * Python for real: `new --runtime python3.x` gives every pattern's functions the Python twin of their
 * sample, in archives that hold the module their handler names; and a handler naming a file its
 * source lacks, for any runtime, is refused before anything is built.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { PATTERNS } from '../generator/catalog';
import { checkStackDir } from '../generator/check';
import { ConfigError } from '../generator/config/errors';
import { validateConfig } from '../generator/config/validate';
import { handlerFiles } from '../generator/handler-files';
import { answersToRawConfig } from '../generator/new/answers';
import { createProject } from '../generator/new/project';
import { configSamples } from '../generator/new/render';
import { synthesizeProject } from '../generator/synth';
import { runCli, tempDir } from './helpers/cli';
import { HANDLERS_DIR, rawConfig } from './helpers/synth';

/** Values for the flags a pattern requires. */
const REQUIRED_FLAGS: Record<string, Record<string, unknown>> = {
  peering: { 'peer-vpc-id': 'vpc-0a1b2c3d4e5f67890', 'peer-cidr': '10.1.0.0/16' },
  privatelink: { 'allowed-principals': '123456789012' },
};

/** The archive's files and their text, by name. */
function archive(stackDir: string, filename: string): Record<string, string> {
  const files = unzipSync(fs.readFileSync(path.join(stackDir, filename)));
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, Buffer.from(data).toString('utf8')]));
}

describe('handler files per runtime', () => {
  test('each runtime looks for its own files, as its runtime interface client does', () => {
    expect(handlerFiles('nodejs22.x', 'index.handler')).toEqual(['index.js', 'index.mjs', 'index.cjs']);
    expect(handlerFiles('nodejs20.x', 'src/app.main.run')).toEqual(['src/app.js', 'src/app.mjs', 'src/app.cjs']);
    expect(handlerFiles('python3.12', 'index.handler')).toEqual(['index.py', 'index/__init__.py']);
    expect(handlerFiles('python3.13', 'pkg.app.handler')).toEqual(['pkg/app.py', 'pkg/app/__init__.py']);
    expect(handlerFiles('python3.11', 'src/app.handler')).toEqual(['src/app.py', 'src/app/__init__.py']);
    expect(handlerFiles('provided.al2023', 'x')).toEqual(['bootstrap']);
    expect(handlerFiles('java21', 'com.example.Handler::handleRequest')).toBeUndefined();
  });
});

describe.each(['nodejs22.x', 'python3.12'])('new --runtime %s', (runtime) => {
  const ext = runtime.startsWith('python') ? '.py' : '.js';
  const family = runtime.startsWith('python') ? 'python' : 'nodejs';

  test.each(PATTERNS.map((p) => p.id))('%s: every archive holds the module its handler names, and only that runtime\'s code', async (pattern) => {
    const answers = { dir: path.join(tempDir(), pattern), pattern, runtime, patternFlags: REQUIRED_FLAGS[pattern] ?? {} };
    const validated = validateConfig(answersToRawConfig(answers));
    const created = await createProject({ dir: answers.dir, validated });
    const json = JSON.parse(fs.readFileSync(created.synth.file, 'utf8'));
    const samples = configSamples(validated.config);
    for (const fn of validated.config.functions) {
      const resource = json.resource.aws_lambda_function[`fn_${fn.name}_function`];
      expect(resource).toMatchObject({ runtime, handler: 'index.handler' });
      const files = archive(created.synth.stackDir, resource.filename);
      expect({ fn: fn.name, files: Object.keys(files) }).toEqual({ fn: fn.name, files: [`index${ext}`] });
      const sample = path.join(HANDLERS_DIR, samples[fn.name].handler, family, `index${ext}`);
      expect(files[`index${ext}`]).toBe(fs.readFileSync(sample, 'utf8'));
      expect(fs.readdirSync(path.join(created.dir, fn.source ?? ''))).toEqual([`index${ext}`]);
    }
    const report = checkStackDir(created.synth.stackDir);
    const archives = report.results.filter((r) => r.check === 'handler-archive');
    expect(archives.map((r) => [r.subject, r.status])).toEqual(validated.config.functions.map((fn) => [`${validated.config.name}-${fn.name}`, 'pass']));
  });
});

describe('a handler that cannot start is refused before anything is built', () => {
  /** A project whose functions/api holds these files, with the config's function overridden. */
  function project(files: string[], fn: Record<string, unknown>): string {
    const dir = tempDir('vlg-handler-');
    fs.mkdirSync(path.join(dir, 'functions', 'api'), { recursive: true });
    for (const f of files) fs.writeFileSync(path.join(dir, 'functions', 'api', f), '');
    fs.writeFileSync(path.join(dir, 'vpc-lambda-gen.json'), JSON.stringify(rawConfig({ functions: [{ name: 'api', ...fn }] })));
    return dir;
  }

  function refusal(dir: string): ConfigError {
    try {
      synthesizeProject({ dir });
    } catch (err) {
      if (err instanceof ConfigError) return err;
      throw err;
    }
    throw new Error('synth did not refuse the handler');
  }

  test('GIVEN python3.12 over Node.js code THEN it names functions[0].handler, what is missing, and the runtime mix-up', () => {
    const error = refusal(project(['index.js'], { runtime: 'python3.12' }));
    expect(error.issues).toEqual([
      {
        field: 'functions[0].handler',
        value: 'index.handler',
        message:
          'names index.py or index/__init__.py for python3.12, but functions/api/ has none: the function could not start. functions/api/ holds index.js, Node.js code: set functions[0].runtime to a Node.js runtime such as nodejs22.x, or add index.py',
      },
    ]);
  });

  test('GIVEN a Node.js handler naming a file that is not there THEN it says which file to add or which handler to set', () => {
    const error = refusal(project(['index.js'], { handler: 'app.handler' }));
    expect(error.issues[0]).toMatchObject({
      field: 'functions[0].handler',
      message: 'names app.js, app.mjs or app.cjs for nodejs22.x, but functions/api/ has none: the function could not start. add app.js to functions/api/, or set functions[0].handler to "<file>.<function>" of a file that is there',
    });
  });

  test('GIVEN the module as app.mjs, or index.py for Python THEN it builds', () => {
    for (const [files, fn] of [[['app.mjs'], { handler: 'app.handler' }], [['index.py'], { runtime: 'python3.12' }]] as const) {
      const dir = project([...files], fn);
      expect(fs.existsSync(synthesizeProject({ dir }).file)).toBe(true);
    }
  });

  test('GIVEN the CLI THEN synth exits 2 with the message and writes nothing', () => {
    const dir = project(['index.js'], { runtime: 'python3.12' });
    const r = runCli(['synth', '--dir', dir], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/functions\[0\]\.handler \(got "index\.handler"\): names index\.py or index\/__init__\.py for python3\.12/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
  });
});
