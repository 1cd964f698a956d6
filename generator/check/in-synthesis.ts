/**
 * The check as part of synthesis: the stack runs it on the Terraform it has just written, so
 * `cdktf synth` and `cdktf deploy` refuse a broken network path (patterns/synthesis.ts). What turns
 * it off, and how a failure is worded, live here: the CLI, which runs the app and checks the output
 * itself, shares them. No cdktf here.
 */

import type { CheckReport } from './index';

/** A synthesized stack to check: its Terraform JSON, its name and its folder (archives are read from there). */
export interface SynthesizedStack {
  json: Record<string, unknown>;
  name: string;
  dir: string;
}

/**
 * The network check of each stack, as synth, export and the app's own synthesis run it: an existing
 * VPC is followed through the project's snapshot of it, when there is one (read once for all stacks).
 */
export function checkStacks(projectDir: string, stacks: SynthesizedStack[]): CheckReport[] {
  // Loaded here: the skip rules above must not pay for the check.
  const { checkJson } = require('./index') as typeof import('./index');
  const { snapshotFor } = require('../snapshot/format') as typeof import('../snapshot/format');
  const snapshot = snapshotFor(projectDir);
  return stacks.map((s) => checkJson([s.json], s.name, s.dir, { snapshot }));
}

/** `VLG_SKIP_CHECK=1`: the emergency opt-out, for one run (`VLG_SKIP_CHECK=1 npx cdktf deploy`). */
export const SKIP_CHECK_ENV = 'VLG_SKIP_CHECK';

/** The same as a context key, for good (cdktf.json `"context": { "vpc-lambda-gen:skipCheck": true }`). */
export const SKIP_CHECK_CONTEXT = 'vpc-lambda-gen:skipCheck';

/**
 * A context key vpc-lambda-gen sets when it runs a project's app and checks what the app wrote itself
 * (with its own report and options): the app then neither checks nor warns. Not an opt-out for people.
 */
export const CHECK_BY_CALLER_CONTEXT = 'vpc-lambda-gen:checkByCaller';

/** Why the check is skipped for this run, or undefined when it runs. */
export function checkSkipReason(env: NodeJS.ProcessEnv, context?: unknown): string | undefined {
  if (isOn(env[SKIP_CHECK_ENV])) return `${SKIP_CHECK_ENV}=${env[SKIP_CHECK_ENV]}`;
  if (context === true || isOn(typeof context === 'string' ? context : undefined)) return `the context key "${SKIP_CHECK_CONTEXT}"`;
  return undefined;
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes'].includes(value.trim().toLowerCase());
}

/** The one line after a failed check's report. */
export function checkFailedLine(what: string, failed: number): string {
  return `${what}: ${failed} network check(s) failed (report above); fix the path, or, in an emergency only, set ${SKIP_CHECK_ENV}=1 to synthesize anyway`;
}

/** The line printed when the check is skipped: loud, since nothing then stops a broken path. */
export function checkSkippedLine(stack: string, reason: string): string {
  return `WARNING: vpc-lambda-gen's network check was skipped for stack "${stack}" (${reason}): a broken path will deploy. Run "vpc-lambda-gen check" before you rely on it.`;
}
