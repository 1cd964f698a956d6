/**
 * One path: a project's Terraform is what its app writes. The app is the command in the project's
 * cdktf.json (`node --require tsx/cjs main.ts` in a generated project, `node dist/main.js` in this
 * repository), run the way cdktf-cli runs it: a shell command in the project folder with
 * CDKTF_OUTDIR naming the folder to write and CDKTF_CONTEXT_JSON the context. `synth`, `export` and
 * `check` read what it wrote, so the user's own constructs in main.ts are always part of it.
 *
 * The stock main.ts is `buildApp(...)` and `app.synth()` and nothing else, so the same is done here
 * in-process, without a second node process and tsx (about 0.7 s), wherever that is exactly what the
 * app would run: in a folder with a vpc-lambda-gen.json and no cdktf.json (the examples, a config in
 * CI), in `new` before the project's packages are installed, and in a project whose main.ts and
 * cdktf.json are still byte for byte as `new` wrote them (its manifest's hashes) when the
 * vpc-lambda-gen running is the one main.ts would import (or none is installed). A test proves both
 * give the same bytes. A main.ts with your code always runs as itself, and needs `npm install` first.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECK_BY_CALLER_CONTEXT } from './check/in-synthesis';
import { ConfigError } from './config/errors';
import type { ValidatedConfig } from './config/validate';
import { childProcessFault, FaultError } from './safety/faults';
import { packageRoot } from './new/package-root';
import { readManifest, sha256 } from './safety/ownership';
import { MAX_TERRAFORM_JSON_BYTES, readJsonFile } from './safety/read';

export const CDKTF_JSON = 'cdktf.json';

/** One stack the app wrote. */
export interface AppStack {
  name: string;
  /** OUTDIR/stacks/<name>: cdk.tf.json, assets/, hcl-layout.json. */
  dir: string;
  /** Its cdk.tf.json. */
  file: string;
  json: Record<string, any>;
}

export interface SynthesizeAppOptions {
  projectDir: string;
  /** An empty folder for the app to write (a scratch folder: the caller moves it into place). */
  outdir: string;
  /** For the in-process path: an already validated config. */
  validated?: ValidatedConfig;
  /**
   * The caller checks the output itself (its report, its options): the app does not check. When
   * false, a broken path fails the app, as under `cdktf synth`. @default true
   */
  checkByCaller?: boolean;
}

/** The project's app command and context, from its cdktf.json; undefined when it has none. */
export function projectApp(projectDir: string): { command: string; context: Record<string, unknown> } | undefined {
  const file = path.join(projectDir, CDKTF_JSON);
  if (!fs.lstatSync(file, { throwIfNoEntry: false })) return undefined;
  const json = readJsonFile(file, { field: CDKTF_JSON, source: file, maxBytes: 1024 * 1024 }) as { app?: unknown; context?: unknown };
  if (typeof json?.app !== 'string' || json.app.trim() === '') {
    throw new ConfigError([{ field: 'app', value: json?.app, message: 'is the command that synthesizes the project (for example "node --require tsx/cjs main.ts"); set it' }], file);
  }
  const context = json.context && typeof json.context === 'object' && !Array.isArray(json.context) ? (json.context as Record<string, unknown>) : {};
  return { command: json.app, context };
}

/** Runs the project's app (or the stock one in-process) into `outdir` and reads every stack it wrote. */
export function synthesizeApp(options: SynthesizeAppOptions): AppStack[] {
  const projectDir = path.resolve(options.projectDir);
  const context = options.checkByCaller === false ? {} : { [CHECK_BY_CALLER_CONTEXT]: true };
  const app = projectApp(projectDir);
  const runsItself = app !== undefined && !(isStockApp(projectDir) && importsThisCopy(projectDir));
  if (runsItself) runAppCommand(projectDir, app.command, { ...app.context, ...context }, options.outdir);
  else {
    // Loaded here: commands that do not synthesize must not pay for cdktf.
    const { buildApp } = require('../patterns/app') as typeof import('../patterns/app');
    buildApp({ projectDir, outdir: options.outdir, validated: options.validated, context: { ...app?.context, ...context }, exitOnError: false }).app.synth();
  }
  return readAppOutput(options.outdir, app ? `the app "${app.command}" (${CDKTF_JSON})` : 'the app');
}

