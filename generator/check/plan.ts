/**
 * `check --plan`: terraform validate and an offline plan (fake credentials, every data source other
 * than policy documents overridden with generated values) through generator/terraform.ts. Without
 * terraform and a provider mirror the step is reported as skipped, never as a failure.
 */
import type { CheckReport } from './index';
import type { CheckResult } from './result';

export function planStack(report: CheckReport, region: string | undefined): CheckResult {
  const { findTerraformToolchain, validateAndPlan } = require('../terraform') as typeof import('../terraform');
  const subject = 'terraform';
  const { toolchain, reason } = findTerraformToolchain();
  if (!toolchain) {
    return {
      status: 'warn',
      subject,
      check: 'plan',
      message: `terraform validate + offline plan skipped: ${reason}`,
      resources: [],
      fix: 'install terraform >= 1.7 and point VLG_TF_PROVIDER_MIRROR at a filesystem mirror holding hashicorp/aws',
    };
  }
  const overrideData = Object.fromEntries(report.dataSources.map((d) => [d, fakeData(d, region ?? 'us-east-1')]));
  try {
    validateAndPlan(report.dir, { region: region ?? 'us-east-1', overrideData });
    return {
      status: 'pass',
      subject,
      check: 'plan',
      message: `terraform ${toolchain.version} validate and offline plan succeed (${report.dataSources.length} data sources overridden)`,
      resources: [],
    };
  } catch (e) {
    const text = (e as Error).message;
    // "terraform validate failed ...", then each "Error: ..." with the "on <file> line N, in <address>" under it.
    const lines = text.split('\n').map((l) => l.replace(/[│╷╵]/g, '').trim());
    const errors = lines.flatMap((l, i) => {
      if (/^terraform .* failed/.test(l)) return [l];
      if (!l.startsWith('Error:')) return [];
      const where = lines.slice(i + 1, i + 4).find((x) => x.startsWith('on '));
      return [where ? `${l} (${where.replace(/:$/, '')})` : l];
    });
    return {
      status: 'fail',
      subject,
      check: 'plan',
      message: [...new Set(errors)].slice(0, 4).join('; ') || text.split('\n')[0],
      resources: [],
      fix: 'run terraform validate in the stack directory for the full message',
    };
  }
}

/**
 * Plausible values for the data sources Terraform JSON commonly reads; terraform generates the rest
 * (but an empty list where code indexes `names[0]` would fail the plan).
 */
export function fakeData(address: string, region: string): Record<string, unknown> {
  const type = address.split('.')[1];
  switch (type) {
    case 'aws_availability_zones':
      return { names: ['a', 'b', 'c'].map((z) => `${region}${z}`), zone_ids: ['1', '2', '3'].map((z) => `az${z}`) };
    case 'aws_caller_identity':
      return { account_id: '123456789012', arn: 'arn:aws:iam::123456789012:user/offline-plan', user_id: 'AIDAOFFLINEPLAN' };
    case 'aws_region':
      return { name: region, id: region };
    case 'aws_partition':
      return { partition: 'aws', dns_suffix: 'amazonaws.com' };
    case 'aws_ami':
      return { id: 'ami-0123456789abcdef0' };
    case 'aws_ssm_parameter':
      // Stacks mostly read the current AMI id this way.
      return { value: 'ami-0123456789abcdef0', insecure_value: 'ami-0123456789abcdef0', type: 'String' };
    case 'aws_vpc':
      return { id: 'vpc-0123456789abcdef0' };
    case 'aws_subnets':
      return { ids: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] };
    case 'aws_lambda_function':
      // An adopted function's role is read from it (patterns/blocks/vpc-function.ts) and must be an ARN.
      return { role: 'arn:aws:iam::123456789012:role/offline-plan' };
    default:
      return {};
  }
}
