/**
 * Where a run prepares what it will put in place: a scratch folder beside the target, the target's
 * lock, and the parent folders made for them. Stale leftovers of killed runs beside the target are
 * swept first. close() takes it all away again (the parents too, unless something was committed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeDirs, removeCreatedDirs } from './atomic';
import { lockTarget, scratchPath, sweepStale, trackTemporary } from './cleanup';

export interface Workspace {
  /** Absolute target path. */
  target: string;
  /** A fresh, empty folder beside the target, removed on close() and on a signal. */
  scratch: string;
  /** Says the target now holds committed content: close() keeps the parent folders it made. */
  committed(): void;
  /** Removes the scratch folder and the lock. Safe to call twice. */
  close(): void;
}

/**
 * Sweeps the target's stale leftovers, takes its lock (a concurrent run is refused, exit 1) and makes
 * the scratch folder (`<target>.partial-<pid>`, or `.<target>.vpc-lambda-gen-<pid>` for a project).
 */
export function openWorkspace(target: string, kind: 'partial' | 'project'): Workspace {
  const abs = path.resolve(target);
  const created = makeDirs(path.dirname(abs));
  const scratch = scratchPath(abs, kind);
  const untrack = trackTemporary(scratch);
  let release: (() => void) | undefined;
  let open = true;
  let committed = false;
  const close = () => {
    if (!open) return;
    open = false;
    fs.rmSync(scratch, { recursive: true, force: true });
    untrack();
    release?.();
    if (!committed) removeCreatedDirs(created);
  };
  try {
    sweepStale(abs);
    release = lockTarget(abs);
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.mkdirSync(scratch);
  } catch (err) {
    close();
    throw err;
  }
  return { target: abs, scratch, committed: () => (committed = true), close };
}
