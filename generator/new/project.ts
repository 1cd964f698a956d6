/**
 * Creates a project directory: validate → render into a scratch directory → synthesize there →
 * move into place. A bad answer, an error or Ctrl-C leaves nothing half-written.
 *
 * In a non-empty DIR (`--force`) only files vpc-lambda-gen provably wrote are replaced: the project's
 * manifest (.vpc-lambda-gen/manifest.json) holds their hashes, and a file the user changed is kept
 * with the new version written beside it (generator/safety/ownership.ts). Handler code already in a
 * function's folder is the user's: it is synthesized as it is, and never overwritten with a sample.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { serializeConfig } from '../config/io';
import { CONFIG_FILE, type VpcLambdaConfig } from '../config/schema';
import type { ValidatedConfig } from '../config/validate';
import { estimateMonthlyCost, type CostEstimate, type TerraformJson } from '../cost';
import { assertWritableTarget, swapDir } from '../safety/atomic';
import { childProcessFault, withPath } from '../safety/faults';
import { inspectOutputFolder } from '../safety/output';
import {
  applyOwnedFiles,
  describePlan,
  planOwnedFiles,
  readManifest,
  serializeManifest,
  sha256,
  MANIFEST_FILE,
  type GeneratedFile,
  type Manifest,
  type OwnershipPlan,
} from '../safety/ownership';
import { realPathOf } from '../safety/paths';
import { readJsonFile } from '../safety/read';
import { readSourceTree } from '../safety/source-tree';
import { openWorkspace } from '../safety/workspace';
import { synthesizeProject, type SynthResult } from '../synth';
import { environmentRows, type EnvironmentRow } from './environments';
import { ownPackageJson, packageRoot } from './package-root';
import { renderTemplates, sampleFiles } from './render';

export interface CreateProjectOptions {
  dir: string;
  validated: ValidatedConfig;
  /** Replace the files an earlier `new` generated in a non-empty DIR; keep everything else. */
  force?: boolean;
  /**
   * The config was made from DIR's own vpc-lambda-gen.json (new --force): it is always written, since
   * it carries the user's values. Otherwise a config the user changed is kept like any other file.
   * @default false
   */
  configFromProject?: boolean;
  /** Depend on a tarball of this checkout (npm pack) instead of the published version. */
  local?: boolean;
}

export interface CreatedProject {
  dir: string;
  files: string[];
  synth: SynthResult;
  /** With --force: one line per file kept (changed: the new version is beside it) or removed. */
  changes: string[];
}

/** A project rendered and synthesized in a scratch directory, not yet in place. */
export interface PreparedProject {
  /** Absolute target directory. */
  dir: string;
  /** The target holds an earlier project whose generated files will be replaced (--force). */
  replacing: boolean;
  config: VpcLambdaConfig;
  /** The Terraform of its stack (with environments: of the first one's) and its fixed cost. */
  terraform: TerraformJson;
  cost: CostEstimate;
  /** With environments: each one's stack, its VPC, cost and state. */
  environments?: EnvironmentRow[];
  selfDependency: string;
  /** With --force: one line per file that will be kept or removed instead of simply written. */
  changes: string[];
  /** Moves the files into place. */
  commit(): CreatedProject;
  /** Removes the scratch directory (after commit, or instead of it). Safe to call twice. */
  discard(): void;
}

export async function createProject(options: CreateProjectOptions): Promise<CreatedProject> {
  const prepared = await prepareProject(options);
  try {
    return prepared.commit();
  } finally {
    prepared.discard();
  }
}

/** What DIR holds before `new` writes there. */
export interface ProjectTarget {
  /** Real absolute path. */
  dir: string;
  /** Absent or empty: the project is moved in whole. */
  fresh: boolean;
  /** Its manifest, when an earlier `new` wrote one. */
  manifest?: Manifest;
  /** Files an earlier version listed in the config's `generatedFiles`, without hashes. */
  legacy: string[];
}

/**
 * An absent or empty DIR is fine. A non-empty one needs --force, and then must hold a project made by
 * `new` (its manifest, or an earlier version's config listing generated files). Refusals are
 * ConfigErrors naming DIR; nothing is touched.
 */
