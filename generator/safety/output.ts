/**
 * Output folders (`synth --out`, the project's cdktf.out, `export OUTDIR`): written only when absent,
 * empty, or marked as our own earlier output of the same kind (its manifest). Anything else, the
 * project itself included, is refused with exit 2 and left untouched. A run locks the folder (two runs
 * never write it at once), works in a scratch sibling, and swaps or merges only complete content.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { assertWritableTarget, makeDirs, removeCreatedDirs, swapDir, writeFileAtomic } from './atomic';
import { MANIFEST_FILE, readManifest, serializeManifest, type FolderKind, type Manifest } from './ownership';
import { isInside, realPathOf } from './paths';
import { fileKind, readJsonFile } from './read';
import { openWorkspace } from './workspace';

export interface OutputOptions {
  kind: Exclude<FolderKind, 'project'>;
  /** The flag or positional naming the folder, for messages: "--out", "OUTDIR". */
  field: string;
  /** The project the output is made from: an output that contains it is refused. */
  projectDir: string;
  /**
   * The folder is the project's own cdktf output (DIR/cdktf.out): then a cdktf output without our mark
   * (only manifest.json and stacks/, as an earlier vpc-lambda-gen or `cdktf synth` left it) is ours too.
   * @default false
   */
  cdktfDefault?: boolean;
}

export interface OutputFolder {
  /** Real absolute path (symbolic links followed). */
  dir: string;
  state: 'absent' | 'empty' | 'ours';
  /** Its manifest, when it has one. */
  manifest?: Manifest;
}

/** Decides whether a run may write `out`; refuses (ConfigError, exit 2) without touching it. */
export function inspectOutputFolder(out: string, options: OutputOptions): OutputFolder {
  const dir = realPathOf(out);
  const refuse = (message: string) => new ConfigError([{ field: options.field, value: out, message }], 'output folder');
  const project = realPathOf(options.projectDir);
  if (isInside(dir, project)) throw refuse(`is the project folder or holds it (${project}); choose a folder of its own, such as ${path.join(options.projectDir, 'cdktf.out')}`);
  const stats = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stats) return { dir, state: 'absent' };
  const earlier = options.kind === 'export' ? 'earlier export' : 'earlier synth output';
  if (!stats.isDirectory()) throw refuse(`is a ${fileKind(stats)}, not a folder; choose a folder that is absent, empty, or an ${earlier}`);
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) return { dir, state: 'empty' };
  const manifest = readManifest(dir);
  if (manifest?.kind === options.kind) return { dir, state: 'ours', manifest };
  if (!manifest && options.cdktfDefault && isPlainCdktfOutput(dir, entries)) return { dir, state: 'ours' };
  const what = manifest ? `holds vpc-lambda-gen's ${manifest.kind === 'project' ? 'project' : `${manifest.kind} output`}, not an ${earlier}` : `is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}) and holds no ${earlier} (no ${MANIFEST_FILE})`;
  throw refuse(`${what}; vpc-lambda-gen writes only into a folder that is absent, empty or an ${earlier}: choose another folder`);
}

/** cdktf's own layout and nothing else: manifest.json with a stacks map, and stacks/. */
function isPlainCdktfOutput(dir: string, entries: string[]): boolean {
  if (entries.some((e) => e !== 'manifest.json' && e !== 'stacks')) return false;
  try {
    const manifest = readJsonFile(path.join(dir, 'manifest.json'), { maxBytes: 1024 * 1024 }) as { stacks?: unknown };
    return typeof manifest?.stacks === 'object' && fs.statSync(path.join(dir, 'stacks')).isDirectory();
  } catch {
    return false;
  }
}

/** An output folder being written by this run. */
export interface OutputRun {
  folder: OutputFolder;
  /** A fresh, empty scratch folder beside it, removed by close(). */
  scratch: string;
  /** Replaces the whole folder with `from` (complete content, e.g. the scratch). */
  replaceWith(from: string): void;
  /**
   * Writes into the folder in place (file by file, e.g. applyOwnedFiles): creates it if absent, and
   * removes it again if `write` fails before anything is in it.
   */
  merge<T>(write: (dir: string) => T): T;
  /** Removes the scratch and the lock (and parents it created, if nothing was committed). Safe twice. */
  close(): void;
}

/**
 * Starts writing `out`: refuses a folder that is not ours, removes what killed runs left beside it,
 * takes its lock (a concurrent run is refused, exit 1), checks again under the lock, and gives a
 * scratch folder. Always close() it (finally).
 */
export function openOutput(out: string, options: OutputOptions): OutputRun {
  inspectOutputFolder(out, options);
  assertWritableTarget(out, options.field, 'output folder');
  const work = openWorkspace(out, 'partial');
  try {
    const folder = inspectOutputFolder(out, options); // again, under the lock
    return {
      folder,
      scratch: work.scratch,
      replaceWith: (from) => {
        swapDir(from, folder.dir);
        work.committed();
      },
      merge: (write) => {
        const createdFolder = folder.state === 'absent' ? makeDirs(folder.dir) : [];
        try {
          const result = write(folder.dir);
          work.committed();
          return result;
        } catch (err) {
          removeCreatedDirs(createdFolder);
          throw err;
        }
      },
      close: work.close,
    };
  } catch (err) {
    work.close();
    throw err;
  }
}

/** Marks `dir` as an output of `kind` (with the files it holds, when known). */
export function markOutput(dir: string, kind: FolderKind, files: Record<string, string> = {}): void {
  makeDirs(path.join(dir, path.dirname(MANIFEST_FILE)));
  writeFileAtomic(path.join(dir, MANIFEST_FILE), serializeManifest({ kind, files }));
}
