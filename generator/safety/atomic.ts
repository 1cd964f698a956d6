/**
 * Writes that are whole or absent: a file goes to a temporary sibling and is renamed into place; a
 * folder is built aside and swapped in. Temporaries are registered for signal clean-up, folders made
 * on the way are remembered so a failed run can remove them again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { scratchPath, temporaryFilePath, trackTemporary } from './cleanup';
import { fileKind } from './read';

/**
 * Writes `file` whole or not at all. The temporary is created exclusively (a planted file or link
 * there is never followed), and the rename replaces a link at `file` itself, never its target.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  const tmp = stageFile(file, data, options);
  try {
    fs.renameSync(tmp.path, file);
  } finally {
    tmp.discard();
  }
}

export interface StagedFile {
  /** The temporary holding the new content, beside its final place. */
  path: string;
  /** Removes the temporary if it is still there, and forgets it. */
  discard(): void;
}

/** Writes the content of `file` to its temporary sibling, ready for a rename; for multi-file commits. */
export function stageFile(file: string, data: string | Uint8Array, options: { mode?: number } = {}): StagedFile {
  const tmp = temporaryFilePath(file);
  const untrack = trackTemporary(tmp);
  const discard = () => {
    fs.rmSync(tmp, { force: true });
    untrack();
  };
  try {
    fs.rmSync(tmp, { force: true }); // our own leftover from a killed run with this PID
    fs.writeFileSync(tmp, data, { flag: 'wx', mode: options.mode });
  } catch (err) {
    discard();
    throw err;
  }
  return { path: tmp, discard };
}

/**
 * Creates `dir` and its missing parents; returns the folders it created, outermost first, so
 * `removeCreatedDirs` can take them away again after a failure.
 */
export function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) fs.mkdirSync(d);
  return missing;
}

/** Removes folders made by makeDirs that are still empty, innermost first. */
export function removeCreatedDirs(created: string[]): void {
  for (const d of [...created].reverse()) {
    try {
      fs.rmdirSync(d);
    } catch {
      return; // not empty (someone else wrote there) or already gone: leave it
    }
  }
}

/**
 * Checks, before anything is written, that `target` (a folder to create or fill) can be: its nearest
 * existing ancestor is a folder we may write to. Wrong kinds are bad input (ConfigError naming
 * `field`); a read-only or forbidden folder throws EROFS/EACCES with its path.
 */
export function assertWritableTarget(target: string, field: string, source = 'config'): void {
  let ancestor = path.resolve(target);
  let stats = fs.statSync(ancestor, { throwIfNoEntry: false });
  while (!stats) {
    const parent = path.dirname(ancestor);
    if (parent === ancestor) break;
    ancestor = parent;
    stats = fs.statSync(ancestor, { throwIfNoEntry: false });
  }
  if (stats && !stats.isDirectory()) {
    const kind = fileKind(stats);
    const message = ancestor === path.resolve(target) ? `is a ${kind}, not a folder; choose another path` : `cannot be created: ${ancestor} is a ${kind}, not a folder; choose another path`;
    throw new ConfigError([{ field, value: target, message }], source);
  }
  fs.accessSync(stats ? ancestor : path.dirname(ancestor), fs.constants.W_OK);
}

/**
 * Moves the complete folder `from` onto `to`, replacing what was there. `to` is missing only for the
 * instant between two renames; the old content is removed after the new one is in place.
 */
export function swapDir(from: string, to: string): void {
  const old = scratchPath(to, 'old');
  const untrackOld = trackTemporary(old);
  try {
    if (fs.existsSync(to)) fs.renameSync(to, old);
    try {
      fs.renameSync(from, to);
    } catch (err) {
      if (fs.existsSync(old) && !fs.existsSync(to)) fs.renameSync(old, to); // put the previous output back
      throw err;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    untrackOld();
  }
}