export function checkTarget(target: string, force: boolean): ProjectTarget {
  const dir = realPathOf(target);
  const refuse = (message: string, field = 'DIR') => new ConfigError([{ field, value: target, message }], 'new');
  const stats = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stats) {
    assertWritableTarget(dir, 'DIR', 'new');
    return { dir, fresh: true, legacy: [] };
  }
  if (!stats.isDirectory()) throw refuse('exists and is not a directory; choose another path');
  fs.accessSync(path.dirname(dir), fs.constants.W_OK); // the scratch project is prepared beside it
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) return { dir, fresh: true, legacy: [] };
  if (!force) {
    throw refuse(`is not empty (${entries.length} entries); choose a new directory, or pass --force to replace the files vpc-lambda-gen generated there before`);
  }
  const manifest = readManifest(dir);
  if (manifest && manifest.kind !== 'project') throw refuse(`holds vpc-lambda-gen's ${manifest.kind} output, not a project; choose another directory`);
  const configFile = path.join(dir, CONFIG_FILE);
  const config = fs.lstatSync(configFile, { throwIfNoEntry: false })
    ? (readJsonFile(configFile, { field: CONFIG_FILE, source: configFile }) as { generatedFiles?: unknown })
    : undefined;
  const legacy = Array.isArray(config?.generatedFiles) ? config.generatedFiles.filter((f): f is string => typeof f === 'string') : [];
  if (!manifest && !config?.generatedFiles) {
    throw refuse(`has no ${MANIFEST_FILE} (nor a ${CONFIG_FILE} listing generated files), so --force cannot tell what it may replace; choose an empty directory`);
  }
  // Its cdktf.out is replaced whole: it must be our output too.
  inspectOutputFolder(path.join(dir, 'cdktf.out'), { kind: 'synth', field: 'DIR/cdktf.out', projectDir: dir, cdktfDefault: true });
  return { dir, fresh: false, manifest, legacy };
}

/**
 * Renders and synthesizes into a scratch directory next to DIR. Nothing appears in DIR until commit();
 * an error, discard() or a signal (SIGINT/SIGTERM) leaves no trace. The steps yield to the event loop
 * in between, so a Ctrl-C during a long step is handled as soon as it ends.
 */
export async function prepareProject(options: CreateProjectOptions): Promise<PreparedProject> {
  const target = checkTarget(path.resolve(options.dir), !!options.force);
  const work = openWorkspace(target.dir, 'project');
  const scratch = work.scratch;
  let open = true;
  const discard = () => {
    open = false;
    work.close();
  };
  try {
    const { config: answered } = options.validated;
    const selfDependency = options.local ? packLocalBuild(scratch) : `^${ownPackageJson().version}`;
    const vendored = selfDependency.startsWith('file:') ? [selfDependency.slice('file:'.length)] : [];
    await yieldToSignals();
    // Handler code: samples where a function's folder is new; the user's own code, as it is, elsewhere.
    const handlers = handlerFiles(target, answered);
    writeHandlersForSynth(scratch, target, answered, handlers);
    // Synthesize first: the README shows what the Terraform creates and costs. The scratch has no
    // cdktf.json yet, so this runs the stock app in-process, which is what the main.ts written below
    // does (its packages are not installed yet); a test proves both give the same bytes.
    const synth = synthesizeProject({ dir: scratch, validated: options.validated, check: 'app' });
    await yieldToSignals();
    const terraform = synth.json as TerraformJson;
    // With environments, the first one's stack stands for the project (the README's details, the summary's cost).
    const environments = environmentRows(options.validated, synth.generated);
    const cost = environments?.[0].cost ?? estimateMonthlyCost(terraform, answered.region);
    const templates = renderTemplates(scratch, { validated: options.validated, selfDependency, terraform, cost, environments });
    const config: VpcLambdaConfig = { ...answered };
    delete config.generatedFiles; // the manifest lists them now, with hashes
    fs.writeFileSync(path.join(scratch, CONFIG_FILE), serializeConfig(config));
    const generated: GeneratedFile[] = [
      { path: CONFIG_FILE, content: fs.readFileSync(path.join(scratch, CONFIG_FILE)), derived: !!options.configFromProject },
      ...handlers,
      ...[...templates, ...vendored].map((rel) => ({ path: rel, content: fs.readFileSync(path.join(scratch, rel)) })),
    ];
    let plan: OwnershipPlan | undefined;
    if (target.fresh) {
      const files = Object.fromEntries(generated.map((f) => [f.path, sha256(f.content)]));
      fs.mkdirSync(path.join(scratch, path.dirname(MANIFEST_FILE)));
      fs.writeFileSync(path.join(scratch, MANIFEST_FILE), serializeManifest({ kind: 'project', files }));
    } else {
      plan = planOwnedFiles(target.dir, 'project', generated, target.manifest, target.legacy);
    }
    await yieldToSignals();

    const commit = (): CreatedProject => {
      if (!open) throw new Error('VLG_PROJECT_DISCARDED: this prepared project was already committed or discarded');
      try {
        if (!plan) {
          if (fs.existsSync(target.dir)) fs.rmdirSync(target.dir); // empty: checked above
          fs.renameSync(scratch, target.dir);
        } else {
          applyOwnedFiles(plan, generated);
          swapDir(path.join(scratch, 'cdktf.out'), path.join(target.dir, 'cdktf.out'));
        }
      } catch (err) {
        throw withPath(err, target.dir);
      }
      work.committed();
      discard();
      const placed = synth.generated.map((stack) => {
        const stackDir = path.join(target.dir, 'cdktf.out', 'stacks', stack.name);
        return { ...stack, stackDir, file: path.join(stackDir, 'cdk.tf.json') };
      });
      return {
        dir: target.dir,
        files: generated.map((f) => f.path).sort(),
        synth: { ...synth, ...placed[0], outdir: path.join(target.dir, 'cdktf.out'), generated: placed },
        changes: plan ? describePlan(plan) : [],
      };
    };
    return { dir: target.dir, replacing: !target.fresh, config, terraform, cost, environments, selfDependency, changes: plan ? describePlan(plan) : [], commit, discard };
  } catch (err) {
    discard();
    throw withPath(err, target.dir);
  }
}

