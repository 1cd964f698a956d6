/**
 * Reads a Terraform configuration the way `terraform plan` would see it: the root directory's `*.tf`
 * and `*.tf.json`, its tfvars (terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in
 * name order, later ones winning), and every local module (`source = "./..."`) below it, recursively.
 * Registry, git and other remote modules are not fetched: they are recorded with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Configuration, ModuleDir, SourceFile } from '../eval/expand';
import { readJsonFile, readText, suffixFiles } from '../load';
import { parseHcl } from './hcl';

const MAX_MODULE_DEPTH = 16;

export async function readConfiguration(dir: string): Promise<Configuration> {
  const root = await readModuleDir(path.resolve(dir), 0, new Set());
  const values: Record<string, unknown> = {};
  const auto = fs.existsSync(dir) ? suffixFiles(dir, '.tfvars').concat(suffixFiles(dir, '.tfvars.json')).filter((f) => /\.auto\.tfvars(\.json)?$/.test(f)).sort() : [];
  const varFiles = [path.join(dir, 'terraform.tfvars'), path.join(dir, 'terraform.tfvars.json'), ...auto].filter((f) => fs.existsSync(f));
  for (const file of varFiles) Object.assign(values, await readVarFile(file));
  return { root, values, readFile: readConfinedFile };
}

/** The files of one module directory, and the modules it calls (read when local). */
async function readModuleDir(dir: string, depth: number, seen: Set<string>): Promise<ModuleDir> {
  const names = [...suffixFiles(dir, '.tf'), ...suffixFiles(dir, '.tf.json')];
  // Override files merge into what they override, so they come last.
  const ordered = [...names.filter((f) => !isOverride(f)), ...names.filter(isOverride)];
  const files: SourceFile[] = [];
  for (const file of ordered) files.push({ file, json: file.endsWith('.json') ? readJsonFile(file, 'Terraform JSON') : await parseHcl(file, readText(file)) });
  const module: ModuleDir = { dir, files, calls: new Map() };
  for (const { json } of files) {
    for (const part of objects(json.module)) {
      for (const [name, raw] of Object.entries(part)) {
        const source = String(objects(raw)[0]?.source ?? '');
        module.calls.set(name, await readCall(dir, source, depth, seen));
      }
    }
  }
  return module;
}

async function readCall(dir: string, source: string, depth: number, seen: Set<string>): Promise<ModuleDir | { source: string; reason: string }> {
  if (!/^\.\.?(\/|$)/.test(source)) {
    return { source, reason: /^(git::|github\.com|bitbucket\.org|https?:|s3::|gcs::)/.test(source) ? 'a remote module (not fetched)' : 'a registry module (not fetched)' };
  }
  const target = path.resolve(dir, source);
  if (seen.has(target) || depth >= MAX_MODULE_DEPTH) return { source, reason: 'a module nested too deep or calling itself' };
  if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) return { source, reason: `a local module whose directory ${target} does not exist` };
  if (suffixFiles(target, '.tf').length + suffixFiles(target, '.tf.json').length === 0) return { source, reason: `a local module whose directory ${target} holds no Terraform` };
  return readModuleDir(target, depth + 1, new Set([...seen, target]));
}

async function readVarFile(file: string): Promise<Record<string, unknown>> {
  return file.endsWith('.json') ? readJsonFile(file, 'tfvars JSON') : parseHcl(file, readText(file));
}

/** file()/templatefile(): a file of the configuration, read like every other (undefined when absent). */
function readConfinedFile(file: string): string | undefined {
  return fs.existsSync(file) && fs.statSync(file).isFile() ? readText(file) : undefined;
}

function isOverride(file: string): boolean {
  return /(^|[\\/_])override\.tf(\.json)?$/.test(file);
}

function objects(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
}
