/** The `check` command's work, apart from yargs so tests and other commands can call it. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONFIG_FILE } from '../config/schema';
import { trackTemporary } from '../safety/cleanup';
import { checkPath, CheckFailedError, formatReport, reportJson, summarize, type CheckReport } from './index';
import { planStack } from './plan';
import { snapshotFor } from '../snapshot/format';

export interface RunCheckOptions {
  path: string;
  json?: boolean;
  plan?: boolean;
  /** `--expect NAME=NEEDS`, repeatable. */
  expect?: string[];
  /** A VPC snapshot to check against; by default the project's vpc-snapshot.json, if any. */
  snapshot?: string;
}

/** Prints the report; throws CheckFailedError (exit 1) when a check fails. Bad input throws ConfigError (exit 2). */
export async function runCheck(options: RunCheckOptions, log: (text: string) => void = console.log): Promise<void> {
  const reports = isAppProject(options.path) ? await checkApp(options) : await checkWithPlan(options.path, options);
  log(options.json ? reportJson(reports) : formatReport(reports));
  const failed = reports.reduce((n, r) => n + r.summary.failed, 0);
  if (failed > 0) throw new CheckFailedError(`check: ${failed} failed (see the report above)`);
}

/** Checks `target` (the snapshot is the one `options.path` has, or names), then plans each stack if asked. */
async function checkWithPlan(target: string, options: RunCheckOptions): Promise<CheckReport[]> {
  const reports = await checkPath(target, { expect: options.expect, snapshot: snapshotFor(options.path, options.snapshot) });
  if (options.plan) {
    for (const report of reports) {
      report.results.push(planStack(report, report.region));
      report.summary = summarize(report.results);
    }
  }
  return reports;
}

/** A vpc-lambda-gen project: its Terraform is what its app writes, not whatever cdktf.out holds. */
function isAppProject(target: string): boolean {
  return fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() === true && fs.existsSync(path.join(target, 'cdktf.json')) && fs.existsSync(path.join(target, CONFIG_FILE));
}

/** Where the report says the app's output was (under the project's name): it is never written into the project. */
const APP_OUTPUT_LABEL = "<app output>";

/** Runs the project's app into a temporary folder (check writes nothing), checks every stack, removes it. */
async function checkApp(options: RunCheckOptions): Promise<CheckReport[]> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-check-'));
  const untrack = trackTemporary(outdir);
  try {
    const { synthesizeApp } = require('../project-app') as typeof import('../project-app');
    synthesizeApp({ projectDir: options.path, outdir });
    const reports = await checkWithPlan(outdir, options);
    return reports.map((r) => ({ ...r, files: r.files.map((f) => path.join(options.path, APP_OUTPUT_LABEL, path.relative(outdir, f))) }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    untrack();
  }
}
