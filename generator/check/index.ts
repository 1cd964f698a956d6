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
import type { TfDocument } from './eval/expand';
import { expandJson, loadStack, loadStackSync, type LoadedStack } from './input';
import { findStacks, type StackFiles } from './load';
import { Model } from './model';
import { applyExpectations } from './needs';
import { Findings, type CheckResult } from './result';
import { checkAwsServices } from './rules/aws-services';
import { checkCallers } from './rules/callers';
import { checkEfs } from './rules/efs';
import { checkFunctionNetwork } from './rules/function-network';
import { checkHandlerArchives } from './rules/handler-archive';
import { checkHygiene } from './rules/hygiene';
import { checkInvocations } from './rules/invoke';
import { checkPeering } from './rules/peering';
import { checkPrivateLink } from './rules/privatelink';

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
  checkPrivateLink(model, f);
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

/** Checks one stack of Terraform JSON or a plan (HCL needs checkPath: its parser is asynchronous). */
export function checkStack(stack: StackFiles, options: CheckOptions = {}): CheckReport {
  return checkLoaded(loadStackSync(stack), stack, options);
}

/**
 * The one way from loaded documents to a report: documents → Model → rules. Anything that rewrites
 * documents does so on `loaded.documents` first: what lies outside the Terraform (an existing VPC) is
 * modelled from its snapshot here, else named in WARNs (generator/snapshot/to-terraform.ts).
 */
export function checkLoaded(loaded: LoadedStack, stack: StackFiles, options: CheckOptions = {}): CheckReport {
  const outside = withSnapshot(loaded.documents, options.snapshot);
  const model = Model.fromDocuments(outside.parsed);
  const results = outside.review([...unreadModuleWarnings(loaded), ...runChecks(model)]);
  const fns = [...model.lambdas.functions.values()].map((fn) => fn.name);
  return {
    label: stack.label,
    dir: stack.dir,
    files: stack.files,
    inventory: { resources: model.doc.addresses().filter((a) => !isData(a)).length, vpcs: model.network.vpcs.size, subnets: model.network.subnets.size, functions: fns },
    dataSources: model.doc.addresses().filter((a) => isData(a) && !a.includes('data.aws_iam_policy_document.')),
    region: model.region,
    results,
    summary: summarize(results),
  };
}

/** Checks Terraform JSON already in memory (one object per file), as if it were files in `dir`. */
export function checkJson(documents: Record<string, unknown>[], label = 'memory', dir = '.', options: CheckOptions = {}): CheckReport {
  const parsed = documents.map((json, i) => ({ file: path.join(dir, `${label}-${i}.tf.json`), json }));
  return checkLoaded(expandJson(parsed, dir), { label, dir, files: parsed.map((p) => p.file) }, options);
}

/**
 * Checks PATH: a directory of HCL, a *.tf.json file or a directory of them, cdktf.out or a project
 * directory, or plan JSON. Bad input throws (exit 2).
 */
export async function checkPath(target: string, options: CheckOptions = {}): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  for (const stack of findStacks(target)) {
    const loaded = await loadStack(stack);
    reports.push(checkLoaded({ ...loaded, documents: applyExpectations(loaded.documents, options.expect ?? []) }, stack, options));
  }
  return reports;
}

export interface CheckOptions {
  /** `--expect NAME=NEEDS`: needs stated for functions (function_name or address, `*` for all), as the vlg:needs tag would. */
  expect?: string[];
  /** A snapshot of the existing VPC the Terraform builds in (vpc-lambda-gen snapshot). */
  snapshot?: LoadedSnapshot;
}

function isData(address: string): boolean {
  return /^(module\.[\w-]+(\[[^\]]*\])?\.)*data\./.test(address);
}

/** A module call that was not read: what it creates is unknown here, and how to check it anyway. */
function unreadModuleWarnings(loaded: LoadedStack): CheckResult[] {
  return loaded.unreadModules.map((m) => ({
    status: 'warn',
    subject: m.address,
    check: 'module',
    message: `${m.address} (source "${m.source}") is ${m.reason}: what it creates is not checked, and paths through it are unknown`,
    resources: [],
    fix: 'check the plan, where Terraform has expanded every module: terraform plan -out plan.bin && terraform show -json plan.bin > plan.json && vpc-lambda-gen check plan.json',
  }));
}

export type { TfDocument, LoadedStack };

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