/** Lets a pending SIGINT/SIGTERM handler run (they cannot while synchronous work is going on). */
function yieldToSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The sample handler files `new` generates: into a function's folder when it is absent or empty in
 * DIR, and, in a folder that already holds code, only the files an earlier run wrote there (so an
 * unchanged sample is updated and a changed one kept); never a sample beside the user's own code.
 */
function handlerFiles(target: ProjectTarget, config: VpcLambdaConfig): GeneratedFile[] {
  const earlier = new Set([...Object.keys(target.manifest?.files ?? {}), ...target.legacy]);
  return config.functions.flatMap((fn) => {
    // An adopted function's code is its own: it gets no sample.
    if (fn.source === undefined || fn.adopt) return [];
    const files = sampleFiles(config, fn);
    if (target.fresh || isEmptyFolder(path.join(target.dir, fn.source))) return files;
    return files.filter((f) => earlier.has(f.path));
  });
}

function isEmptyFolder(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch {
    return true; // absent
  }
}

/**
 * Puts into the scratch project the code each function will have once committed, so the synthesized
 * archives are the real ones: the user's files as they are (read confined, links followed only
 * inside DIR), with the samples that will be written on top.
 */
function writeHandlersForSynth(scratch: string, target: ProjectTarget, config: VpcLambdaConfig, handlers: GeneratedFile[]): void {
  config.functions.forEach((fn, i) => {
    if (fn.source === undefined || target.fresh || isEmptyFolder(path.join(target.dir, fn.source))) return;
    for (const [rel, bytes] of readSourceTree({ projectDir: target.dir, source: fn.source, field: `functions[${i}].source` })) {
      writeScratchFile(scratch, `${fn.source}/${rel}`, bytes);
    }
  });
  const plan = target.fresh ? undefined : planOwnedFiles(target.dir, 'project', handlers, target.manifest, target.legacy);
  const written = new Set(plan ? plan.files.filter((p) => p.action === 'create' || p.action === 'replace').map((p) => p.path) : handlers.map((h) => h.path));
  for (const h of handlers) if (written.has(h.path)) writeScratchFile(scratch, h.path, h.content);
}

function writeScratchFile(scratch: string, rel: string, content: string | Uint8Array): void {
  const file = path.join(scratch, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** `npm pack` of this checkout into DIR/vendor, for projects made before vpc-lambda-gen is published. */
function packLocalBuild(scratch: string): string {
  const vendor = path.join(scratch, 'vendor');
  fs.mkdirSync(vendor, { recursive: true });
  let out: string;
  try {
    out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', vendor], {
      cwd: packageRoot(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    throw childProcessFault('npm pack', packageRoot(), err as { signal?: string; status?: number });
  }
  const tarball = out.trim().split('\n').pop()!;
  return `file:vendor/${tarball}`;
}

/** `npm install` in the new project, with npm's own progress on the terminal. */
export function installDependencies(dir: string): void {
  const result = spawnSync('npm', ['install', '--no-fund', '--no-audit'], { cwd: dir, stdio: 'inherit' });
  if (result.error || result.status !== 0) throw childProcessFault('npm install', dir, result);
}
