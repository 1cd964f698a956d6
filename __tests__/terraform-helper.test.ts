import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findTerraformToolchain, terraformTest, validateAndPlan } from './helpers/terraform';

/** A hand-made stack shaped like CDKTF output (JSON config, local backend, data source). */
function writeFixture(vpc: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-tf-fixture-'));
  const config = {
    terraform: {
      required_providers: { aws: { source: 'hashicorp/aws', version: '>= 5.100, < 7.0' } },
      backend: { local: { path: 'terraform.tfstate' } },
    },
    provider: { aws: [{ region: 'eu-west-1' }] },
    variable: { name: { type: 'string' } },
    data: { aws_caller_identity: { current: {} }, aws_availability_zones: { azs: { state: 'available' } } },
    resource: { aws_vpc: { main: vpc } },
    output: {
      account_id: { value: '${data.aws_caller_identity.current.account_id}' },
      first_az: { value: '${data.aws_availability_zones.azs.names[0]}' },
    },
  };
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
  return dir;
}

const callerIdentity = {
  'data.aws_caller_identity.current': {
    account_id: '123456789012',
    arn: 'arn:aws:iam::123456789012:user/offline',
    user_id: 'AIDAOFFLINE',
  },
  // Lists and awkward strings exercise the HCL renderer.
  'data.aws_availability_zones.azs': { names: ['az-"quoted"\\%{x}', 'eu-west-1b'], zone_ids: [] },
};

describe('terraform test helper', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('discovery reports either a toolchain or a reason', () => {
    const found = findTerraformToolchain();
    expect(Boolean(found.toolchain) !== Boolean(found.reason)).toBe(true);
  });

  terraformTest()('validates and plans a good stack offline', () => {
    const dir = writeFixture({ cidr_block: '10.0.0.0/16', tags: { Name: '${var.name}' } });
    dirs.push(dir);
    const result = validateAndPlan(dir, {
      overrideData: callerIdentity,
      // "${" must reach terraform as a literal, not as an interpolation.
      variables: { name: 'vpc-${literal}' },
    });
    expect(result.validate).toContain('Success! The configuration is valid');
    expect(result.plan).toContain('Success! 1 passed, 0 failed.');
    expect(result.plan).toContain('# aws_vpc.main will be created');
    expect(result.plan).toContain('"vpc-${literal}"');
    expect(result.plan).toContain('account_id = "123456789012"');
    expect(result.plan).toContain('first_az   = "az-\\"quoted\\"\\\\%{x}"');
  });

  terraformTest()("throws with terraform's message for an unknown attribute", () => {
    const dir = writeFixture({ cidr_block: '10.0.0.0/16', not_a_vpc_attribute: true });
    dirs.push(dir);
    let err: Error | undefined;
    try {
      validateAndPlan(dir, { overrideData: callerIdentity, variables: { name: 'x' } });
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toMatch(/terraform validate failed/);
    expect(err?.message).toMatch(/No argument or block type is named "not_a_vpc_attribute"/);
    // The kept work dir is named in the message; clean it up here.
    const kept = /work dir kept at: (.*)/.exec(err?.message ?? '')?.[1];
    if (kept) dirs.push(path.dirname(kept));
  });

  terraformTest()('throws when a data source is not overridden (plan would call AWS)', () => {
    const dir = writeFixture({ cidr_block: '10.0.0.0/16' });
    dirs.push(dir);
    let err: Error | undefined;
    try {
      validateAndPlan(dir, { variables: { name: 'x' } });
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toMatch(/terraform test \(offline plan\) failed/);
    expect(err?.message).toMatch(/reading STS Caller Identity/);
    const kept = /work dir kept at: (.*)/.exec(err?.message ?? '')?.[1];
    if (kept) dirs.push(path.dirname(kept));
  });
});
