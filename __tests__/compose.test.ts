/**
 * Issue 17, "Done when": several capabilities in one stack, on one network and one egress. Through the
 * real CLI (`new`, then `synth`/`check`) with terraform validate and an offline plan where terraform is
 * installed; then a matrix of each capability with each egress (in-process), and the refusals.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkStackDir } from '../generator/check';
import { capabilityIds } from '../generator/catalog/compose';
import { EGRESS_TYPES, type EgressType } from '../generator/catalog/egress';
import { PATTERNS } from '../generator/catalog';
import { refusalOf } from './helpers/config-issues';
import { AMI_OVERRIDE, EXISTING } from './helpers/offline-data';
import { runCli, tempDir } from './helpers/cli';
import { findResources, rawConfig, resources, synth, type TfJson } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';
import { verifyPlan, type InvokeStep } from '../generator/verify/steps';

const PEER = ['--peer-vpc-id', 'vpc-0123456789abcdef0', '--peer-cidr', '10.1.0.0/16'];

/** `new NAME ARGS --yes --no-install` in a temp dir: the project dir, its Terraform and the CLI's answer. */
function newProject(name: string, args: string[]) {
  const cwd = tempDir();
  const r = runCli(['new', name, ...args, '--yes', '--no-install'], cwd);
  const dir = path.join(cwd, name);
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', name);
  const json = fs.existsSync(stackDir) ? (JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as TfJson) : undefined;
  return { r, dir, stackDir, json: json! };
}

/** Every check of a stack: none fails, and the named ones pass for `subject`. */
function expectChecks(stackDir: string, subject: string, mustPass: string[]) {
  const { results } = checkStackDir(stackDir);
  expect(results.filter((c) => c.status === 'fail').map((c) => `${c.subject} ${c.check}: ${c.message}`)).toEqual([]);
  for (const check of mustPass) expect({ check, passed: results.some((c) => c.subject === subject && c.check === check && c.status === 'pass') }).toEqual({ check, passed: true });
}

/** "tcp 443 → 0.0.0.0/0" for every egress rule of a function's group. */
function functionEgress(json: TfJson, fn: string): string[] {
  return Object.values(resources(json, 'aws_vpc_security_group_egress_rule'))
    .filter((r: any) => r.security_group_id === `\${aws_security_group.fn_${fn}_security_group.id}`)
    .map((r: any) => `${r.ip_protocol} ${r.from_port} → ${r.cidr_ipv4 ?? r.prefix_list_id ?? r.referenced_security_group_id}`)
    .sort();
}

