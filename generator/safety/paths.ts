/**
 * Confinement: every path that comes from a config or a flag must stay inside the folder it belongs
 * to (the project, or the named output folder) once symbolic links are followed. Two checks:
 * `relativePathProblem` (lexical, for validation before anything exists) and `resolveInside` (real
 * paths, at the moment of use). Callers must use the path `resolveInside` returns, never the input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';

/** Whether `child` is `parent` or below it. Both absolute and normalized. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Symbolic links followed on one resolution before it counts as a loop (Linux allows 40). */
const MAX_LINK_HOPS = 40;

/**
 * The real path of `p` with every symbolic link followed, also when `p` (or a link's target) does not
 * exist yet: the missing rest is appended to the real path of what exists. A link loop throws ELOOP.
 */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync.native(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
  }
  let hops = 0;
  let pending = abs.split(path.sep).filter(Boolean);
  let current = path.parse(abs).root;
  while (pending.length > 0) {
    const [name, ...rest] = pending;
    const next = path.join(current, name);
    let stats: fs.Stats;
    try {
      stats = fs.lstatSync(next);
    } catch {
      return path.join(next, ...rest); // from here on nothing exists: no link can redirect it
    }
    if (stats.isSymbolicLink()) {
      if (++hops > MAX_LINK_HOPS) throw Object.assign(new Error(`ELOOP: too many symbolic links, ${abs}`), { code: 'ELOOP', path: abs });
      const target = path.resolve(current, fs.readlinkSync(next));
      pending = [...target.split(path.sep).filter(Boolean), ...rest];
      current = path.parse(target).root;
      continue;
    }
    current = next;
    pending = rest;
  }
  return current;
}

export interface ConfineOptions {
  /** Config field or flag the path came from: "functions[0].source", "--out". */
  field: string;
  /** The value as the user wrote it, for the message. @default rel */
  value?: string;
  /** What the root is, for the message. @default "the project" */
  rootName?: string;
  /** Heading of the ConfigError. @default "config" */
  source?: string;
}

/**
 * Resolves `rel` against `root` and proves the result stays inside root after following every
 * symbolic link (of root too). Returns the real path to use; a ConfigError naming the field otherwise.
 */
export function resolveInside(root: string, rel: string, options: ConfineOptions): string {
  const realRoot = realPathOf(root);
  let real: string;
  try {
    real = realPathOf(path.resolve(realRoot, rel));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err;
    throw confinementError(options, 'is a symbolic link loop; fix or remove the link');
  }
  if (!isInside(realRoot, real)) {
    const where = options.rootName ?? 'the project';
    throw confinementError(options, `leads outside ${where} (to ${real}); use a folder inside ${where} (${realRoot})`);
  }
  return real;
}

function confinementError(options: ConfineOptions, message: string): ConfigError {
  return new ConfigError([{ field: options.field, value: options.value, message }], options.source ?? 'config');
}

/**
 * Why a relative path from the config cannot stay inside its folder, judged on the text alone
 * (absolute, empty, or climbing out with ".."), or undefined when it is fine. `under` is where the
 * path is relative to, inside the folder ("cdktf.out/stacks/app" for a state path).
 */
export function relativePathProblem(rel: string, under = ''): string | undefined {
  if (rel.trim() === '') return 'is empty; give a path relative to the project';
  if (path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel)) return 'is absolute; give a relative path, inside the project';
  const normalized = path.posix.normalize(path.posix.join(under || '.', rel.replace(/\\/g, '/')));
  if (normalized === '..' || normalized.startsWith('../')) return 'leads outside the project; give a path inside it';
  return undefined;
}
