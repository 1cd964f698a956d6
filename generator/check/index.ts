/**
 * `vpc-lambda-gen check`: a static network-path checker for Terraform JSON. It loads the files into a
 * model (no cdktf, no AWS calls), infers from the Terraform what each function promises (internet
 * egress, AWS APIs, invocation paths, EFS, peering) and reports, per promise, whether every hop
 * holds, plus the field notes' pitfalls. `synth` runs it on what it writes; `new` can call
 * checkStackDir the same way.
 */
import * as path from 'node:path';
import type { LoadedSnapshot } from '../snapshot/format';
import { withSnapshot } from '../snapshot/to-terraform';
import { findStacks, readJsonFiles, type StackFiles } from './load';
import { Model } from './model';
import { Findings, type CheckResult } from './result';
import { checkAwsServices } from './rules/aws-services';
import { checkCallers } from './rules/callers';
import { checkEfs } from './rules/efs';
import { checkFunctionNetwork } from './rules/function-network';
import { checkHandlerArchives } from './rules/handler-archive';
import { checkHygiene } from './rules/hygiene';
import { checkInvocations } from './rules/invoke';
import { checkPeering } from './rules/peering';

export type { CheckResult, Status } from './result';
export { formatReport, reportJson } from './report';

export interface CheckSummary {
  passed: number;
  failed: number;
  warnings: number;
}

export interface CheckReport {
  /** Stack name or file/directory name. */
  label: string;
  /** Directory terraform would run in. */
  dir: string;
  files: string[];
  /** What the model holds, for the report header. */
  inventory: { resources: number; vpcs: number; subnets: number; functions: string[] };
  /** Data sources (besides policy documents) an offline plan must override. */
  dataSources: string[];
  /** The aws provider's literal region, if any. */
  region?: string;
  results: CheckResult[];
  summary: CheckSummary;
}

/** Every rule, in report order. */
export function runChecks(model: Model): CheckResult[] {
  const f = new Findings();
  checkFunctionNetwork(model, f);
  checkAwsServices(model, f);
  checkInvocations(model, f);
  checkCallers(model, f);
  checkEfs(model, f);
  checkPeering(model, f);
  checkHygiene(model, f);
  checkHandlerArchives(model, f);
  // Group by subject: functions in file order first, then shared resources in first-seen order.
  const order = [...[...model.lambdas.functions.values()].map((fn) => fn.name), ...f.results.map((r) => r.subject)];
  const rank = (s: string) => order.indexOf(s);
  return f.results.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r.subject) - rank(b.r.subject) || a.i - b.i).map(({ r }) => r);
}

export function summarize(results: CheckResult[]): CheckSummary {
  return {
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    warnings: results.filter((r) => r.status === 'warn').length,
  };
}

/** How to check: a snapshot of the existing VPC the Terraform builds in, if any. */
export interface CheckOptions {
  snapshot?: LoadedSnapshot;
}

export function checkStack(stack: StackFiles, options: CheckOptions = {}): CheckReport {
  return buildReport(readJsonFiles(stack.files), stack, options);
}

function buildReport(parsed: { file: string; json: Record<string, unknown> }[], stack: StackFiles, options: CheckOptions): CheckReport {
  // What lies outside the Terraform (an existing VPC): modelled from its snapshot, else named in WARNs.
  const outside = withSnapshot(parsed, options.snapshot);
  const model = Model.fromFiles(outside.parsed);
  const results = outside.review(runChecks(model));
  const fns = [...model.lambdas.functions.values()].map((fn) => fn.name);
  return {
    label: stack.label,
    dir: stack.dir,
    files: stack.files,
    inventory: { resources: model.doc.addresses().filter((a) => !a.startsWith('data.')).length, vpcs: model.network.vpcs.size, subnets: model.network.subnets.size, functions: fns },
    dataSources: model.doc.addresses().filter((a) => a.startsWith('data.') && !a.startsWith('data.aws_iam_policy_document.')),
    region: model.region,
    results,
    summary: summarize(results),
  };
}

/** Checks Terraform JSON already in memory (one object per file), as if it were files in `dir`. */
export function checkJson(documents: Record<string, unknown>[], label = 'memory', dir = '.', options: CheckOptions = {}): CheckReport {
  const parsed = documents.map((json, i) => ({ file: path.join(dir, `${label}-${i}.tf.json`), json }));
  return buildReport(parsed, { label, dir, files: parsed.map((p) => p.file) }, options);
}

/** Checks PATH: a *.tf.json file, a directory of them, cdktf.out or a project directory. Bad input throws (exit 2). */
export function checkPath(target: string, options: CheckOptions = {}): CheckReport[] {
  return findStacks(target).map((stack) => checkStack(stack, options));
}

/** Checks one synthesized stack directory (OUT/stacks/<name>), as `synth` and `new` do after writing it. */
export function checkStackDir(dir: string, options: CheckOptions = {}): CheckReport {
  const [stack] = findStacks(dir);
  return checkStack({ ...stack, label: path.basename(dir) }, options);
}

/** Thrown when a check fails: the report is already printed, the CLI exits 1. */
export class CheckFailedError extends Error {
  readonly code = 'VLG_CHECK_FAILED';
  readonly exitCode = 1;
}
