/**
 * Creates a project directory: validate → render into a scratch directory → synthesize there →
 * move into place. A bad answer, an error or Ctrl-C leaves nothing half-written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { serializeConfig } from '../config/io';
import { CONFIG_FILE } from '../config/schema';
import type { ValidatedConfig } from '../config/validate';
import { replaceDir, synthesizeProject, type SynthResult } from '../synth';
import { ownPackageJson, packageRoot } from './package-root';
import { renderProject } from './render';

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

/** Files that `new` leaves alone even in a directory it may overwrite. */
const ALWAYS_KEPT = new Set(['node_modules', 'cdktf.out', '.git', '.terraform']);

export function createProject(options: CreateProjectOptions): CreatedProject {
  const target = path.resolve(options.dir);
  const previous = checkTarget(target, !!options.force);
  const scratch = path.join(path.dirname(target), `.${path.basename(target)}.vpc-lambda-gen-${process.pid}`);
  const cleanup = () => fs.rmSync(scratch, { recursive: true, force: true });
  const onSignal = () => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    fs.mkdirSync(scratch, { recursive: true });
    const selfDependency = options.local ? packLocalBuild(scratch) : `^${ownPackageJson().version}`;
    const vendored = selfDependency.startsWith('file:') ? [selfDependency.slice('file:'.length)] : [];
    const files = [...renderProject(scratch, { validated: options.validated, selfDependency }), ...vendored];
    const config = { ...options.validated.config, generatedFiles: [CONFIG_FILE, ...files].sort() };
    fs.writeFileSync(path.join(scratch, CONFIG_FILE), serializeConfig(config));
    synthesizeProject({ dir: scratch, validated: { ...options.validated, config } });

    if (previous === undefined) {
      if (fs.existsSync(target)) fs.rmdirSync(target); // empty: checked above
      replaceDir(scratch, target);
    } else {
      moveGeneratedFiles(scratch, target, previous, config.generatedFiles);
    }
    const stackDir = path.join(target, 'cdktf.out', 'stacks', config.name);
    return {
      dir: target,
      files: config.generatedFiles,
      synth: { outdir: path.join(target, 'cdktf.out'), stackDir, file: path.join(stackDir, 'cdk.tf.json'), stackName: config.name },
    };
  } finally {
    cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * An absent or empty DIR is fine. A non-empty one needs --force, and then must hold a project made
 * by `new` (its generatedFiles say what may be replaced). Returns those files, or undefined.
 */
function checkTarget(target: string, force: boolean): string[] | undefined {
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
