/**
 * The deployed stack as its user has it: the synthesized Terraform in cdktf.out/stacks/<stack>/ and
 * its outputs, read from the local state file the backend points at, or, for any other backend (S3),
 * from `terraform output -json` run where `cdktf deploy` ran Terraform.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckFailedError } from '../check';
import { ConfigError } from '../config/errors';
import { MAX_TERRAFORM_JSON_BYTES, readJsonFile } from '../safety/read';

export interface StackLocation {
  name: string;
  /** Where Terraform runs for this stack: cdktf.out/stacks/<name>. */
  dir: string;
  json: Record<string, any>;
}

export interface DeployedOutputs {
  /** Output name → value. */
  values: Record<string, unknown>;
  /** Where they were read, for the report: the state file or "terraform output". */
  source: string;
}

/** The synthesized stack in a project directory; bad input (no stack, an unknown --stack) is a ConfigError. */
export function locateStack(dir: string, stack?: string): StackLocation {
  const stacksDir = path.join(path.resolve(dir), 'cdktf.out', 'stacks');
  const names = safeReaddir(stacksDir)
    .filter((name) => fs.existsSync(path.join(stacksDir, name, 'cdk.tf.json')))
    .sort();
  if (names.length === 0) {
    throw new ConfigError(
      [{ field: '--dir', value: dir, message: 'holds no synthesized stack (cdktf.out/stacks/<stack>/cdk.tf.json): pass the project directory, or run "npm run synth" in it first' }],
      'verify input',
    );
  }
  if (stack !== undefined && !names.includes(stack)) {
    throw new ConfigError([{ field: '--stack', value: stack, message: `no such stack in ${dir}; it has ${names.join(', ')}` }], 'verify input');
  }
  if (stack === undefined && names.length > 1) {
    throw new ConfigError([{ field: '--stack', message: `${dir} holds ${names.length} stacks; name one: ${names.join(', ')}` }], 'verify input');
  }
  const name = stack ?? names[0];
  const file = path.join(stacksDir, name, 'cdk.tf.json');
  // Read as every input is (a regular file, size and nesting capped); not JSON names the file and the fix.
  const json = readJsonFile(file, { field: '--dir', what: 'Terraform JSON (run "npm run synth" again)', source: 'verify input', maxBytes: MAX_TERRAFORM_JSON_BYTES }) as Record<string, any>;
  return { name, dir: path.join(stacksDir, name), json };
}

/**
 * The stack's deployed outputs. A stack with no state (never deployed, or destroyed) is a
 * CheckFailedError (exit 1) with one line saying so and what to run.
 */
export function readOutputs(stack: StackLocation, run: typeof spawnSync = spawnSync): DeployedOutputs {
  const backend = stack.json.terraform?.backend ?? {};
  const local = 'local' in backend || Object.keys(backend).length === 0 ? (backend.local ?? {}) : undefined;
  if (local) return readStateFile(stack, path.resolve(stack.dir, String(local.path ?? 'terraform.tfstate')));
  return readWithTerraform(stack, run);
}

function readStateFile(stack: StackLocation, file: string): DeployedOutputs {
  const shown = path.relative(process.cwd(), file) || file;
  if (!fs.existsSync(file)) throw notDeployed(stack, `no state at ${shown}`);
  let state: { resources?: unknown[]; outputs?: Record<string, { value?: unknown }> };
  try {
    state = readJsonFile(file, { maxBytes: MAX_TERRAFORM_JSON_BYTES }) as typeof state;
  } catch (e) {
    throw new CheckFailedError(`verify: cannot read the state ${shown} (${(e as Error).message})`);
  }
  if (!Array.isArray(state.resources) || state.resources.length === 0) throw notDeployed(stack, `its state ${shown} holds no resources`);
  return { values: Object.fromEntries(Object.entries(state.outputs ?? {}).map(([k, o]) => [k, o?.value])), source: shown };
}

function readWithTerraform(stack: StackLocation, run: typeof spawnSync): DeployedOutputs {
  const bin = process.env.VLG_TERRAFORM_BIN || 'terraform';
  const r = run(bin, ['output', '-json'], { cwd: stack.dir, encoding: 'utf8', timeout: 120_000 });
  const where = path.relative(process.cwd(), stack.dir) || '.';
  if (r.error) {
    throw new CheckFailedError(`verify: cannot run ${bin} (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}) to read stack ${stack.name}'s outputs from its remote state; install Terraform or set VLG_TERRAFORM_BIN`);
  }
  if (r.status !== 0) {
    const first = String(r.stderr ?? '').split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').replace(/^[│╷╵\s]+/, '').trim()).find((l) => l && !/^Error:?$/.test(l));
    throw new CheckFailedError(`verify: "terraform output -json" failed in ${where}: ${first ?? `exit ${r.status}`}; run "terraform init" there (cdktf deploy does) and try again`);
  }
  let outputs: Record<string, { value?: unknown }>;
  try {
    outputs = JSON.parse(String(r.stdout || '{}'));
  } catch {
    throw new CheckFailedError(`verify: "terraform output -json" in ${where} printed no JSON`);
  }
  if (Object.keys(outputs).length === 0) throw notDeployed(stack, 'its state holds no outputs');
  return { values: Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o?.value])), source: `terraform output in ${where}` };
}

function notDeployed(stack: StackLocation, why: string): CheckFailedError {
  return new CheckFailedError(`verify: stack ${stack.name} is not deployed yet (${why}); run "npx cdktf deploy" first`);
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
