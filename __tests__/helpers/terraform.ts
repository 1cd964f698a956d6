/**
 * Real Terraform (init + validate + offline plan) for the tests. The work itself lives in
 * generator/terraform.ts (`check --plan` uses it too); this file adds the jest glue and the CI report.
 *
 * Env knobs (besides those of generator/terraform.ts: VLG_TERRAFORM_BIN, VLG_TF_PROVIDER_MIRROR, VLG_KEEP_TF):
 *   VLG_TF_REPORT           file to which one line per check is appended (ran/failed/skipped)
 *   VLG_REQUIRE_TERRAFORM   if set, terraformTest() throws instead of skipping
 */
import * as fs from 'fs';
import {
  findTerraformToolchain,
  validateAndPlan as runValidateAndPlan,
  type TerraformCheckResult,
  type ValidateAndPlanOptions,
} from '../../generator/terraform';

export { findTerraformToolchain };
export type { TerraformCheckResult, TerraformToolchain, ValidateAndPlanOptions } from '../../generator/terraform';

function report(line: string): void {
  const file = process.env.VLG_TF_REPORT;
  if (file) fs.appendFileSync(file, line + '\n');
}

/**
 * Copies the stack dir to a fresh temp dir, runs `terraform init` (offline, mirror
 * only), `terraform validate` and an offline plan through `terraform test`.
 * Throws an Error with terraform's full stdout/stderr when any step fails; the
 * temp dir is then kept and its path is in the message.
 */
export function validateAndPlan(stackDir: string, opts: ValidateAndPlanOptions = {}): TerraformCheckResult {
  return runValidateAndPlan(stackDir, { ...opts, onResult: report });
}

// ---------------------------------------------------------------------------
// jest integration
// ---------------------------------------------------------------------------

// Module-level, so "once" means once per jest test file (jest gives each file its own module registry).
let warned = false;

/** For jest: returns `test` or `test.skip` and logs loudly (once) why terraform checks are skipped. */
export function terraformTest(): jest.It {
  const { toolchain, reason } = findTerraformToolchain();
  if (toolchain) return test;
  const msg = `terraform checks SKIPPED: ${reason}`;
  if (process.env.VLG_REQUIRE_TERRAFORM) throw new Error(`${msg} (VLG_REQUIRE_TERRAFORM is set)`);
  report(`skipped: ${reason}`);
  if (!warned) {
    warned = true;
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}\n!! ${msg}\n!! Set VLG_TERRAFORM_BIN / VLG_TF_PROVIDER_MIRROR to enable them.\n${bar}\n`);
  }
  return test.skip;
}
