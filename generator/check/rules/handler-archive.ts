/**
 * Can each function start at all? The archive its `filename` points at (relative to the directory
 * Terraform runs in) must hold the file its `handler` names for its `runtime`: index.js (or .mjs,
 * .cjs) for Node.js "index.handler", index.py for Python, bootstrap for a custom runtime. Code this
 * cannot open (S3, a container image, a computed path, a missing or unreadable zip) is a warning.
 *
 * Reads from the model only: each LambdaFn's id, name and body (runtime, handler, filename,
 * package_type, image_uri, s3_bucket), and the file that declares it (doc.get(id).file).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { handlerFiles, oneOf, otherRuntimeFile } from '../../handler-files';
import { literal } from '../doc';
import type { LambdaFn } from '../lambda';
import type { Model } from '../model';
import type { Findings } from '../result';

const CHECK = 'handler-archive';
/** Terraform's own directories, which a filename may start with: the archive is then relative to the stack. */
const PATH_PREFIX = /^\$\{path\.(module|root|cwd)\}\//;

export function checkHandlerArchives(m: Model, f: Findings): void {
  const archives = new Map<string, string[] | string>();
  for (const fn of m.lambdas.functions.values()) {
    const code = codeOf(m, fn);
    if (typeof code === 'string') {
      f.warn(fn.name, CHECK, `cannot verify that the handler's file is in the code: ${code}`, [fn.id], 'make sure the code holds the file the handler names for its runtime');
      continue;
    }
    const { runtime, handler, filename, archive } = code;
    const files = handlerFiles(runtime, handler)!;
    if (!archives.has(archive)) archives.set(archive, listArchive(archive));
    const entries = archives.get(archive)!;
    if (typeof entries === 'string') {
      f.warn(fn.name, CHECK, `cannot read ${filename} (${entries}); the handler ${handler} (${runtime}) is not verified`, [fn.id], `build ${filename} before checking, or check where it is built`);
      continue;
    }
    const found = files.find((file) => entries.includes(file));
    if (found) {
      f.pass(fn.name, CHECK, `${handler} (${runtime}): ${found} is in ${filename}`, [fn.id]);
      continue;
    }
    const mixup = otherRuntimeFile(runtime, handler, (file) => entries.includes(file));
    f.fail(
      fn.name,
      CHECK,
      `${handler} names ${oneOf(files)} for ${runtime}, but ${filename} holds ${describe(entries)}: the function cannot start`,
      [fn.id],
      mixup
        ? `${filename} holds ${mixup.file}, ${mixup.name} code: set runtime on ${fn.id} to a ${mixup.name} runtime such as ${mixup.example}, or package ${files[0]}`
        : `package ${files[0]} into ${filename}, or set handler on ${fn.id} to "<file>.<function>" of a file it holds`,
    );
  }
}

interface LocalCode {
  runtime: string;
  handler: string;
  filename: string;
  /** Absolute path of the zip. */
  archive: string;
}

/** The function's local archive and handler, or why there is nothing here to open. */
function codeOf(m: Model, fn: LambdaFn): LocalCode | string {
  const b = fn.body;
  const value = (key: string) => literal(m.doc.resolve(b[key]));
  if (value('package_type') === 'Image' || b.image_uri !== undefined) return 'the code is a container image';
  if (b.filename === undefined) return b.s3_bucket !== undefined ? 'the code is in S3 (s3_bucket, s3_key)' : 'no filename is set';
  const filename = String(m.doc.resolve(b.filename)).replace(PATH_PREFIX, '');
  if (filename.includes('${')) return `filename is computed (${String(b.filename)})`;
  const runtime = value('runtime');
  const handler = value('handler');
  if (!runtime || !handler) return `runtime ${String(b.runtime)} or handler ${String(b.handler)} is not a literal`;
  if (!handlerFiles(runtime, handler)) return `${runtime} handlers name classes, not files`;
  const dir = path.dirname(m.doc.get(fn.id)?.file ?? path.join('.', 'main.tf.json'));
  return { runtime, handler, filename, archive: path.resolve(dir, filename) };
}

/** The archive's file names ("src/app.py"), or why it cannot be read. */
function listArchive(file: string): string[] | string {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
  }
  const names: string[] = [];
  try {
    // The filter sees every entry's name; returning false skips decompressing it.
    unzipSync(data, { filter: (entry) => (names.push(entry.name.replace(/^\.\//, '')), false) });
  } catch (e) {
    return `not a zip archive: ${(e as Error).message}`;
  }
  return names.filter((n) => !n.endsWith('/'));
}

/** "index.js", or "3 files: a.py, b.py, c.txt", or "no files". */
function describe(entries: string[]): string {
  if (entries.length === 0) return 'no files';
  const shown = entries.slice(0, 5).join(', ');
  return entries.length === 1 ? shown : `${entries.length} files: ${shown}${entries.length > 5 ? ', …' : ''}`;
}
