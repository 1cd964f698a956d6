/**
 * Ownership: vpc-lambda-gen deletes or replaces only what it provably wrote. Every folder it writes
 * into carries a manifest, `.vpc-lambda-gen/manifest.json`, listing the files it generated there with
 * their SHA-256 at generation time. On the next run a listed file whose content still has that hash
 * is ours to replace (or remove); any other file is the user's: kept, with our new version written
 * beside it as `<file>.new`. The manifest's `kind` also marks a folder as our output: `synth --out`
 * and `export` write only into a folder that is absent, empty or marked with their kind.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { makeDirs, stageFile, writeFileAtomic, type StagedFile } from './atomic';
import { isInside, realPathOf, relativePathProblem } from './paths';
import { readJsonFile } from './read';

/** The manifest, relative to the folder it describes. */
export const MANIFEST_FILE = '.vpc-lambda-gen/manifest.json';
export const MANIFEST_VERSION = 1;

/** What a marked folder is: a project made by `new`, the output of `synth`, or an `export`. */
export type FolderKind = 'project' | 'synth' | 'export';

export interface Manifest {
  kind: FolderKind;
  /** Relative path (forward slashes) → hex SHA-256 of the content we wrote. */
  files: Record<string, string>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The manifest's bytes: stable key order, so the same files give the same manifest. */
export function serializeManifest(manifest: Manifest): string {
  const files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify(
    {
      generator: 'vpc-lambda-gen',
      version: MANIFEST_VERSION,
      kind: manifest.kind,
      about: 'Files vpc-lambda-gen wrote here, with their SHA-256 when written: it replaces or removes only files that still match. Keep this file.',
      files,
    },
    null,
    2,
  )}\n`;
}

/**
 * The manifest of `dir`, or undefined when it has none. A manifest that is not ours or not valid is
 * bad input (naming the file); listed paths that would leave the folder are refused too.
 */
export function readManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.lstatSync(file, { throwIfNoEntry: false })) return undefined;
  const json = readJsonFile(file, { field: MANIFEST_FILE, source: file, maxBytes: 16 * 1024 * 1024 }) as Record<string, unknown>;
  const bad = (message: string) => new ConfigError([{ field: MANIFEST_FILE, value: file, message }], file);
  if (json?.generator !== 'vpc-lambda-gen' || !['project', 'synth', 'export'].includes(json.kind as string)) {
    throw bad('is not a vpc-lambda-gen manifest (generator and kind missing); restore it from version control or remove the folder it describes');
  }
  const files = (json.files ?? {}) as Record<string, unknown>;
  if (typeof files !== 'object' || Array.isArray(files)) throw bad('"files" is not an object of path → SHA-256');
  for (const [rel, hash] of Object.entries(files)) {
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw bad(`files["${rel}"] is not a SHA-256 hex digest`);
    const problem = relativePathProblem(rel);
    if (problem) throw bad(`files["${rel}"] ${problem.replace(/;.*/, '')}; vpc-lambda-gen never writes outside the folder, so this manifest was edited: restore it`);
  }
  return { kind: json.kind as FolderKind, files: files as Record<string, string> };
}

/** Writes `dir`'s manifest atomically (the folder .vpc-lambda-gen is created if needed). */
export function writeManifest(dir: string, manifest: Manifest): void {
  const file = path.join(dir, MANIFEST_FILE);
  makeDirs(path.dirname(file));
  writeFileAtomic(file, serializeManifest(manifest));
}

/** One file a run generates. */
export interface GeneratedFile {
  /** Relative to the folder, forward slashes. */
  path: string;
  content: string | Uint8Array;
  /**
   * Inside a function's source folder: a copy the user changed is kept without a `.new` beside it,
   * since that would be zipped into the function. @default false
   */
  inSource?: boolean;
  /** Always written, whatever is there (a file the run derives from the user's own, such as the config merged with the answers). @default false */
  derived?: boolean;
}

export type FileAction =
  /** Absent: written. */
  | 'create'
  /** Ours and unchanged since we wrote it: replaced with the new content. */
  | 'replace'
  /** Already holds exactly the new content. */
  | 'unchanged'
  /** Changed by the user (or not provably ours): kept; the new version goes to `<path>.new`. */
  | 'keep-offer'
  /** Changed by the user, with nothing new to offer, or inside a function source (a `.new` there would be zipped): kept, nothing written beside it. */
  | 'keep'
  /** Ours, unchanged, and no longer generated: removed. */
  | 'remove'
  /** No longer generated but changed, or from an earlier version without a hash: kept. */
  | 'keep-stale';

export interface PlannedFile {
  path: string;
  action: FileAction;
  /** Why a file is kept, for the summary. */
  reason?: string;
}

export interface OwnershipPlan {
  dir: string;
  files: PlannedFile[];
  /** The manifest the folder will carry afterwards. */
  manifest: Manifest;
}

/**
 * Decides, file by file, what a run may do in `dir` given what it generates now and what the folder's
 * manifest says it generated before. `legacy` lists files an earlier version generated without
 * hashes (vpc-lambda-gen.json's old `generatedFiles`): never removed, replaced only when identical.
 */
export function planOwnedFiles(dir: string, kind: FolderKind, files: GeneratedFile[], previous?: Manifest, legacy: string[] = []): OwnershipPlan {
  const realDir = realPathOf(dir);
  const before = previous?.files ?? {};
  const next: Record<string, string> = {};
  const planned: PlannedFile[] = [];
  const generated = new Set(files.map((f) => f.path));

  for (const file of files) {
    const target = confined(realDir, file.path);
    const hash = sha256(file.content);
    const current = hashOf(target, file.path);
    let action: FileAction;
    let reason: string | undefined;
    if (current === undefined) action = 'create';
    else if (current === hash) action = 'unchanged';
    else if (file.derived || before[file.path] === current) action = 'replace';
    else {
      // Nothing new to offer when we would write what we wrote last time.
      action = file.inSource || before[file.path] === hash ? 'keep' : 'keep-offer';
      reason = before[file.path] ? 'changed since vpc-lambda-gen wrote it' : legacy.includes(file.path) ? 'written by an earlier vpc-lambda-gen without a hash, so it may hold your changes' : 'not written by vpc-lambda-gen';
      const offer = `${file.path}.new`;
      const offered = action === 'keep-offer' ? hashOf(confined(realDir, offer), offer) : undefined;
      if (offered !== undefined && offered !== hash && offered !== before[offer]) {
        action = 'keep';
        reason = `${reason}, and ${offer} is not ours either`;
      }
    }
    planned.push({ path: file.path, action, reason });
    if (action === 'keep-offer') {
      next[`${file.path}.new`] = hash;
      if (before[file.path]) next[file.path] = before[file.path];
    } else if (action === 'keep') {
      if (before[file.path]) next[file.path] = before[file.path];
    } else next[file.path] = hash;
  }

  const stale = [...Object.keys(before), ...legacy].filter((rel, i, all) => !generated.has(rel) && all.indexOf(rel) === i && !rel.endsWith('.new'));
  for (const rel of stale.sort()) {
    const problem = relativePathProblem(rel);
    if (problem) {
      planned.push({ path: rel, action: 'keep-stale', reason: `listed by an earlier run but ${problem.replace(/;.*/, '')}: not touched` });
      continue;
    }
    const current = hashOf(confined(realDir, rel), rel);
    if (current === undefined) continue;
    if (before[rel] === current) planned.push({ path: rel, action: 'remove' });
    else {
      planned.push({ path: rel, action: 'keep-stale', reason: before[rel] ? 'no longer generated, and changed since vpc-lambda-gen wrote it' : 'no longer generated; written by an earlier vpc-lambda-gen without a hash' });
      if (before[rel]) next[rel] = before[rel];
    }
  }
  // `.new` files of an earlier run that are still ours and not offered again.
  for (const [rel, hash] of Object.entries(before)) {
    if (!rel.endsWith('.new') || rel in next) continue;
    const current = hashOf(confined(realDir, rel), rel);
    if (current === hash) planned.push({ path: rel, action: 'remove' });
  }
  return { dir: realDir, files: planned, manifest: { kind, files: next } };
}

/**
 * Carries out a plan: every new content is first written to a temporary beside its place (a full disk
 * or a signal stops the run with nothing changed), then all are renamed into place, stale files
 * removed, and the manifest written last.
 */
export function applyOwnedFiles(plan: OwnershipPlan, files: GeneratedFile[]): void {
  const content = new Map(files.map((f) => [f.path, f.content]));
  const writes: { target: string; data: string | Uint8Array }[] = [];
  for (const p of plan.files) {
    const data = content.get(p.path);
    if (p.action === 'create' || p.action === 'replace') writes.push({ target: confined(plan.dir, p.path), data: data! });
    if (p.action === 'keep-offer') writes.push({ target: confined(plan.dir, `${p.path}.new`), data: data! });
  }
  const staged: (StagedFile & { target: string })[] = [];
  const created: string[] = [];
  try {
    for (const w of writes) {
      created.push(...makeDirs(path.dirname(w.target)));
      staged.push({ ...stageFile(w.target, w.data), target: w.target });
    }
    for (const s of staged) fs.renameSync(s.path, s.target);
  } finally {
    for (const s of staged) s.discard();
  }
  for (const p of plan.files) {
    if (p.action !== 'remove') continue;
    const file = confined(plan.dir, p.path);
    fs.rmSync(file, { force: true });
    // Folders that held only generated files go too (an archive's old hash folder).
    for (let d = path.dirname(file); d !== plan.dir && isInside(plan.dir, d); d = path.dirname(d)) {
      if (fs.readdirSync(d).length > 0) break;
      fs.rmdirSync(d);
    }
  }
  writeManifest(plan.dir, plan.manifest);
}

/** One line per file that was not simply written: what was kept and where our version went. */
export function describePlan(plan: OwnershipPlan): string[] {
  const lines: string[] = [];
  for (const p of plan.files) {
    if (p.action === 'keep-offer') lines.push(`kept ${p.path} (${p.reason}); the new version is in ${p.path}.new`);
    else if (p.action === 'keep') lines.push(`kept ${p.path} (${p.reason})`);
    else if (p.action === 'keep-stale') lines.push(`kept ${p.path} (${p.reason})`);
    else if (p.action === 'remove') lines.push(`removed ${p.path} (generated earlier, unchanged, no longer needed)`);
  }
  return lines;
}

/** The real path of `rel` below `realDir`, refusing one that a symbolic link leads outside. */
function confined(realDir: string, rel: string): string {
  const real = realPathOf(path.join(realDir, rel));
  if (!isInside(realDir, real)) {
    throw new ConfigError([{ field: rel, value: real, message: `a symbolic link leads it outside ${realDir}; vpc-lambda-gen writes only inside the folder: remove the link` }], realDir);
  }
  return real;
}

/** SHA-256 of a regular file, undefined when absent; a folder or special file where a file belongs is refused. */
function hashOf(file: string, rel: string): string | undefined {
  const stats = fs.statSync(file, { throwIfNoEntry: false });
  if (!stats) return undefined;
  if (!stats.isFile()) {
    throw new ConfigError([{ field: rel, value: file, message: 'is not a regular file, where vpc-lambda-gen writes one; move it away and run again' }], path.dirname(file));
  }
  return sha256(fs.readFileSync(file));
}
