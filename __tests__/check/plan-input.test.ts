/**
 * `check plan.json`: the plan JSON of every pattern, made offline by real terraform (fake
 * credentials, the provider's skip_* flags, data sources that would call AWS replaced by literals in
 * the test copy), gives the same verdicts as the Terraform JSON it was planned from. Skipped loudly
 * without terraform and a provider mirror (VLG_REQUIRE_TERRAFORM turns the skip into a failure).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PATTERNS } from '../../generator/catalog';
import { checkPath, type CheckReport } from '../../generator/check';
import { terraformTest } from '../helpers/terraform';
import { synthPattern } from './pattern-stacks';
import { offlineCopy, planJson } from './plan-json';

const verdicts = (r: CheckReport) => r.results.map((x) => `${x.status} ${x.subject} ${x.check}`).sort();

describe('check plan.json', () => {
  terraformTest().each(PATTERNS.map((p) => p.id))('plan JSON of the %s pattern gives the verdicts of its Terraform JSON', async (id) => {
    const dir = offlineCopy(synthPattern(id).stackDir);
    try {
      const [fromJson] = await checkPath(path.join(dir, 'cdk.tf.json'));
      const [fromPlan] = await checkPath(planJson(dir));
      expect(fromPlan.results.filter((r) => r.status === 'fail')).toEqual([]);
      expect(verdicts(fromPlan)).toEqual(verdicts(fromJson));
      expect(fromPlan.inventory).toEqual(fromJson.inventory);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
