/**
 * Finds and reads Terraform JSON: one file, a directory of `*.tf.json`, a cdktf.out directory or a
 * project directory (each `stacks/<name>/cdk.tf.json` is then its own stack). Bad input throws a
 * ConfigError (exit 2) naming the path and what to pass instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { fileKind, readJsonFile } from '../safety/read';

/** One Terraform root module's worth of files, checked as a unit. */
export interface StackFiles {
  /** Readable name: the cdktf stack name or the directory/file name. */
  label: string;
  /** Directory terraform would run in (for --plan). */
  dir: string;
  files: string[];
}

export function findStacks(target: string): StackFiles[] {
  const abs = path.resolve(target);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw badPath(target, 'does not exist or cannot be read; pass a *.tf.json file, a directory of them, or a project directory');
  }
  if (stat.isFile()) {
    if (!abs.endsWith('.json')) throw badPath(target, 'is not Terraform JSON; pass a *.tf.json file (HCL .tf files are not read)');
    return [{ label: path.basename(abs), dir: path.dirname(abs), files: [abs] }];
  }
  if (!stat.isDirectory()) throw badPath(target, `is a ${fileKind(stat)}, not a file or folder; pass a *.tf.json file or a folder of them`);
  const own = tfJsonFiles(abs);
  if (own.length > 0) return [{ label: path.basename(abs), dir: abs, files: own }];
  for (const stacksDir of [path.join(abs, 'stacks'), path.join(abs, 'cdktf.out', 'stacks')]) {
    const stacks = listDirs(stacksDir)
      .map((name) => ({ label: name, dir: path.join(stacksDir, name), files: tfJsonFiles(path.join(stacksDir, name)) }))
      .filter((s) => s.files.length > 0);
    if (stacks.length > 0) return stacks;
  }
  const hcl = safeReaddir(abs).some((f) => f.endsWith('.tf'));
  throw badPath(
    target,
    hcl
      ? 'holds HCL (.tf) files only; check reads Terraform JSON (*.tf.json or cdktf output)'
      : 'holds no *.tf.json and no cdktf.out/stacks/*/cdk.tf.json; run "vpc-lambda-gen synth" first or pass the file',
  );
}

/** Parses each file; a file that is not JSON is bad input. */
export function readJsonFiles(files: string[]): { file: string; json: Record<string, unknown> }[] {
  return files.map((file) => ({ file, json: readCheckFile(file) }));
}

/**
 * The one way check reads a file: stat first (a FIFO or device is refused by name and never opened),
 * a size cap, JSON.parse, then a nesting guard (deeper than MAX_JSON_DEPTH is refused) so no
 * recursive rule can overflow, and a top-level object. Every problem is bad input naming the file.
 */
export function readCheckFile(file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = readJsonFile(file, { field: 'PATH', source: 'check input', maxBytes: MAX_TF_JSON_BYTES, what: 'Terraform JSON' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code || code === 'VLG_CONFIG_INVALID') throw e;
    throw badPath(file, `cannot be read (${code === 'ENOENT' ? 'a broken symbolic link, or removed meanwhile' : code}); fix the path or the link`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw badPath(file, 'is not valid Terraform JSON: the top level is not an object');
  return json as Record<string, unknown>;
}

/** Terraform JSON for thousands of resources stays well below this. */
const MAX_TF_JSON_BYTES = 256 * 1024 * 1024;

function tfJsonFiles(dir: string): string[] {
  return safeReaddir(dir)
    .filter((f) => f.endsWith('.tf.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Sub-folders, links to folders included; a broken link or a link loop is skipped, not fatal. */
function listDirs(dir: string): string[] {
  return safeReaddir(dir)
    .filter((f) => {
      try {
        return fs.statSync(path.join(dir, f)).isDirectory();
      } catch {
        return false; // ENOENT (broken link), ELOOP, EACCES: not a stack folder
      }
    })
    .sort();
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function badPath(value: string, message: string): ConfigError {
  return new ConfigError([{ field: 'PATH', value, message }], 'check input');
}
