/**
 * Subnet IP capacity: validation counts what each Lambda subnet must hold (AWS's 5, one Hyperplane
 * ENI per function security group, interface endpoints, ALB / NLB / EFS mount targets, the SSM host),
 * refuses layouts where it does not fit with the numbers, and the count matches what the built
 * Terraform really places in each subnet.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PATTERN_IDS } from '../generator/catalog';
import { stackParts } from '../generator/catalog/compose';
import { subnetCapacity } from '../generator/config/capacity';
import type { RawConfig } from '../generator/config/schema';
import { validateConfig } from '../generator/config/validate';
import { synthPattern } from './check/pattern-stacks';
import { runCli, tempDir } from './helpers/cli';
import { issueAt, issuesOf } from './helpers/config-issues';
import { rawConfig, type TfJson } from './helpers/synth';

const twoFunctions = [{ name: 'caller' }, { name: 'target' }];
const withMask = (pattern: RawConfig['pattern'], privateSubnetMask: number, extra: Partial<RawConfig> = {}) =>
  rawConfig({ pattern, functions: twoFunctions, network: { privateSubnetMask }, ...extra });
/** lambda plus n more interface endpoints. */
const endpoints = (n: number) => ({ id: 'endpoints', endpoints: ['sts', 'ssm', 'sqs', 'kms', 'logs', 'secretsmanager', 'sns', 'events', 'states', 'xray'].slice(0, n) });

describe('GIVEN a layout whose reserved addresses do not fit a Lambda subnet', () => {
  test('WHEN 5 AWS + 2 ENIs + 10 endpoints (17) meet a /28 (16) THEN it is refused with every number and the mask that fits', () => {
    const issue = issueAt(withMask(endpoints(9), 28), 'network.privateSubnetMask');
    expect(issue.value).toBe(28);
    expect(issue.message).toContain('each Lambda subnet /28 has 16 addresses, but this stack reserves 17 in eu-west-1a (10.0.0.0/28)');
    expect(issue.message).toContain('5 reserved by AWS');
    expect(issue.message).toContain('2 Hyperplane ENIs, one per function security group (caller, target)');
    expect(issue.message).toContain('10 interface endpoints (lambda, sts, ssm, sqs, kms, logs, secretsmanager, sns, events, states)');
    expect(issue.message).toContain('set network.privateSubnetMask to 27 or less (a /27 has 32 addresses)');
  });

  test('WHEN exactly 16 are reserved in a /28 THEN it is accepted (the boundary is "fits", not "fits with slack")', () => {
    expect(() => validateConfig(withMask(endpoints(8), 28))).not.toThrow();
  });

  test('WHEN the SSM host joins THEN its endpoints count once, and the host itself only in the first subnet', () => {
    // 5 + 2 + lambda, ssm (also the host's), ssmmessages, ec2messages + the host = 12 in subnet a, 11 in b.
    const { config, subnets } = validateConfig(withMask({ id: 'endpoints', endpoints: ['ssm'] }, 28, { ssmHost: true }));
    const [a, b] = subnetCapacity(config, subnets, stackParts(config));
    expect([a.reserved, b.reserved]).toEqual([12, 11]);
    expect(a.lines.map((l) => l.what)).toContain('interface endpoints (lambda, ssm, ssmmessages, ec2messages)');
    expect(a.lines.map((l) => l.what)).toContain('SSM debug host');
    expect(b.lines.map((l) => l.what)).not.toContain('SSM debug host');
  });

  test('WHEN an ALB pattern gets /28 subnets THEN it is refused: AWS wants a /27 for an ALB, whatever the count', () => {
    for (const pattern of [{ id: 'internal-alb' }, { id: 'privatelink', allowedPrincipals: ['123456789012'] }]) {
      const issue = issueAt(withMask(pattern, 28), 'network.privateSubnetMask');
      expect(issue.message).toMatch(/too small for the internal ALB .*AWS needs a \/27 or larger subnet; set network\.privateSubnetMask to 27 or less/);
    }
    expect(() => validateConfig(withMask({ id: 'internal-alb' }, 27))).not.toThrow();
  });

  test('WHEN explicit subnets differ in size THEN the one that is too small is named, with its CIDR and AZ', () => {
    const raw = rawConfig({
      pattern: endpoints(9),
      functions: twoFunctions,
      network: { cidr: '10.1.0.0/16', privateSubnets: ['10.1.0.0/24', '10.1.1.0/28'] },
    });
    const issues = issuesOf(raw);
    expect(issues.map((i) => i.field)).toEqual(['network.privateSubnets[1]']);
    expect(issues[0].message).toMatch(/^10\.1\.1\.0\/28 \(eu-west-1b\) has 16 addresses, but this stack reserves 17 in it: .*give this AZ a \/27 or larger subnet$/);
  });
});

