/**
 * Nothing half-written survives a run: every scratch folder, temporary file and lock is registered
 * while it exists; SIGINT/SIGTERM (and an exit on an error) remove what is registered, and the next
 * run removes what a killed run (SIGKILL, power loss) left, recognised by our names and a dead PID.
 *
 * Node runs signal handlers between tasks, so synchronous work (a synth) finishes or fails first and
 * a signal never lands between a temporary's write and its rename.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FaultError, SIGNAL_EXIT_CODES } from './faults';

/**
 * The registry lives on globalThis: the CLI and the constructs are separate bundles, each with its
 * own copy of this module, and a temporary registered by one must be removed by the other's handler.
 */
interface Registry {
  paths: Set<string>;
  installed: boolean;
  /** A signal was already reported (by the error it caused), so the handler stays quiet. */
  reported: boolean;
}
const KEY = Symbol.for('vpc-lambda-gen.temporaries');
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry>;
  return (g[KEY] ??= { paths: new Set(), installed: false, reported: false });
}

/** Registers a scratch folder or temporary file for removal on a signal; call the result once it is gone or kept. */
export function trackTemporary(p: string): () => void {
  registry().paths.add(p);
  return () => {
    registry().paths.delete(p);
  };
}

/** Removes every registered temporary now; returns what existed. */
export function removeTemporaries(): string[] {
  const removed: string[] = [];
  for (const p of [...registry().paths].reverse()) {
    try {
      if (fs.lstatSync(p, { throwIfNoEntry: false })) {
        fs.rmSync(p, { recursive: true, force: true });
        removed.push(p);
      }
    } catch {
      // best effort: the next run's sweep removes what is left
    }
    registry().paths.delete(p);
  }
  return removed;
}

/** Tells the signal handler the signal was already reported as an error line. */
export function noteSignalReported(): void {
  registry().reported = true;
}

/**
 * For the CLI (once): on SIGINT/SIGTERM remove the registered temporaries, say so in one line and
 * exit 130/143; on exit, remove anything still registered.
 */
export function installSignalCleanup(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const reg = registry();
  if (reg.installed) return;
  reg.installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      const removed = removeTemporaries();
      if (!reg.reported) {
        const what =
          removed.length > 0
            ? `removed the unfinished ${removed.map((p) => path.relative(process.cwd(), p) || p).join(', ')}; nothing else was changed`
            : 'nothing was left half-written (what was already complete stays)';
        log(`vpc-lambda-gen: stopped by ${signal}; ${what}`);
      }
      process.exit(SIGNAL_EXIT_CODES[signal]);
    });
  }
  process.on('exit', () => {
    removeTemporaries();
  });
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names our scratch entries take beside a target named `base`; the first group is the PID. */
function scratchPatterns(base: string): RegExp[] {
  const b = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    new RegExp(`^${b}\\.partial-(\\d+)$`), // synth / export scratch output
    new RegExp(`^${b}\\.old-(\\d+)$`), // the previous output, during a swap
    new RegExp(`^\\.${b}\\.vpc-lambda-gen-(\\d+)$`), // new's scratch project
    new RegExp(`^\\.${b}\\.(\\d+)\\.vlg-tmp$`), // a file being written
  ];
}

/** The scratch sibling of `target` for this process: `<target>.partial-<pid>`. */
export function scratchPath(target: string, kind: 'partial' | 'old' | 'project'): string {
  const base = path.basename(target);
  const dir = path.dirname(target);
  if (kind === 'project') return path.join(dir, `.${base}.vpc-lambda-gen-${process.pid}`);
  return path.join(dir, `${base}.${kind}-${process.pid}`);
}

/** The temporary sibling a file is written to before its rename. */
export function temporaryFilePath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.vlg-tmp`);
}

/**
 * Removes what killed runs left beside `target` (scratch folders, old outputs, temporaries, a lock)
 * when the PID in the name is no longer running. Returns the removed paths.
 */
export function sweepStale(target: string): string[] {
  const dir = path.dirname(target);
  const patterns = scratchPatterns(path.basename(target));
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const pid = patterns.map((re) => re.exec(entry)?.[1]).find(Boolean);
    if (pid === undefined || isProcessAlive(Number(pid))) continue;
    fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    removed.push(path.join(dir, entry));
  }
  const lock = lockPath(target);
  const holder = readLockHolder(lock);
  if (holder !== undefined && !isProcessAlive(holder)) {
    fs.rmSync(lock, { force: true });
    removed.push(lock);
  }
  return removed;
}

function lockPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.vpc-lambda-gen.lock`);
}

/** The PID in a lock file; 0 when it holds anything else (or is not a regular file); undefined when absent. */
function readLockHolder(lock: string): number | undefined {
  const stats = fs.lstatSync(lock, { throwIfNoEntry: false });
  if (!stats) return undefined;
  if (!stats.isFile() || stats.size > 64) return 0;
  const text = fs.readFileSync(lock, 'utf8').trim();
  return /^\d+$/.test(text) ? Number(text) : 0;
}

/**
 * Takes the lock of `target` for this run (a file beside it holding our PID), so two runs never write
 * one output folder at once: the second is refused with exit 1. A lock of a dead process is taken
 * over. Returns the release function (also run on a signal).
 */
export function lockTarget(target: string): () => void {
  const lock = lockPath(target);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      const untrack = trackTemporary(lock);
      return () => {
        fs.rmSync(lock, { force: true });
        untrack();
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLockHolder(lock);
      if (holder !== undefined && holder !== process.pid && isProcessAlive(holder)) {
        throw new FaultError(`${target}: another vpc-lambda-gen run (pid ${holder}) is writing it; let it finish, then run again`, 1);
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new FaultError(`${target}: cannot take its lock ${lock}; remove that file if no vpc-lambda-gen is running, then run again`, 1);
}
