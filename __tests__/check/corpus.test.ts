/**
 * `check` on other people's Terraform: each folder of __tests__/check/corpus is a public configuration
 * with Lambda in a VPC, and its expected.json the verdicts judged by hand before check ran on it
 * (corpus/README.md). A FAIL no expectation names is a false alarm; an expected FAIL not reported
 * is a miss. Both fail this test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPath, type CheckReport } from '../../generator/check';

const CORPUS = path.join(__dirname, 'corpus');

interface Expectation {
  subject: string;
  check: string;
  status: 'pass' | 'fail' | 'warn' | 'ok';
  why: string;
  match?: string;
}

const cases = fs
  .readdirSync(CORPUS)
  .filter((d) => fs.existsSync(path.join(CORPUS, d, 'expected.json')))
  .sort();

function results(report: CheckReport, e: Pick<Expectation, 'subject' | 'check' | 'match'>) {
  return report.results.filter((r) => r.subject === e.subject && r.check === e.check && (!e.match || new RegExp(e.match).test(r.message)));
}

describe('check agrees with the hand judgement on public Terraform', () => {
  test('the corpus holds at least twelve configurations', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  test.each(cases)('%s', async (name) => {
    const { expect: expectations } = JSON.parse(fs.readFileSync(path.join(CORPUS, name, 'expected.json'), 'utf8')) as { expect: Expectation[] };
    const [report] = await checkPath(path.join(CORPUS, name));
    const verdicts = expectations.map((e) => {
      const found = results(report, e);
      const statuses = [...new Set(found.map((r) => r.status))].sort();
      const agrees =
        e.status === 'fail'
          ? statuses.includes('fail')
          : e.status === 'ok'
            ? found.length > 0 && !statuses.includes('fail')
            : found.length > 0 && statuses.every((s) => s === e.status);
      return { subject: e.subject, check: e.check, expected: e.status, got: statuses.join('+') || 'nothing', agrees };
    });
    expect(verdicts.filter((v) => !v.agrees)).toEqual([]);
    const expectedFails = expectations.filter((e) => e.status === 'fail');
    const falseAlarms = report.results
      .filter((r) => r.status === 'fail' && !expectedFails.some((e) => results(report, e).includes(r)))
      .map((r) => `${r.subject} ${r.check}: ${r.message}`);
    expect(falseAlarms).toEqual([]);
  });
});