describe('the count is what the Terraform places in each Lambda subnet', () => {
  /** AWS's 5, plus one address per ENI the JSON puts in the subnet (8 kept free for an ALB). */
  function addressesFromTerraform(json: TfJson, subnet: string): number {
    const ref = `\${aws_subnet.${subnet}.id}`;
    const blocks = (v: any): any[] => (Array.isArray(v) ? v : v ? [v] : []);
    const lambdaGroups = new Set<string>();
    for (const fn of Object.values(json.resource.aws_lambda_function ?? {})) {
      for (const vpc of blocks(fn.vpc_config)) if (vpc.subnet_ids.includes(ref)) lambdaGroups.add(JSON.stringify([...vpc.security_group_ids].sort()));
    }
    let n = 5 + lambdaGroups.size;
    for (const e of Object.values(json.resource.aws_vpc_endpoint ?? {})) if (e.vpc_endpoint_type === 'Interface' && e.subnet_ids.includes(ref)) n += 1;
    for (const lb of Object.values(json.resource.aws_lb ?? {})) if ((lb.subnets ?? []).includes(ref)) n += lb.load_balancer_type === 'network' ? 1 : 8;
    for (const mt of Object.values(json.resource.aws_efs_mount_target ?? {})) if (mt.subnet_id === ref) n += 1;
    for (const i of Object.values(json.resource.aws_instance ?? {})) if (i.subnet_id === ref) n += 1;
    return n;
  }

  const cases: [string, Record<string, unknown>, Partial<RawConfig>][] = [
    ...PATTERN_IDS.map((id) => [id, {}, {}] as [string, Record<string, unknown>, Partial<RawConfig>]),
    ...PATTERN_IDS.map((id) => [id, {}, { ssmHost: true }] as [string, Record<string, unknown>, Partial<RawConfig>]),
    ['endpoints', { endpoints: ['sts', 'ssm', 's3', 'dynamodb'] }, { ssmHost: true }],
    ['privatelink', { consumerEndpoint: false }, {}],
  ];
  test.each(cases)('%s %j %j', (id, options, config) => {
    const { json, projectDir } = synthPattern(id, options, config);
    const validated = validateConfig(JSON.parse(fs.readFileSync(path.join(projectDir, 'vpc-lambda-gen.json'), 'utf8')));
    const capacity = subnetCapacity(validated.config, validated.subnets, stackParts(validated.config));
    const fromJson = capacity.map((_, i) => addressesFromTerraform(json, `network_private_subnet_${'abcdef'[i]}`));
    expect(capacity.map((s) => s.reserved)).toEqual(fromJson);
  });
});

describe('a refused layout writes nothing (exit 2)', () => {
  const tooSmall = withMask({ id: 'internal-alb' }, 28);

  test('new --config with it leaves no directory behind', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'base.json'), JSON.stringify(tooSmall));
    const r = runCli(['new', 'app', '--config', 'base.json', '--yes'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/network\.privateSubnetMask \(got 28\): .*AWS needs a \/27/);
    expect(fs.existsSync(path.join(cwd, 'app'))).toBe(false);
  });

  test('synth and export of a project edited into it leave cdktf.out and OUTDIR untouched', () => {
    const cwd = tempDir();
    expect(runCli(['new', 'app', '--pattern', 'internal-alb', '--yes'], cwd).status).toBe(0);
    const configFile = path.join(cwd, 'app', 'vpc-lambda-gen.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    fs.writeFileSync(configFile, JSON.stringify({ ...config, network: { ...config.network, privateSubnetMask: 28 } }));
    const stackFile = path.join(cwd, 'app', 'cdktf.out', 'stacks', 'app', 'cdk.tf.json');
    const before = fs.readFileSync(stackFile, 'utf8');

    const synth = runCli(['synth', '--dir', 'app'], cwd);
    expect(synth.status).toBe(2);
    expect(synth.stderr).toMatch(/privateSubnetMask/);
    expect(fs.readFileSync(stackFile, 'utf8')).toBe(before);

    const exported = runCli(['export', 'out', '--dir', 'app'], cwd);
    expect(exported.status).toBe(2);
    expect(exported.stderr).toMatch(/privateSubnetMask/);
    expect(fs.readdirSync(cwd).sort()).toEqual(['app']);
  });
});
