/**
 * File-system and process faults, worded for the person at the terminal: one line naming the path
 * and what to do. Bad input (the path points at the wrong thing) exits 2; the environment (no
 * permission, read-only, full disk, a signal) exits 1, or 128 + the signal number for a signal.
 */

/** A fault already worded as the one line to print. */
export class FaultError extends Error {
  readonly code = 'VLG_FAULT';

  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'FaultError';
  }
}

export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** What an errno means for a path, what to do, and whose fault it is (2 input, 1 environment). */
const ERRNO: Record<string, { exitCode: number; says: string }> = {
  ENOENT: { exitCode: 2, says: 'does not exist; check the path' },
  ENOTDIR: { exitCode: 2, says: 'a part of this path is a file, not a folder; fix the path' },
  EISDIR: { exitCode: 2, says: 'is a folder where a file is expected; pass the file, or remove the folder' },
  ELOOP: { exitCode: 2, says: 'goes round a loop of symbolic links; fix or remove the link' },
  ENAMETOOLONG: { exitCode: 2, says: 'is too long a path; use a shorter one' },
  EEXIST: { exitCode: 1, says: 'appeared while vpc-lambda-gen was writing (another program?); run again' },
  ENOTEMPTY: { exitCode: 1, says: 'was filled while vpc-lambda-gen was writing (another program?); run again' },
  EACCES: { exitCode: 1, says: 'permission denied; choose a folder you may write to, or fix its permissions' },
  EPERM: { exitCode: 1, says: 'operation not permitted; choose a folder you may write to, or fix its permissions' },
  EROFS: { exitCode: 1, says: 'is on a read-only file system; choose a writable folder' },
  ENOSPC: { exitCode: 1, says: 'no space left on the device; free some space and run again' },
  EDQUOT: { exitCode: 1, says: 'disk quota exceeded; free some space and run again' },
  EFBIG: { exitCode: 1, says: 'file too large for this file system; choose another folder' },
  EMFILE: { exitCode: 1, says: 'too many open files; raise the limit (ulimit -n) and run again' },
  ENFILE: { exitCode: 1, says: 'too many open files on the system; run again later' },
  EIO: { exitCode: 1, says: 'input/output error; check the disk' },
  EBUSY: { exitCode: 1, says: 'is busy (in use by another program); run again when it is free' },
  EXDEV: { exitCode: 1, says: 'cannot be moved across file systems; keep the output on the same file system as its folder' },
  ETXTBSY: { exitCode: 1, says: 'is in use; run again when it is free' },
};

export interface Fault {
  message: string;
  exitCode: number;
}

/**
 * The one-line wording of an error from the file system or a child process, or undefined when it is
 * neither (then it is a bug, reported as one). Nothing was changed: every write goes through a
 * temporary that the error removed, which the message says.
 */
export function describeFault(err: unknown): Fault | undefined {
  const e = err as NodeJS.ErrnoException & { signal?: string; status?: number | null; dest?: string; cmd?: string; spawnargs?: string[] };
  if (e instanceof FaultError) return { message: e.message, exitCode: e.exitCode };
  if (!e || typeof e !== 'object') return undefined;
  // A child process (npm pack, terraform fmt) stopped by a signal, usually the same Ctrl-C.
  if (typeof e.signal === 'string' && e.signal in SIGNAL_EXIT_CODES) {
    const what = e.cmd ?? e.spawnargs?.join(' ') ?? 'a child process';
    return interrupted(what.split(' ').slice(0, 2).join(' '), e.signal as keyof typeof SIGNAL_EXIT_CODES);
  }
  const known = typeof e.code === 'string' ? ERRNO[e.code] : undefined;
  if (!known) return undefined;
  const where = e.path ?? e.dest;
  const subject = where ? `${where}${e.dest && e.path && e.dest !== e.path ? ` → ${e.dest}` : ''}` : (e.syscall ?? 'a file operation');
  return { message: `${subject}: ${known.says} (${e.code}${e.syscall ? ` on ${e.syscall}` : ''}); nothing was changed`, exitCode: known.exitCode };
}

/**
 * Gives a file-system error without a path (a failed write(2) on a full disk names none) the folder
 * the run was writing, so the message can name it. Returns the same error.
 */
export function withPath<T>(err: T, where: string): T {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string' && e.code in ERRNO && !e.path) e.path = where;
  return err;
}

/** A run stopped by a signal while `what` ran. */
export function interrupted(what: string, signal: keyof typeof SIGNAL_EXIT_CODES): Fault {
  return { message: `stopped by ${signal} during ${what}; nothing was changed`, exitCode: SIGNAL_EXIT_CODES[signal] };
}

/**
 * A child process that did not finish: interrupted (a FaultError with the signal's exit code) or
 * failed (exit 1), worded with what it was and where to run it to see why.
 */
export function childProcessFault(what: string, cwd: string, result: { signal?: NodeJS.Signals | string | null; status?: number | null }): FaultError {
  if (result.signal && result.signal in SIGNAL_EXIT_CODES) {
    const f = interrupted(what, result.signal as keyof typeof SIGNAL_EXIT_CODES);
    return new FaultError(f.message, f.exitCode);
  }
  const how = result.signal ? `was killed by ${result.signal}` : `failed with exit status ${result.status}`;
  return new FaultError(`${what} ${how} in ${cwd}; run it there to see why; nothing was changed`, 1);
}
