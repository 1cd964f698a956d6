/**
 * The readable report (one line per check: status, function, check, path and addresses, fix) and the
 * JSON one for machines. Paths are shown relative to the working directory.
 */
import * as path from 'node:path';
import type { CheckReport } from './index';
import type { CheckResult } from './result';

const STATUS = { pass: 'PASS', fail: 'FAIL', warn: 'WARN' } as const;

export function formatReport(reports: CheckReport[], cwd = process.cwd()): string {
  const out: string[] = [];
  for (const report of reports) {
    const { inventory: inv } = report;
    const where = report.files.map((f) => rel(f, cwd)).join(', ');
    out.push(
      `Checked ${where}: ${inv.resources} resources, ${plural(inv.vpcs, 'VPC')}, ${plural(inv.subnets, 'subnet')}, ${plural(inv.functions.length, 'function')}${inv.functions.length ? ` (${inv.functions.join(', ')})` : ''}`,
    );
    // Function names set the column; a long resource address as subject just overflows it.
    const subjectWidth = Math.min(Math.max(0, ...report.results.map((r) => r.subject.length)), Math.max(12, ...inv.functions.map((f) => f.length)));
    const checkWidth = Math.max(0, ...report.results.map((r) => r.check.length));
    for (const r of report.results) out.push(line(r, subjectWidth, checkWidth));
    const s = report.summary;
    out.push(`${s.failed > 0 ? 'FAILED' : 'OK'}: ${s.passed} passed, ${s.failed} failed, ${plural(s.warnings, 'warning')}`);
    out.push('');
  }
  return out.join('\n');
}

function line(r: CheckResult, subjectWidth: number, checkWidth: number): string {
  let text = `${STATUS[r.status]}  ${r.subject.padEnd(subjectWidth)}  ${r.check.padEnd(checkWidth)}  ${r.message}`;
  if (r.status !== 'pass' && r.path && r.path.length > 0) text += `  (path: ${r.path.join(' → ')})`;
  const extra = r.resources.filter((a) => !text.includes(a));
  if (extra.length > 0) text += `  [${extra.join(', ')}]`;
  if (r.status !== 'pass' && r.fix) text += `  fix: ${r.fix}`;
  return text;
}

/** Machine-readable report: stable keys, relative file paths. */
export function reportJson(reports: CheckReport[], cwd = process.cwd()): string {
  const total = { passed: 0, failed: 0, warnings: 0 };
  for (const r of reports) {
    total.passed += r.summary.passed;
    total.failed += r.summary.failed;
    total.warnings += r.summary.warnings;
  }
  return JSON.stringify(
    {
      ok: total.failed === 0,
      summary: total,
      stacks: reports.map((r) => ({
        label: r.label,
        files: r.files.map((f) => rel(f, cwd)),
        inventory: r.inventory,
        summary: r.summary,
        results: r.results,
      })),
    },
    null,
    2,
  );
}

/** Relative to the working directory when below it, else absolute. */
function rel(file: string, cwd: string): string {
  const r = path.relative(cwd, path.resolve(file));
  return r.startsWith('..') ? path.resolve(file) : r || '.';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
