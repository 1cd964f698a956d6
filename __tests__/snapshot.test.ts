/**
 * `snapshot` and `check` against it: the AWS SDK is mocked (aws-sdk-client-mock) with Describe*
 * responses recorded in the SDK's own shapes for four VPCs (__tests__/fixtures/vpcs/), so no call
 * leaves the machine. A stack placed in each VPC is then checked hop by hop through the snapshot.
 */
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkJson, type CheckReport } from '../generator/check';
import { loadConfig } from '../generator/config/io';
import type { RawConfig } from '../generator/config/schema';
import { SNAPSHOT_IAM_ACTIONS, takeSnapshot } from '../generator/snapshot/aws';
import { factsOf, readSnapshot, SNAPSHOT_FILE, type VpcSnapshot } from '../generator/snapshot/format';
import { runSnapshot } from '../generator/snapshot/take';
import { runCli } from './helpers/cli';
import { rawConfig, synth } from './helpers/synth';

const FIXTURES = path.join(__dirname, 'fixtures', 'vpcs');
type Recorded = Record<string, Record<string, unknown>[]>;
const recorded = (shape: string): Recorded => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${shape}.json`), 'utf8'));

const ec2 = mockClient(EC2Client);

/** The mocked EC2 API answers from a recording; subnets come in two pages to exercise pagination. */
function answerFrom(shape: string): void {
  const r = recorded(shape);
  ec2.reset();
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: r.Vpcs });
  const [first, ...rest] = r.Subnets;
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [first], NextToken: 'page-2' });
  ec2.on(DescribeSubnetsCommand, { NextToken: 'page-2' }).resolves({ Subnets: rest });
  ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: r.RouteTables });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: r.SecurityGroups });
  ec2.on(DescribeNetworkAclsCommand).resolves({ NetworkAcls: r.NetworkAcls });
  ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: r.VpcEndpoints });
  ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: r.NatGateways });
  ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: r.InternetGateways });
  ec2.on(DescribeVpcPeeringConnectionsCommand).resolves({ VpcPeeringConnections: r.VpcPeeringConnections });
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: r.Reservations } as never);
}

async function snapshotOf(shape: string): Promise<VpcSnapshot> {
  answerFrom(shape);
  const vpcId = recorded(shape).Vpcs[0].VpcId as string;
  return takeSnapshot({ vpcId, region: 'eu-west-1', client: new EC2Client({ region: 'eu-west-1' }), now: () => new Date('2026-01-02T03:04:05Z') });
}

/** A stack in the recorded VPC's Lambda subnets, checked against the snapshot of it. */
function checkIn(snapshot: VpcSnapshot, pattern: RawConfig['pattern'], existing: Record<string, unknown> = {}, functions = [{ name: 'api' }]): CheckReport {
  const lambdaSubnets = snapshot.Subnets.filter((s) => !s.MapPublicIpOnLaunch || snapshot.Vpcs[0].IsDefault)
    .slice(0, 2)
    .map((s) => s.SubnetId as string);
  const stack = synth(rawConfig({ name: 'bf', network: { existing: { vpcId: snapshot.vpcId, subnetIds: lambdaSubnets, ...existing } }, pattern, functions }));
  return checkJson([stack.json as unknown as Record<string, unknown>], 'bf', stack.stackDir, { snapshot: { snapshot, file: SNAPSHOT_FILE } });
}

const failures = (report: CheckReport) => report.results.filter((r) => r.status === 'fail');

describe('snapshot', () => {
  test('GIVEN a VPC THEN every Describe list is read in full, filtered to the VPC, in id order, with region and time', async () => {
    const snapshot = await snapshotOf('nat-gateway-vpc');
    expect(snapshot).toMatchObject({ snapshotVersion: 1, vpcId: 'vpc-0a0a0a0a0a0a0a0a0', region: 'eu-west-1', takenAt: '2026-01-02T03:04:05.000Z' });
    expect(snapshot.Subnets.map((s) => s.SubnetId)).toEqual(recorded('nat-gateway-vpc').Subnets.map((s) => s.SubnetId).sort());
    expect(ec2.commandCalls(DescribeSubnetsCommand)).toHaveLength(2);
    expect(ec2.commandCalls(DescribeSubnetsCommand)[0].args[0].input).toMatchObject({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0a0a0a0a0a0a0a0a0'] }] });
    expect(ec2.commandCalls(DescribeInternetGatewaysCommand)[0].args[0].input).toMatchObject({ Filters: [{ Name: 'attachment.vpc-id' }] });
    // Peering connections from both sides, once each.
    expect(ec2.commandCalls(DescribeVpcPeeringConnectionsCommand).map((c) => c.args[0].input.Filters![0].Name).sort()).toEqual([
      'accepter-vpc-info.vpc-id',
      'requester-vpc-info.vpc-id',
    ]);
    // The database host is not a NAT: instances are kept only when they act as one.
    expect(snapshot.Instances).toEqual([]);
    // PascalCase, as the SDK returns it: the file format is the API's.
    expect(Object.keys(snapshot.RouteTables[0])).toEqual(expect.arrayContaining(['RouteTableId', 'Routes', 'Associations']));
  });

  test('GIVEN an instance routed to, or with source/dest check off THEN it is kept as a NAT', async () => {
    answerFrom('nat-gateway-vpc');
    const nat = { InstanceId: 'i-0cccccccccccccccc', SourceDestCheck: false, NetworkInterfaces: [] };
    const routed = { InstanceId: 'i-0ddddddddddddddd1', SourceDestCheck: true, NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0ddddddddddddddd1' }] };
    const app = { InstanceId: 'i-0eeeeeeeeeeeeeee1', SourceDestCheck: true, NetworkInterfaces: [] };
    const tables = recorded('nat-gateway-vpc').RouteTables.map((t, i) => (i === 0 ? { ...t, Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: 'eni-0ddddddddddddddd1' }] } : t));
    ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: tables as never });
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [app, nat, routed] }] } as never);
    const snapshot = await takeSnapshot({ vpcId: 'vpc-0a0a0a0a0a0a0a0a0', region: 'eu-west-1', client: new EC2Client({ region: 'eu-west-1' }) });
    expect(snapshot.Instances.map((i) => i.InstanceId)).toEqual(['i-0cccccccccccccccc', 'i-0ddddddddddddddd1']);
  });

  test('GIVEN the VPC does not exist THEN nothing is written and the error says what to check', async () => {
    answerFrom('nat-gateway-vpc');
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-snap-'));
    await expect(
      runSnapshot({ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1', dir }, (vpcId, region) => takeSnapshot({ vpcId, region, client: new EC2Client({ region }) })),
    ).rejects.toThrow(/vpc-0123456789abcdef0 does not exist in that region/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('GIVEN a project THEN the snapshot of the VPC its config names lands beside the config and reads back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-snap-'));
    fs.writeFileSync(path.join(dir, 'vpc-lambda-gen.json'), JSON.stringify({ region: 'eu-west-1', network: { existing: { vpcId: 'vpc-0a0a0a0a0a0a0a0a0' } } }));
    answerFrom('nat-gateway-vpc');
    let asked: [string, string | undefined] | undefined;
    const { file } = await runSnapshot({ dir }, (vpcId, region) => {
      asked = [vpcId, region];
      return takeSnapshot({ vpcId, region, client: new EC2Client({ region }) });
    });
    expect(asked).toEqual(['vpc-0a0a0a0a0a0a0a0a0', 'eu-west-1']);
    expect(file).toBe(path.join(dir, SNAPSHOT_FILE));
    expect(readSnapshot(file).NatGateways.map((n) => n.NatGatewayId)).toEqual(['nat-0a0a0a0a0a0a0a0a0']);
  });

  test('the IAM actions it needs are read-only Describe calls, one per list', () => {
    expect(SNAPSHOT_IAM_ACTIONS.every((a) => /^ec2:Describe[A-Za-z]+$/.test(a))).toBe(true);
    const docs = fs.readFileSync(path.join(__dirname, '..', 'docs', 'existing-vpc.md'), 'utf8');
    for (const action of SNAPSHOT_IAM_ACTIONS) expect(docs).toContain(action);
  });

  test('GIVEN no --vpc-id and no project config THEN the CLI refuses with exit 2, before any AWS call', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-snap-'));
    const r = runCli(['snapshot', '--dir', dir], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--vpc-id: required/);
  });
});

describe('check through a snapshot', () => {
  test('GIVEN Lambda subnets whose route table has no route out THEN the egress path FAILs naming that route table', async () => {
    const report = checkIn(await snapshotOf('broken-no-route-out'), { id: 'nat-gateway' });
    const egress = failures(report).filter((r) => r.check === 'internet-egress');
    expect(egress).toHaveLength(2);
    for (const r of egress) {
      expect(r.message).toMatch(/aws_route_table\.rtb-0b0b0b0b0b0b0b0b2 has no 0\.0\.0\.0\/0 route/);
      expect(r.resources).toContain('aws_lambda_function.fn_api_function');
    }
  });

  test('GIVEN a VPC whose Lambda subnets route to a NAT gateway THEN every hop passes, through the real ids', async () => {
    const report = checkIn(await snapshotOf('nat-gateway-vpc'), { id: 'nat-gateway' });
    expect(failures(report)).toEqual([]);
    const egress = report.results.filter((r) => r.check === 'internet-egress');
    expect(egress.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(egress[0].path).toEqual(
      expect.arrayContaining(['aws_route_table.rtb-0a0a0a0a0a0a0a0a2', 'aws_nat_gateway.nat-0a0a0a0a0a0a0a0a0', 'aws_subnet.subnet-0a0a0a0a0a0a0a0aa', 'aws_internet_gateway.igw-0a0a0a0a0a0a0a0a0']),
    );
    expect(report.results.find((r) => r.check === 'snapshot')?.message).toMatch(/vpc-0a0a0a0a0a0a0a0a0 in eu-west-1, taken 2026-01-02/);
  });

  test('GIVEN the default VPC THEN its subnets are public and the function FAILs there', async () => {
    const report = checkIn(await snapshotOf('default-vpc'), { id: 'nat-gateway' });
    expect(failures(report).map((r) => r.check)).toEqual(expect.arrayContaining(['private-subnets']));
    expect(failures(report).find((r) => r.check === 'private-subnets')?.message).toMatch(/subnet-0d0d0d0d0d0d0d0da is public/);
  });

  test('GIVEN an IGW-less VPC THEN an internal ALB passes, internet egress fails, and a second private-DNS endpoint is refused', async () => {
    const snapshot = await snapshotOf('igw-less-endpoints');
    const callers = [{ name: 'caller' }, { name: 'target' }];
    expect(failures(checkIn(snapshot, { id: 'internal-alb' }, {}, callers))).toEqual([]);
    expect(failures(checkIn(snapshot, { id: 'nat-gateway' })).map((r) => r.check)).toContain('internet-egress');
    const endpoints = checkIn(snapshot, { id: 'endpoints', endpoints: ['lambda'] }, { routeTableIds: ['rtb-0e0e0e0e0e0e0e0e1'] }, callers);
    expect(failures(endpoints).map((r) => [r.check, r.resources[1]])).toEqual([['endpoint-conflict', 'aws_vpc_endpoint.vpce-0e0e0e0e0e0e0e0e1']]);
    // The unrelated web group with 443 open to the world is none of this stack's business.
    expect(JSON.stringify(endpoints.results)).not.toContain('sg-0e0e0e0e0e0e0e0e2');
  });

  test('GIVEN a NAT added to route tables that already send 0.0.0.0/0 elsewhere THEN the conflict FAILs before apply would', async () => {
    const snapshot = await snapshotOf('nat-gateway-vpc');
    const report = checkIn(snapshot, { id: 'nat-gateway' }, { publicSubnetId: 'subnet-0a0a0a0a0a0a0a0aa', routeTableIds: ['rtb-0a0a0a0a0a0a0a0a2'] });
    expect(failures(report).map((r) => r.check)).toEqual(['route-conflict']);
    expect(failures(report)[0].message).toMatch(/already sends it to nat-0a0a0a0a0a0a0a0a0/);
  });

  test('GIVEN no snapshot THEN what lies outside is a WARN naming the snapshot command, and nothing FAILs', () => {
    const stack = synth(rawConfig({ name: 'bf', network: { existing: { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] } } }));
    const report = checkJson([stack.json as unknown as Record<string, unknown>], 'bf', stack.stackDir);
    expect(failures(report)).toEqual([]);
    const note = report.results.find((r) => r.check === 'existing-vpc')!;
    expect(note).toMatchObject({ status: 'warn', fix: expect.stringContaining('vpc-lambda-gen snapshot --vpc-id vpc-0123456789abcdef0') });
    expect(report.results.filter((r) => r.check === 'internet-egress').every((r) => r.status === 'warn' && /vpc-lambda-gen snapshot/.test(r.fix ?? ''))).toBe(true);
  });
});

describe('a project with a snapshot', () => {
  test('GIVEN the snapshot beside the config THEN synth and check follow it, and config validation checks the ids against it', async () => {
    const snapshot = await snapshotOf('broken-no-route-out');
    const stack = synth(rawConfig({ name: 'bf', network: { existing: { vpcId: snapshot.vpcId, subnetIds: ['subnet-0b0b0b0b0b0b0b0bb', 'subnet-0b0b0b0b0b0b0b0bc'] } } }));
    fs.writeFileSync(path.join(stack.projectDir, SNAPSHOT_FILE), JSON.stringify(snapshot));

    const check = runCli(['check', stack.projectDir], stack.projectDir);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/FAIL .*internet-egress .*aws_route_table\.rtb-0b0b0b0b0b0b0b0b2 has no 0\.0\.0\.0\/0 route/);
    const synthRun = runCli(['synth', '--dir', stack.projectDir], stack.projectDir);
    expect(synthRun.status).toBe(1);

    // Two subnets in one AZ, and one that is not in the VPC: named against the snapshot.
    const config = JSON.parse(fs.readFileSync(path.join(stack.projectDir, 'vpc-lambda-gen.json'), 'utf8'));
    config.network.existing.subnetIds = ['subnet-0b0b0b0b0b0b0b0ba', 'subnet-0b0b0b0b0b0b0b0bb', 'subnet-0123456789abcdef0'];
    fs.writeFileSync(path.join(stack.projectDir, 'vpc-lambda-gen.json'), JSON.stringify(config));
    expect(() => loadConfig(stack.projectDir)).toThrow(/subnetIds\[1\].*both in eu-west-1a according to vpc-snapshot\.json/);
    expect(() => loadConfig(stack.projectDir)).toThrow(/subnetIds\[2\].*not a subnet of vpc-0b0b0b0b0b0b0b0b0 according to vpc-snapshot\.json/);
  });

  test('GIVEN sizes from the snapshot THEN capacity is checked against them', async () => {
    const snapshot = await snapshotOf('nat-gateway-vpc');
    const small = { ...snapshot, Subnets: snapshot.Subnets.map((s) => (s.SubnetId === 'subnet-0a0a0a0a0a0a0a0ab' ? { ...s, CidrBlock: '10.40.10.0/28' } : s)) };
    const facts = factsOf(small, SNAPSHOT_FILE);
    const { validateConfig } = await import('../generator/config/validate');
    const raw = rawConfig({
      name: 'bf',
      network: { existing: { vpcId: snapshot.vpcId, subnetIds: ['subnet-0a0a0a0a0a0a0a0ab', 'subnet-0a0a0a0a0a0a0a0ac'] } },
      pattern: { id: 'internal-alb' },
      functions: [{ name: 'caller' }, { name: 'target' }],
    });
    expect(() => validateConfig(raw, 'config', { facts })).toThrow(/network\.existing\.subnetIds\[0\].*10\.40\.10\.0\/28.*\/27 or larger/);
    expect(validateConfig(raw, 'config', { facts: factsOf(snapshot, SNAPSHOT_FILE) }).existingSubnets).toEqual([
      { id: 'subnet-0a0a0a0a0a0a0a0ab', az: 'eu-west-1a', cidr: '10.40.10.0/24' },
      { id: 'subnet-0a0a0a0a0a0a0a0ac', az: 'eu-west-1b', cidr: '10.40.11.0/24' },
    ]);
  });
});