describe('GIVEN new c1 --pattern peering --egress nat-instance (field note 2: a peer API and the internet)', () => {
  const c1 = newProject('c1', ['--pattern', 'peering', '--egress', 'nat-instance', ...PEER]);

  test('THEN one stack has the peering routes and a NAT instance, and the function may use both', () => {
    expect(c1.r.stderr).toBe('');
    expect(c1.r.status).toBe(0);
    const json = c1.json;
    expect(Object.keys(resources(json, 'aws_vpc_peering_connection'))).toEqual(['peering_connection']);
    for (const az of ['a', 'b']) {
      expect(findResources(json, 'aws_route', { route_table_id: `\${aws_route_table.network_private_route_table_${az}.id}`, destination_cidr_block: '${var.peer_cidr}' })).toHaveLength(1);
      expect(findResources(json, 'aws_route', { destination_cidr_block: '0.0.0.0/0', network_interface_id: '${aws_instance.network_nat_instance_instance_a.primary_network_interface_id}' }).length).toBe(2);
    }
    expect(resources(json, 'aws_instance').network_nat_instance_instance_a.source_dest_check).toBe(false);
    expect(resources(json, 'aws_nat_gateway')).toEqual({});
    expect(functionEgress(json, 'api')).toEqual(['tcp 443 → ${var.peer_cidr}', 'tcp 443 → 0.0.0.0/0']);
    const config = JSON.parse(fs.readFileSync(path.join(c1.dir, 'vpc-lambda-gen.json'), 'utf8'));
    expect(config.egress).toEqual({ type: 'nat-instance', perAz: false, instanceType: 't4g.nano', ssmAccess: true, ports: [443] });
  });

  test('THEN check verifies both paths of the function, the peer and the internet', () => {
    expectChecks(c1.stackDir, 'c1-api', ['peering', 'internet-egress']);
  });

  test('THEN its README says how to verify it, naming its own function', () => {
    const readme = fs.readFileSync(path.join(c1.dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/## Verify it/);
    expect(readme).toContain('c1-api');
  });

  terraformTest()('THEN terraform validate and an offline plan succeed', () => {
    const { plan } = validateAndPlan(c1.stackDir, { region: 'eu-west-1', overrideData: AMI_OVERRIDE });
    expect(plan).toBeDefined();
  });
});

describe('GIVEN new c2 --pattern efs --egress nat-gateway (EFS users often need egress too)', () => {
  const c2 = newProject('c2', ['--pattern', 'efs', '--egress', 'nat-gateway']);

  test('THEN the EFS function keeps its mount and gets internet egress through the NAT gateway, which check verifies', () => {
    expect(c2.r.stderr).toBe('');
    expect(c2.r.status).toBe(0);
    expect(Object.keys(resources(c2.json, 'aws_nat_gateway'))).toEqual(['network_nat_gateway_a']);
    expect(functionEgress(c2.json, 'api')).toContain('tcp 443 → 0.0.0.0/0');
    expectChecks(c2.stackDir, 'c2-api', ['efs', 'internet-egress']);
  });

  terraformTest()('THEN terraform validate and an offline plan succeed', () => {
    const { plan } = validateAndPlan(c2.stackDir, { region: 'eu-west-1' });
    expect(plan).toBeDefined();
  });
});

describe('GIVEN --peer-url without --peer-port', () => {
  test.each([
    ['http://10.1.2.3/health', 80],
    ['https://10.1.2.3/health', 443],
    ['http://10.1.2.3:8080/health', 8080],
  ])('WHEN the URL is %s THEN the functions may open port %d to the peer, and synth and check pass', (url, port) => {
    const p = newProject('peer', ['--pattern', 'peering', ...PEER, '--peer-url', url]);
    expect(p.r.stderr).toBe('');
    expect(p.r.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(p.dir, 'vpc-lambda-gen.json'), 'utf8')).pattern.peerPorts).toEqual([port]);
    expect(functionEgress(p.json, 'api')).toEqual([`tcp ${port} → \${var.peer_cidr}`]);
    const again = runCli(['synth', '--dir', p.dir, '--out', tempDir()], p.dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Checked: \d+ passed, 0 warning/);
  });

  test('WHEN --peer-port names other ports THEN new refuses, naming --peer-port and the port, and writes nothing', () => {
    const cwd = tempDir();
    const r = runCli(['new', 'peer', '--pattern', 'peering', ...PEER, '--peer-url', 'http://10.1.2.3/health', '--peer-port', '443', '--yes', '--no-install'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/pattern\.peerPorts.*port 80.*--peer-port 443,80/);
    expect(fs.existsSync(path.join(cwd, 'peer'))).toBe(false);
  });
});

describe('GIVEN combinations that cannot work WHEN new runs THEN it refuses with the reason and the fix, exit 2', () => {
  test.each([
    [['--pattern', 'nat-gateway', '--egress', 'endpoints'], /egress\.type.*nat-gateway does not work with egress endpoints/],
    [['--pattern', 'sns-slack', '--egress', 'none'], /Slack is on the internet.*--egress nat-gateway or nat-instance/],
    [['--pattern', 'efs', '--with', 'sns-slack', '--egress', 'endpoints'], /with\[0\]\.id.*sns-slack does not work with egress endpoints/],
    [['--pattern', 'privatelink', '--allowed-principals', '111122223333', '--with', 'internal-alb'], /cannot share a stack with privatelink/],
    [['--pattern', 'efs', '--with', 'nat-gateway'], /an egress, not a capability: use --egress nat-gateway/],
    [['--pattern', 'efs', '--egress', 'none', '--egress-ports', '80'], /egress\.ports.*not none: drop it/],
    [['--pattern', 'efs', '--with', 'efs'], /is the main pattern already/],
  ])('%j', (args, reason) => {
    const cwd = tempDir();
    const r = runCli(['new', 'bad', ...args, '--yes', '--no-install'], cwd);
    expect(r.stderr).toMatch(reason);
    expect(r.status).toBe(2);
    expect(fs.existsSync(path.join(cwd, 'bad'))).toBe(false);
  });
});

/** Each capability joins a main pattern other than itself; peering takes efs, the others join peering. */
const CAPABILITIES = capabilityIds(PATTERNS);
const PEERING = { peerVpcId: 'vpc-0123456789abcdef0', peerCidr: '10.1.0.0/16' };
const mainFor = (capability: string) => (capability === 'peering' ? { id: 'efs' } : { id: 'peering', ...PEERING });
const withEntry = (capability: string) => ({ id: capability, ...(capability === 'peering' ? PEERING : {}) });
/** Functions enough for every part: api plays the main pattern's; caller/target/notifier the capability's. */
const FUNCTIONS = [{ name: 'api' }, { name: 'caller' }, { name: 'target' }, { name: 'notifier' }];

/** The verify step a capability brings beside the invokes: the HTTP API in front of EFS, the topic to publish to. */
const OWN_STEP: Record<string, string> = { efs: 'http', 'sns-slack': 'publish' };

describe.each(CAPABILITIES)('GIVEN capability %s added to another pattern', (capability) => {
  test.each([...EGRESS_TYPES])('WHEN the egress is %s THEN it synthesizes and every check passes, or it is refused with the reason', (egress: EgressType) => {
    const raw = rawConfig({ pattern: mainFor(capability), with: [withEntry(capability)], egress: { type: egress }, functions: FUNCTIONS });
    if (capability === 'sns-slack' && (egress === 'endpoints' || egress === 'none')) {
      expect(refusalOf(raw)).toMatch(/with\[0\]\.id.*Slack is on the internet/);
      return;
    }
    const { json, stackDir } = synth(raw, 'egress-check');
    const internet = egress === 'nat-gateway' || egress === 'nat-instance';
    expect(Object.keys(resources(json, egress === 'nat-instance' ? 'aws_instance' : 'aws_nat_gateway')).length).toBe(internet ? 1 : 0);
    expectChecks(stackDir, 'demo-api', internet ? ['internet-egress'] : []);
    // Verify after deploy: a step per function, whatever the combination, and the capability's own (its URL, its topic).
    const steps = verifyPlan(json as unknown as Record<string, unknown>).steps;
    const invoked = steps.filter((s): s is InvokeStep => s.kind === 'invoke');
    expect(invoked.map((s) => ('literal' in s.functionName ? s.functionName.literal : '?')).sort()).toEqual(FUNCTIONS.map((f) => `demo-${f.name}`).sort());
    const own = OWN_STEP[capability];
    if (own) expect(steps.map((s) => s.kind)).toContain(own);
  });
});

describe('GIVEN a composition in an existing VPC', () => {
  const existing = { existing: { vpcId: EXISTING.vpcId, subnetIds: EXISTING.subnetIds } };
  const composed = (network: Record<string, unknown>) =>
    rawConfig({ name: 'bf', network, pattern: { id: 'efs' }, with: [withEntry('peering')], egress: { type: 'nat-gateway' }, functions: [{ name: 'api' }] });

  test('WHEN its route tables are not named THEN refused: the peer route and the NAT route need them', () => {
    expect(refusalOf(composed({ existing: { ...existing.existing, publicSubnetId: EXISTING.publicSubnetId } }))).toMatch(
      /network\.existing\.routeTableIds.*required for the 0\.0\.0\.0\/0 route to the NAT in publicSubnetId and the route to the peer CIDR \(pattern efs, peering, egress nat-gateway\)/,
    );
  });

  test('WHEN they are THEN efs, the peer and the VPC\'s own egress build in it, and check passes', () => {
    const { json, stackDir } = synth(composed({ existing: { ...existing.existing, routeTableIds: EXISTING.routeTableIds } }), 'egress-check');
    expect(resources(json, 'aws_vpc')).toEqual({});
    expect(findResources(json, 'aws_route', { destination_cidr_block: '${var.peer_cidr}' }).map(([, r]) => r.vpc_peering_connection_id)).toEqual([
      '${aws_vpc_peering_connection.peering_connection.id}',
      '${aws_vpc_peering_connection.peering_connection.id}',
    ]);
    expect(Object.keys(resources(json, 'aws_efs_mount_target'))).toHaveLength(2);
    expect(functionEgress(json, 'api')).toContain('tcp 443 → 0.0.0.0/0');
    expectChecks(stackDir, 'bf-api', ['efs']);
  });
});

describe('GIVEN sns-slack, as the pattern or as a capability', () => {
  test.each([
    ['the pattern', 'slack', ['--pattern', 'sns-slack']],
    ['a capability of efs, with its own parameter', 'efs-slack', ['--pattern', 'efs', '--with', 'sns-slack', '--slack-parameter', '/ops/slack-hook']],
  ])('WHEN it is %s THEN the README gives the exact put-parameter step for the webhook, and the config holds no URL', (_what, name, args) => {
    const project = newProject(name, args);
    expect(project.r.status).toBe(0);
    const parameter = args.includes('--slack-parameter') ? '/ops/slack-hook' : `/${name}/slack-webhook`;
    const readme = fs.readFileSync(path.join(project.dir, 'README.md'), 'utf8');
    expect(readme).toContain(`aws ssm put-parameter --region eu-west-1 --type SecureString --name '${parameter}' \\\n  --value 'https://hooks.slack.com/services/…'`);
    expect(fs.readFileSync(path.join(project.dir, 'vpc-lambda-gen.json'), 'utf8')).not.toContain('hooks.slack.com');
  });

  test('WHEN the stack has no Slack notifier THEN the README asks for no parameter', () => {
    const project = newProject('plain', ['--pattern', 'endpoints']);
    expect(fs.readFileSync(path.join(project.dir, 'README.md'), 'utf8')).not.toContain('put-parameter');
  });
});
