/**
 * Creates a project directory: validate → render into a scratch directory → synthesize there →
 * move into place. A bad answer, an error or Ctrl-C leaves nothing half-written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { serializeConfig } from '../config/io';
import { CONFIG_FILE, type VpcLambdaConfig } from '../config/schema';
import type { ValidatedConfig } from '../config/validate';
import { estimateMonthlyCost, type CostEstimate, type TerraformJson } from '../cost';
import { replaceDir, synthesizeProject, type SynthResult } from '../synth';
import { ownPackageJson, packageRoot } from './package-root';
import { copyHandlers, renderTemplates } from './render';

export interface CreateProjectOptions {
  dir: string;
  validated: ValidatedConfig;
  /** Replace the files an earlier `new` generated in a non-empty DIR; keep everything else. */
  force?: boolean;
  /** Depend on a tarball of this checkout (npm pack) instead of the published version. */
  local?: boolean;
}

export interface CreatedProject {
  dir: string;
  files: string[];
  synth: SynthResult;
}

/** A project rendered and synthesized in a scratch directory, not yet in place. */
export interface PreparedProject {
  /** Absolute target directory. */
  dir: string;
  /** The target holds an earlier project whose generated files will be replaced (--force). */
  replacing: boolean;
  config: VpcLambdaConfig;
  terraform: TerraformJson;
  cost: CostEstimate;
  selfDependency: string;
  /** Moves the files into place. */
  commit(): CreatedProject;
  /** Removes the scratch directory (after commit, or instead of it). Safe to call twice. */
  discard(): void;
}

/** Files that `new` leaves alone even in a directory it may overwrite. */
const ALWAYS_KEPT = new Set(['node_modules', 'cdktf.out', '.git', '.terraform']);

export async function createProject(options: CreateProjectOptions): Promise<CreatedProject> {
  const prepared = await prepareProject(options);
  try {
    return prepared.commit();
  } finally {
    prepared.discard();
  }
}

/**
 * Renders and synthesizes into a scratch directory next to DIR. Nothing appears in DIR until commit();
 * an error, discard() or a signal (SIGINT/SIGTERM) leaves no trace. The steps yield to the event loop
 * in between, so a Ctrl-C during a long step is handled as soon as it ends.
 */
export async function prepareProject(options: CreateProjectOptions): Promise<PreparedProject> {
  const target = path.resolve(options.dir);
  const previous = checkTarget(target, !!options.force);
  const scratch = path.join(path.dirname(target), `.${path.basename(target)}.vpc-lambda-gen-${process.pid}`);
  let open = true;
  const discard = () => {
    if (!open) return;
    open = false;
    fs.rmSync(scratch, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const onSignal = () => {
    discard();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    fs.mkdirSync(scratch, { recursive: true });
    const selfDependency = options.local ? packLocalBuild(scratch) : `^${ownPackageJson().version}`;
    const vendored = selfDependency.startsWith('file:') ? [selfDependency.slice('file:'.length)] : [];
    await yieldToSignals();
    const handlerFiles = copyHandlers(scratch, options.validated.config);
    // Synthesize first: the README shows what the Terraform creates and costs.
    const synth = synthesizeProject({ dir: scratch, validated: options.validated });
    await yieldToSignals();
    const terraform = JSON.parse(fs.readFileSync(synth.file, 'utf8')) as TerraformJson;
    const cost = estimateMonthlyCost(terraform, options.validated.config.region);
    const templateFiles = renderTemplates(scratch, { validated: options.validated, selfDependency, terraform, cost });
    const config = { ...options.validated.config, generatedFiles: [CONFIG_FILE, ...handlerFiles, ...templateFiles, ...vendored].sort() };
    fs.writeFileSync(path.join(scratch, CONFIG_FILE), serializeConfig(config));
    await yieldToSignals();

    const commit = (): CreatedProject => {
      if (!open) throw new Error('VLG_PROJECT_DISCARDED: this prepared project was already committed or discarded');
      if (previous === undefined) {
        if (fs.existsSync(target)) fs.rmdirSync(target); // empty: checked above
        replaceDir(scratch, target);
      } else {
        moveGeneratedFiles(scratch, target, previous, config.generatedFiles);
      }
      discard();
      const stackDir = path.join(target, 'cdktf.out', 'stacks', config.name);
      return {
        dir: target,
        files: config.generatedFiles,
        synth: { outdir: path.join(target, 'cdktf.out'), stackDir, file: path.join(stackDir, 'cdk.tf.json'), stackName: config.name },
      };
    };
    return { dir: target, replacing: previous !== undefined, config, terraform, cost, selfDependency, commit, discard };
  } catch (err) {
    discard();
    throw err;
  }
}

/** Lets a pending SIGINT/SIGTERM handler run (they cannot while synchronous work is going on). */
function yieldToSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * An absent or empty DIR is fine. A non-empty one needs --force, and then must hold a project made
 * by `new` (its generatedFiles say what may be replaced). Returns those files, or undefined.
 */
export function checkTarget(target: string, force: boolean): string[] | undefined {
  if (!fs.existsSync(target)) return undefined;
  if (!fs.statSync(target).isDirectory()) {
    throw new ConfigError([{ field: 'DIR', value: target, message: 'exists and is not a directory; choose another path' }], 'new');
  }
  const entries = fs.readdirSync(target);
  if (entries.length === 0) return undefined;
  if (!force) {
    throw new ConfigError(
      [{ field: 'DIR', value: target, message: `is not empty (${entries.length} entries); choose a new directory, or pass --force to replace the files vpc-lambda-gen generated there before` }],
      'new',
    );
  }
  const configFile = path.join(target, CONFIG_FILE);
  const previous = fs.existsSync(configFile) ? (JSON.parse(fs.readFileSync(configFile, 'utf8')).generatedFiles as string[] | undefined) : undefined;
  if (!previous) {
    throw new ConfigError(
      [{ field: 'DIR', value: target, message: `has no ${CONFIG_FILE} listing generated files, so --force cannot tell what it may replace; choose an empty directory` }],
      'new',
    );
  }
  return previous;
}

/** Replaces earlier generated files with the new ones; files the user added stay untouched. */
function moveGeneratedFiles(scratch: string, target: string, previous: string[], next: string[]): void {
  for (const rel of previous) {
    if (!next.includes(rel) && !ALWAYS_KEPT.has(rel.split('/')[0])) fs.rmSync(path.join(target, rel), { force: true });
  }
  for (const rel of next) {
    fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
    fs.copyFileSync(path.join(scratch, rel), path.join(target, rel));
  }
  replaceDir(path.join(scratch, 'cdktf.out'), path.join(target, 'cdktf.out'));
}

/** `npm pack` of this checkout into DIR/vendor, for projects made before vpc-lambda-gen is published. */
function packLocalBuild(scratch: string): string {
  const vendor = path.join(scratch, 'vendor');
  fs.mkdirSync(vendor, { recursive: true });
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', vendor], {
    cwd: packageRoot(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tarball = out.trim().split('\n').pop()!;
  return `file:vendor/${tarball}`;
}

/** `npm install` in the new project, with npm's own progress on the terminal. */
export function installDependencies(dir: string): void {
  const result = spawnSync('npm', ['install', '--no-fund', '--no-audit'], { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm install failed in ${dir} (exit ${result.status}); fix the error above and run it again there`);
}
