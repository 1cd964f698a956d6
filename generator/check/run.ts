/** The `check` command's work, apart from yargs so tests and other commands can call it. */
import { checkPath, CheckFailedError, formatReport, reportJson, summarize } from './index';
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
  const reports = await checkPath(options.path, { expect: options.expect, snapshot: snapshotFor(options.path, options.snapshot) });
  if (options.plan) {
    for (const report of reports) {
      report.results.push(planStack(report, report.region));
      report.summary = summarize(report.results);
    }
  }
  log(options.json ? reportJson(reports) : formatReport(reports));
  const failed = reports.reduce((n, r) => n + r.summary.failed, 0);
  if (failed > 0) throw new CheckFailedError(`check: ${failed} failed (see the report above)`);
}
