/**
 * Finds and reads what `check` is given: a directory of HCL (`*.tf`, with tfvars and local modules),
 * Terraform JSON (one file, a directory of `*.tf.json`, a cdktf.out or project directory, each
 * `stacks/<name>/cdk.tf.json` then its own stack) or a plan (`terraform show -json` output). Every
 * file is read through readText() here, whichever loader asks, and that goes through the safety
 * model's reader: stat first (a FIFO or device is refused by name and never opened), a size cap, and
 * for JSON a nesting guard so no recursive rule can overflow. Bad input throws a ConfigError (exit 2)
 * naming the path and what to pass instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { fileKind, jsonDepthOver, MAX_JSON_DEPTH, MAX_TERRAFORM_JSON_BYTES, readTextFile } from '../safety/read';

/** One Terraform root module's worth of files, checked as a unit. */
export interface StackFiles {
  /** Readable name: the cdktf stack name or the directory/file name. */
  label: string;
  /** Directory terraform would run in (for --plan). */
  dir: string;
  files: string[];
  /** How the files are read: Terraform JSON (the default), an HCL directory, or plan JSON. */
  kind?: 'json' | 'hcl' | 'plan';
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
    if (abs.endsWith('.tf') || abs.endsWith('.tfvars')) throw badPath(target, 'is one HCL file; pass its directory (check reads every *.tf, the tfvars and the local modules together)');
    if (!abs.endsWith('.json')) throw badPath(target, 'is not Terraform; pass a directory of *.tf, a *.tf.json file, or plan JSON (terraform show -json)');
    return [{ label: path.basename(abs), dir: path.dirname(abs), files: [abs], kind: abs.endsWith('.tf.json') ? 'json' : 'plan' }];
  }
  if (!stat.isDirectory()) throw badPath(target, `is a ${fileKind(stat)}, not a file or folder; pass a directory of *.tf, a *.tf.json file or a folder of them`);
  const hcl = suffixFiles(abs, '.tf');
  if (hcl.length > 0) return [{ label: path.basename(abs), dir: abs, files: [...hcl, ...tfJsonFiles(abs)].sort(), kind: 'hcl' }];
  const own = tfJsonFiles(abs);
  if (own.length > 0) return [{ label: path.basename(abs), dir: abs, files: own }];
  for (const stacksDir of [path.join(abs, 'stacks'), path.join(abs, 'cdktf.out', 'stacks')]) {
    const stacks = listDirs(stacksDir)
      .map((name) => ({ label: name, dir: path.join(stacksDir, name), files: tfJsonFiles(path.join(stacksDir, name)) }))
      .filter((s) => s.files.length > 0);
    if (stacks.length > 0) return stacks;
  }
  throw badPath(target, 'holds no *.tf, no *.tf.json and no cdktf.out/stacks/*/cdk.tf.json; run "vpc-lambda-gen synth" first or pass the file');
}

/** Parses each file; a file that is not JSON is bad input. */
export function readJsonFiles(files: string[]): { file: string; json: Record<string, unknown> }[] {
  return files.map((file) => ({ file, json: readJsonFile(file, 'Terraform JSON') }));
}

/**
 * One JSON file whose top level is an object (Terraform JSON, tfvars.json, plan JSON), its nesting
 * checked right after parsing.
 */
export function readJsonFile(file: string, what: string): Record<string, unknown> {
  const text = readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw badPath(file, `is not valid ${what}: ${(e as Error).message}`);
  }
  if (jsonDepthOver(json, MAX_JSON_DEPTH) !== undefined) throw badPath(file, `nests values more than ${MAX_JSON_DEPTH} levels deep; no valid ${what} does, so it is refused`);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw badPath(file, `is not valid ${what}: the top level is not an object`);
  return json as Record<string, unknown>;
}

/** The one function through which check reads a file, whichever loader asks. */
export function readText(file: string): string {
  try {
    return readTextFile(file, { field: 'PATH', source: 'check input', maxBytes: MAX_TERRAFORM_JSON_BYTES });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code || code === 'VLG_CONFIG_INVALID') throw e;
    throw badPath(file, `cannot be read (${code === 'ENOENT' ? 'a broken symbolic link, or removed meanwhile' : code}); fix the path or the link`);
  }
}

/** Files of a directory (not below it) whose names end with `suffix`, sorted, as absolute paths. */
export function suffixFiles(dir: string, suffix: string): string[] {
  return safeReaddir(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

function tfJsonFiles(dir: string): string[] {
  return suffixFiles(dir, '.tf.json');
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

export function badPath(value: string, message: string): ConfigError {
  return new ConfigError([{ field: 'PATH', value, message }], 'check input');
}