/** The project's main.ts and cdktf.json are exactly what `new` generated (its manifest says so). */
export function isStockApp(projectDir: string): boolean {
  const manifest = readManifest(projectDir);
  if (manifest?.kind !== 'project') return false;
  return STOCK_APP_FILES.every((rel) => {
    const file = path.join(projectDir, rel);
    return manifest.files[rel] !== undefined && fs.lstatSync(file, { throwIfNoEntry: false })?.isFile() === true && sha256(fs.readFileSync(file)) === manifest.files[rel];
  });
}

const STOCK_APP_FILES = ['main.ts', CDKTF_JSON];

/** main.ts would import this very copy of vpc-lambda-gen, or none is installed for it to import. */
function importsThisCopy(projectDir: string): boolean {
  const installed = path.join(projectDir, 'node_modules', 'vpc-lambda-gen');
  if (!fs.existsSync(installed)) return !fs.existsSync(path.join(projectDir, 'node_modules'));
  return fs.realpathSync(installed) === fs.realpathSync(packageRoot());
}

function runAppCommand(projectDir: string, command: string, context: Record<string, unknown>, outdir: string): void {
  const what = `the app "${command}" (${CDKTF_JSON})`;
  if (fs.existsSync(path.join(projectDir, 'package.json')) && !fs.existsSync(path.join(projectDir, 'node_modules'))) {
    throw new FaultError(`${what} needs the project's packages, and ${projectDir} has no node_modules: run "npm install" there first; nothing was written`, 1);
  }
  // Context from the caller's environment too, as cdktf-cli passes it on; ours wins.
  const inherited = parseContext(process.env.CDKTF_CONTEXT_JSON);
  const result = spawnSync(command, {
    shell: true,
    cwd: projectDir,
    // The app's own output goes to stderr: stdout stays ours (a report, --json).
    stdio: ['ignore', 2, 2],
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      CDKTF_CONTEXT_JSON: JSON.stringify({ ...inherited, ...context }),
      // JSON, whatever the caller's environment asks of cdktf: check and export read it.
      SYNTH_HCL_OUTPUT: 'false',
    },
  });
  if (result.error) throw result.error;
  if (result.signal) throw childProcessFault(what, projectDir, result);
  if (result.status !== 0) {
    const hint = result.status === 127 ? ' (a command was not found: run "npm install" in the project)' : '';
    // A config error in the app is bad input (2), as it would be here; anything else is 1.
    throw new FaultError(`${what} failed with exit status ${result.status} in ${projectDir}${hint}; its output is above; nothing was written`, result.status === 2 ? 2 : 1);
  }
}

/** The context the app sees: its cdktf.json's, then the caller's CDKTF_CONTEXT_JSON, as cdktf-cli passes it on. */
export function appContext(projectDir: string): Record<string, unknown> {
  return { ...projectApp(projectDir)?.context, ...parseContext(process.env.CDKTF_CONTEXT_JSON) };
}

function parseContext(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** The stacks listed in cdktf's manifest.json of `outdir`, each with its parsed cdk.tf.json. */
export function readAppOutput(outdir: string, what = 'the app'): AppStack[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new FaultError(`${what} wrote no ${manifestFile}: it must end with app.synth(); nothing was written`, 2);
  }
  const manifest = readJsonFile(manifestFile, { field: 'manifest.json', source: manifestFile }) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  const stacks = Object.entries(manifest?.stacks ?? {}).map(([name, s]) => {
    const file = path.join(outdir, s.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json'));
    return { name, dir: path.dirname(file), file, json: readJsonFile(file, { field: 'cdk.tf.json', source: file, maxBytes: MAX_TERRAFORM_JSON_BYTES }) as Record<string, any> };
  });
  if (stacks.length === 0) throw new FaultError(`${what} synthesized no stack; nothing was written`, 2);
  return stacks;
}

/** The stack a vpc-lambda-gen command works on: the one named in the config, or the only one. */
export function mainStack(stacks: AppStack[], name: string | undefined): AppStack {
  const named = stacks.find((s) => s.name === name);
  if (named) return named;
  if (stacks.length === 1) return stacks[0];
  throw new ConfigError(
    [{ field: 'stack', value: stacks.map((s) => s.name), message: `the app wrote ${stacks.length} stacks and none is named "${name}" as in vpc-lambda-gen.json; keep the generated stack's name` }],
    'app output',
  );
}
