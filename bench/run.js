#!/usr/bin/env node
/**
 * `npm run bench`: vpc-lambda-gen against stock CDKTF on the same stack, in one run.
 * Medians of N runs after a warm-up, wall time and peak RSS (largest process, from GNU time).
 * Prints one table, writes bench/results.json. Never part of `npm test`.
 *
 *   node bench/run.js [--runs 5] [--skip-stock] [--skip-install] [--pattern ID] [--only generated]
 *
 * `--only generated` measures just the generated project (section 3): its app alone, `npx cdktf
 * synth`, `npm run synth`, `vpc-lambda-gen synth` and `npm test`, each of which runs main.ts.
 */
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const args = parseArgs(process.argv.slice(2));
/** Sections to run: all, or only the generated project's. */
const wanted = (section) => !args.only || args.only === section;
const RUNS = Number(args.runs ?? 5);
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-bench-'));
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const env = { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true', CDKTF_DISABLE_LOGGING: 'true' };

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i++) {
    const key = list[i].replace(/^--/, '');
    out[key] = list[i + 1] && !list[i + 1].startsWith('--') ? list[++i] : true;
  }
  return out;
}

/** Runs a command once; returns wall seconds and peak RSS in MB of the largest process. */
function once(cmd, argv, cwd, extraEnv = {}) {
  const started = process.hrtime.bigint();
  const command = TIME ? TIME : cmd;
  const full = TIME ? ['-f', '__RSS_KB=%M', cmd, ...argv] : argv;
  const r = spawnSync(command, full, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed in ${cwd} (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  const rss = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { seconds, rssMb: rss ? Number(rss[1]) / 1024 : undefined };
}

/** Warm-up, then the median of RUNS runs. */
function measure(label, cmd, argv, cwd, extraEnv, runs = RUNS) {
  process.stderr.write(`  ${label} ...`);
  once(cmd, argv, cwd, extraEnv);
  const samples = Array.from({ length: runs }, () => once(cmd, argv, cwd, extraEnv));
  const result = { label, seconds: median(samples.map((s) => s.seconds)), rssMb: median(samples.map((s) => s.rssMb ?? NaN)), runs };
  process.stderr.write(` ${result.seconds.toFixed(3)} s, ${fmtMb(result.rssMb)}\n`);
  return result;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const fmtMb = (mb) => (Number.isFinite(mb) ? `${mb.toFixed(0)} MB` : 'n/a');
const dirBytes = (dir) => Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);

/** Example configs: examples/<pattern>/vpc-lambda-gen.json, else the repo's own example. */
function exampleProjects() {
  const dir = path.join(ROOT, 'examples');
  const found = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((p) => fs.existsSync(path.join(dir, p, 'vpc-lambda-gen.json'))).sort()
    : [];
  return found.length > 0 ? found.map((p) => ({ id: p, dir: path.join(dir, p) })) : [{ id: 'nat-gateway', dir: ROOT }];
}

/** Resources in a project's synthesized stack. */
function resourceCount(projectDir) {
  const stacks = path.join(projectDir, 'cdktf.out', 'stacks');
  const json = JSON.parse(fs.readFileSync(path.join(stacks, fs.readdirSync(stacks)[0], 'cdk.tf.json'), 'utf8'));
  return Object.values(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** Resource count of a synthesized stack, to pick "the largest pattern". */
function synthCount(projectDir) {
  const out = path.join(WORK, `count-${path.basename(projectDir)}`);
  once(process.execPath, [CLI, 'synth', '--dir', projectDir, '--out', out], ROOT);
  const stacks = path.join(out, 'stacks');
  const json = JSON.parse(fs.readFileSync(path.join(stacks, fs.readdirSync(stacks)[0], 'cdk.tf.json'), 'utf8'));
  return Object.values(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** A copy of a project with one extra function per index, all sharing the first function's code. */
function scaledProject(base, functions) {
  const dir = path.join(WORK, `scale-${functions}`);
  fs.mkdirSync(dir, { recursive: true });
  const config = JSON.parse(fs.readFileSync(path.join(base, 'vpc-lambda-gen.json'), 'utf8'));
  const source = path.resolve(base, config.functions[0].source ?? `functions/${config.functions[0].name}`);
  fs.cpSync(source, path.join(dir, 'code'), { recursive: true });
  config.functions = Array.from({ length: functions }, (_, i) => ({ ...config.functions[0], name: `fn${i + 1}`, source: 'code' }));
  config.pattern = { id: 'nat-gateway' };
  delete config.generatedFiles;
  fs.writeFileSync(path.join(dir, 'vpc-lambda-gen.json'), JSON.stringify(config, null, 2));
  return dir;
}

/**
 * The stock pipeline on the same stack: our constructs' TypeScript sources in a project run by
 * ts-node through cdktf-cli, as `cdktf init` sets one up. `rootImports` rewrites every deep import
 * of @cdktf/provider-aws to the package root, which is how most CDKTF code is written.
 */
function stockProject(name, projectDir, rootImports) {
  const dir = path.join(WORK, name);
  for (const sub of ['patterns', 'generator']) fs.cpSync(path.join(ROOT, sub), path.join(dir, sub), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    `import { buildApp } from './patterns/app';\nbuildApp({ projectDir: ${JSON.stringify(projectDir)} }).app.synth();\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, resolveJsonModule: true, skipLibCheck: true, types: ['node'] }, include: ['main.ts'] }),
  );
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts', sendCrashReports: 'false', terraformProviders: [] }));
  if (rootImports) for (const file of tsFiles(dir)) fs.writeFileSync(file, toRootImports(fs.readFileSync(file, 'utf8')));
  return dir;
}

function tsFiles(dir) {
  return fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.ts') && !f.startsWith('node_modules')).map((f) => path.join(dir, f));
}

/** import { A, type B } from '@cdktf/provider-aws/lib/x-y' → a namespace import from the package root. */
function toRootImports(source) {
  return source.replace(/import (type )?\{([^}]*)\} from '@cdktf\/provider-aws\/lib\/([\w-]+)';/g, (_m, allTypes, names, mod) => {
    const ns = mod.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    const alias = `__aws_${ns}`;
    const lines = [`import { ${ns} as ${alias} } from '@cdktf/provider-aws';`];
    for (const raw of names.split(',').map((s) => s.trim()).filter(Boolean)) {
      const isType = allTypes || raw.startsWith('type ');
      const name = raw.replace(/^type /, '');
      lines.push(`type ${name} = ${alias}.${name};`);
      if (!isType) lines.push(`const ${name} = ${alias}.${name};`);
    }
    return lines.join(' ');
  });
}

function main() {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run "npm run build" first');
  const rows = [];
  const ratios = [];
  const machine = machineLine();
  console.error(`Benchmark on ${machine}; ${RUNS} runs after a warm-up; scratch ${WORK}`);

  // 1. Our synth, every pattern; the largest with the SSM host.
  console.error('1. vpc-lambda-gen synth per pattern');
  const examples = exampleProjects().filter((e) => !args.pattern || e.id === args.pattern);
  const sized = examples.map((e) => ({ ...e, resources: synthCount(e.dir) })).sort((a, b) => b.resources - a.resources);
  const synthOf = (e, label) => measure(label, process.execPath, [CLI, 'synth', '--dir', e.dir, '--out', path.join(WORK, `out-${e.id}`)], ROOT);
  const largest = sized[0];
  if (wanted('synth')) for (const e of sized) rows.push({ group: 'synth', ...synthOf(e, `synth ${e.id} (${e.resources} resources)`) });
  const largestRow = rows.find((r) => r.label.startsWith(`synth ${largest.id} `));
  if (wanted('synth')) {
  const withSsm = path.join(WORK, 'largest-ssm');
  fs.cpSync(largest.dir, withSsm, { recursive: true, filter: (f) => !f.includes('cdktf.out') && !f.includes('node_modules') });
  const ssmConfig = JSON.parse(fs.readFileSync(path.join(withSsm, 'vpc-lambda-gen.json'), 'utf8'));
  // The copy sits elsewhere: bring the function code along.
  ssmConfig.functions = ssmConfig.functions.map((f) => {
    fs.cpSync(path.resolve(largest.dir, f.source), path.join(withSsm, 'code', f.name), { recursive: true });
    return { ...f, source: `code/${f.name}` };
  });
  fs.writeFileSync(path.join(withSsm, 'vpc-lambda-gen.json'), JSON.stringify({ ...ssmConfig, ssmHost: true }, null, 2));
  rows.push({ group: 'synth', ...synthOf({ id: 'largest-ssm', dir: withSsm }, `synth ${largest.id} + SSM host`) });
  }

  // 2. The same stack through the stock pipeline.
  if (!args['skip-stock'] && wanted('stock')) {
    console.error(`2. stock CDKTF on the same stack (${largest.id})`);
    const cdktf = path.join(ROOT, 'node_modules', '.bin', 'cdktf');
    for (const [name, root] of [['deep imports', false], ['package-root imports', true]]) {
      const dir = stockProject(root ? 'stock-root' : 'stock-deep', largest.dir, root);
      const app = measure(`stock ${name}, ts-node app alone`, path.join(ROOT, 'node_modules', '.bin', 'ts-node'), ['main.ts'], dir, { CDKTF_OUTDIR: path.join(dir, 'app-out') });
      const full = measure(`stock ${name}, npx cdktf synth`, cdktf, ['synth'], dir);
      rows.push({ group: 'stock', ...app }, { group: 'stock', ...full });
      ratios.push({ what: `synth ${largest.id}: ours vs stock ${name} (cdktf synth)`, ratio: full.seconds / largestRow.seconds });
      ratios.push({ what: `synth ${largest.id}: ours vs stock ${name} (app alone)`, ratio: app.seconds / largestRow.seconds });
      if (root) rows.stockRoot = full;
      else rows.stockDeep = full;
    }
  }

  // 3. A generated project's own synth (needs npm install of a packed build): every way to run its main.ts.
  let generatedNodeModules;
  if (!args['skip-install'] && wanted('generated')) {
    console.error('3. generated project (npm install of the packed CLI, then its synths)');
    const cwd = path.join(WORK, 'generated');
    fs.mkdirSync(cwd);
    once(process.execPath, [CLI, 'new', 'gen-app', '--yes', '--local', '--pattern', largest.id, ...(REQUIRED_FLAGS[largest.id] ?? [])], cwd);
    const project = path.join(cwd, 'gen-app');
    execFileSync('npm', ['install', '--no-fund', '--no-audit', '--silent'], { cwd: project, env, stdio: 'inherit' });
    generatedNodeModules = dirBytes(path.join(project, 'node_modules'));
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.json'), 'utf8'));
    const [appCmd, ...appArgs] = cdktfJson.app.split(' ');
    const app = measure(`generated project app (${cdktfJson.app})`, appCmd, appArgs, project, { CDKTF_OUTDIR: path.join(project, 'app-out') });
    const full = measure('generated project npx cdktf synth', 'npx', ['cdktf', 'synth'], project);
    const own = measure('generated project npm run synth', 'npm', ['run', '--silent', 'synth'], project);
    const bin = measure('generated project vpc-lambda-gen synth', path.join(project, 'node_modules', '.bin', 'vpc-lambda-gen'), ['synth'], project);
    const test = measure('generated project npm test (tsc --noEmit, app, check)', 'npm', ['test', '--silent'], project);
    rows.push({ group: 'generated', ...app }, { group: 'generated', ...full }, { group: 'generated', ...own }, { group: 'generated', ...bin }, { group: 'generated', ...test });
    // main.ts with one construct of the user's: now the app itself runs (a node process with tsx).
    const main = path.join(project, 'main.ts');
    const stock = fs.readFileSync(main, 'utf8');
    fs.writeFileSync(main, `import { TerraformOutput } from 'cdktf';\n${stock.replace('app.synth();', "new TerraformOutput(stack, 'bench', { value: stack.network.vpc.id });\napp.synth();")}`);
    const ownUser = measure('generated project npm run synth, main.ts with one construct', 'npm', ['run', '--silent', 'synth'], project);
    const binUser = measure('generated project vpc-lambda-gen synth, main.ts with one construct', path.join(project, 'node_modules', '.bin', 'vpc-lambda-gen'), ['synth'], project);
    fs.writeFileSync(main, stock);
    rows.push({ group: 'generated', ...ownUser }, { group: 'generated', ...binUser });
    if (rows.stockDeep) ratios.push({ what: 'generated npx cdktf synth vs stock deep imports', ratio: rows.stockDeep.seconds / full.seconds });
    if (rows.stockRoot) ratios.push({ what: 'generated npx cdktf synth vs stock package-root', ratio: rows.stockRoot.seconds / full.seconds });
  }

  if (args.only) return finish({ largest, rows, ratios, scaling: [], footprint: {} });

  // 4. Scaling with the number of functions.
  console.error('4. scaling');
  const scaling = [];
  for (const n of [1, 10, 50, 200]) {
    const dir = scaledProject(ROOT, n);
    const r = measure(`synth with ${n} functions`, process.execPath, [CLI, 'synth', '--dir', dir], ROOT);
    const bytes = fs.statSync(path.join(dir, 'cdktf.out', 'stacks', 'example', 'cdk.tf.json')).size;
    scaling.push({ functions: n, seconds: r.seconds, rssMb: r.rssMb, cdkTfJsonBytes: bytes });
    rows.push({ group: 'scaling', ...r, note: `${(bytes / 1024).toFixed(0)} KiB cdk.tf.json` });
  }
  const perFunctionMs = ((scaling[3].seconds - scaling[0].seconds) / 199) * 1000;
  ratios.push({ what: 'cost per added function (1 → 200), ms', ratio: perFunctionMs });

  // 4b. check alone on big configurations: the 200-function stack, and one of at least 2,000 resources
  //     (JSON, and the same as HCL through export); the target is under one second.
  console.error('4b. check of big configurations');
  const checkOf = (label, target) => rows.push({ group: 'check', ...measure(label, process.execPath, [CLI, 'check', target], ROOT) });
  checkOf(`check of the 200-function stack (${resourceCount(path.join(WORK, 'scale-200'))} resources, JSON)`, path.join(WORK, 'scale-200'));
  const big = scaledProject(ROOT, 285);
  once(process.execPath, [CLI, 'synth', '--dir', big], ROOT);
  checkOf(`check of a ${resourceCount(big)}-resource configuration (JSON)`, big);
  const bigHcl = path.join(WORK, 'scale-285-hcl');
  once(process.execPath, [CLI, 'export', bigHcl, '--dir', big], ROOT);
  checkOf(`check of the same configuration as HCL (export folder)`, bigHcl);

  // 5. Commands that must not load cdktf.
  console.error('5. commands without synthesis');
  rows.push({ group: 'cli', ...measure('vpc-lambda-gen --help', process.execPath, [CLI, '--help'], ROOT) });
  rows.push({ group: 'cli', ...measure('vpc-lambda-gen patterns', process.execPath, [CLI, 'patterns'], ROOT) });
  const newDir = path.join(WORK, 'new-e2e');
  fs.mkdirSync(newDir);
  let k = 0;
  const newRun = () => ['new', `p${k++}`, '--yes'];
  process.stderr.write('  new --yes end to end ...');
  once(process.execPath, [CLI, ...newRun()], newDir);
  const newSamples = Array.from({ length: RUNS }, () => once(process.execPath, [CLI, ...newRun()], newDir));
  const newRow = { label: 'vpc-lambda-gen new --yes (no install)', seconds: median(newSamples.map((s) => s.seconds)), rssMb: median(newSamples.map((s) => s.rssMb ?? NaN)), runs: RUNS };
  process.stderr.write(` ${newRow.seconds.toFixed(3)} s\n`);
  rows.push({ group: 'cli', ...newRow });

  // 6. Install footprint.
  console.error('6. install footprint');
  const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, env, encoding: 'utf8' }))[0];
  const footprint = { packedBytes: pack.size, unpackedBytes: pack.unpackedSize, files: pack.entryCount };
  if (!args['skip-install']) {
    const prod = path.join(WORK, 'prod-install');
    fs.mkdirSync(prod);
    const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', prod], { cwd: ROOT, env, encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(prod, 'package.json'), '{"name":"probe","private":true}');
    execFileSync('npm', ['install', '--omit=dev', '--no-fund', '--no-audit', '--silent', `./${tgz}`], { cwd: prod, env, stdio: 'inherit' });
    footprint.productionTreeBytes = dirBytes(path.join(prod, 'node_modules'));
    footprint.generatedProjectNodeModulesBytes = generatedNodeModules;
  }

  finish({ largest, rows, ratios, scaling, footprint });
}

function machineLine() {
  return `${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`;
}

function finish({ largest, rows, ratios, scaling, footprint }) {
  const machine = machineLine();
  const result = { date: new Date().toISOString(), machine, runs: RUNS, only: args.only, largestPattern: largest.id, rows, ratios, scaling, footprint };
  fs.writeFileSync(path.join(__dirname, args.only ? `results-${args.only}.json` : 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(renderTable(result));
  fs.rmSync(WORK, { recursive: true, force: true });
}

/** The flags `new --yes` needs for patterns with required answers (same values as examples/). */
const REQUIRED_FLAGS = {
  privatelink: ['--allowed-principals', '111122223333'],
  peering: ['--peer-vpc-id', 'vpc-0a1b2c3d4e5f60718', '--peer-cidr', '10.20.0.0/16'],
};

function renderTable(r) {
  const lines = [`Machine: ${r.machine}`, `Medians of ${r.runs} runs after one warm-up (peak RSS: largest process).`, '', '| what | median s | peak RSS | note |', '| --- | ---: | ---: | --- |'];
  for (const row of r.rows) lines.push(`| ${row.label} | ${row.seconds.toFixed(3)} | ${fmtMb(row.rssMb)} | ${row.note ?? ''} |`);
  lines.push('', '| comparison | factor |', '| --- | ---: |');
  for (const x of r.ratios) lines.push(`| ${x.what} | ${x.ratio.toFixed(x.what.endsWith('ms') ? 2 : 1)}${x.what.endsWith('ms') ? '' : '×'} |`);
  const mb = (b) => (b === undefined ? 'n/a' : `${(b / 2 ** 20).toFixed(1)} MB`);
  if (r.footprint.packedBytes === undefined) return lines.join('\n');
  lines.push('', '| install footprint | size |', '| --- | ---: |');
  lines.push(`| npm pack (packed / unpacked, ${r.footprint.files} files) | ${mb(r.footprint.packedBytes)} / ${mb(r.footprint.unpackedBytes)} |`);
  lines.push(`| production dependency tree (npm install --omit=dev of the tarball) | ${mb(r.footprint.productionTreeBytes)} |`);
  lines.push(`| generated project node_modules | ${mb(r.footprint.generatedProjectNodeModulesBytes)} |`);
  return lines.join('\n');
}

main();
