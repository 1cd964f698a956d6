import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../generator/config/validate';
import { runCli, tempDir } from './helpers/cli';
import { issueAt, issuesOf } from './helpers/config-issues';
import { findResources, rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';
import { plannedNetwork } from './helpers/variables';
// Unreported: a refusal expected by the test must not read as a failed stack in the CI report.
import { validateAndPlan as planExpectingRefusal } from '../generator/terraform';

const PEER_VPC = 'vpc-0a1b2c3d4e5f67890';
const PEER_RTB = 'rtb-0a1b2c3d4e5f67890';
const PCX = ref('aws_vpc_peering_connection', 'peering_connection');
const FN_SG = ref('aws_security_group', 'fn_api_security_group');

const peering = (options: Record<string, unknown> = {}) =>
  rawConfig({ pattern: { id: 'peering', peerVpcId: PEER_VPC, peerCidr: '10.1.0.0/16', ...options } });

describe('peering pattern', () => {
  const sameAccount = synth(peering({ peerPorts: [443, 8443], peerRouteTableIds: [PEER_RTB], peerApiUrl: 'https://10.1.2.3/health' }), 'peer-caller');
  const crossAccount = synth(peering({ peerOwnerId: '123456789012', peerRegion: 'eu-central-1' }), 'peer-caller');

  describe('Terraform variables for the platform team', () => {
    test('peer VPC id, CIDR, owner and region are described, typed variables defaulted from the config', () => {
      // Besides the variables every stack has (vpc_cidr, availability_zones, tags: variables.test.ts).
      const variables = Object.fromEntries(Object.entries(sameAccount.json.variable!).filter(([name]) => name.startsWith('peer_')));
      expect(Object.keys(variables).sort()).toEqual(['peer_cidr', 'peer_owner_id', 'peer_region', 'peer_vpc_id']);
      for (const v of Object.values(variables)) expect(v).toMatchObject({ type: 'string', description: expect.stringMatching(/^[A-Z].{20,}/) });
      expect(variables.peer_vpc_id.default).toBe(PEER_VPC);
      expect(variables.peer_cidr.default).toBe('10.1.0.0/16');
      // null means "this account / this region"; a cross-account peer carries its own values.
      expect(variables.peer_owner_id).toMatchObject({ default: null, nullable: true });
      expect(variables.peer_region).toMatchObject({ default: null, nullable: true });
      expect(crossAccount.json.variable!.peer_owner_id.default).toBe('123456789012');
      expect(crossAccount.json.variable!.peer_region.default).toBe('eu-central-1');
    });

    test('each variable validates its value, and peer_cidr re-checks the overlap with this VPC', () => {
      const variables = sameAccount.json.variable!;
      for (const name of Object.keys(variables)) expect(variables[name].validation.length).toBeGreaterThan(0);
      const messages = variables.peer_cidr.validation.map((v: { error_message: string }) => v.error_message);
      expect(messages).toEqual(expect.arrayContaining([expect.stringContaining("overlaps this VPC's CIDR 10.0.0.0/16")]));
    });
  });

  describe('the peering connection', () => {
    test('requests peering from the generated VPC to the peer, all from the variables', () => {
      expect(resource(sameAccount.json, 'aws_vpc_peering_connection', 'peering_connection')).toMatchObject({
        vpc_id: ref('aws_vpc', 'network_vpc'),
        peer_vpc_id: '${var.peer_vpc_id}',
        peer_owner_id: '${var.peer_owner_id}',
        peer_region: '${var.peer_region}',
      });
    });

    test('is auto-accepted only when the peer is in this account and this region (both variables null)', () => {
      expect(resource(sameAccount.json, 'aws_vpc_peering_connection', 'peering_connection').auto_accept).toBe(
        '${((var.peer_owner_id == null) && (var.peer_region == null))}',
      );
    });

    test('every Lambda route table sends the peer CIDR to the peering connection, and nothing else leaves the VPC', () => {
      const { json } = sameAccount;
      const lambdaRoutes = Object.entries(resources(json, 'aws_route')).filter(([name]) => name.startsWith('network_private_'));
      expect(lambdaRoutes.map(([name, r]) => [name, r.route_table_id, r.destination_cidr_block, r.vpc_peering_connection_id])).toEqual([
        ['network_private_peer_route_a', ref('aws_route_table', 'network_private_route_table_a'), '${var.peer_cidr}', PCX],
        ['network_private_peer_route_b', ref('aws_route_table', 'network_private_route_table_b'), '${var.peer_cidr}', PCX],
      ]);
      for (const type of ['aws_internet_gateway', 'aws_nat_gateway', 'aws_instance']) expect(resources(json, type)).toEqual({});
    });

    test('GIVEN the peer route table ids THEN the route back to this VPC is created there', () => {
      expect(resource(sameAccount.json, 'aws_route', 'peering_accepter_route_0')).toEqual(
        expect.objectContaining({ route_table_id: PEER_RTB, destination_cidr_block: ref('aws_vpc', 'network_vpc', 'cidr_block'), vpc_peering_connection_id: PCX }),
      );
      expect(Object.keys(resources(crossAccount.json, 'aws_route')).filter((n) => n.startsWith('peering_'))).toEqual([]);
    });

    test('the accepter side is documented in a described output: acceptance, route back, security group', () => {
      const { output } = crossAccount.json;
      expect(output.peer_side_setup.description).toMatch(/owner of the peer VPC/);
      expect(output.peer_side_setup.value).toContain(`accept peering connection ${PCX}`);
      // The ranges follow var.vpc_cidr; with the defaults they are the planned ones.
      const [vpc, subnetA, subnetB] = [ref('aws_vpc', 'network_vpc', 'cidr_block'), ref('aws_subnet', 'network_private_subnet_a', 'cidr_block'), ref('aws_subnet', 'network_private_subnet_b', 'cidr_block')];
      expect(output.peer_side_setup.value).toContain(`add the route ${vpc} -> ${PCX} to each route table`);
      expect(output.peer_side_setup.value).toContain(`admit TCP 443 from ${subnetA}, ${subnetB}`);
      const planned = plannedNetwork(crossAccount.json);
      expect([planned.vpc, planned.subnets.network_private_subnet_a.cidr, planned.subnets.network_private_subnet_b.cidr]).toEqual(['10.0.0.0/16', '10.0.0.0/20', '10.0.16.0/20']);
      expect(output.peering_connection_id.value).toBe(PCX);
    });
  });

  describe('security groups', () => {
    test('the function may send only to the peer CIDR, on the configured ports; nothing may reach it', () => {
      const { json } = sameAccount;
      const egress = findResources(json, 'aws_vpc_security_group_egress_rule', { security_group_id: FN_SG }).map(([, r]) => [
        r.cidr_ipv4,
        r.ip_protocol,
        r.from_port,
        r.to_port,
      ]);
      expect(egress).toEqual([
        ['${var.peer_cidr}', 'tcp', 443, 443],
        ['${var.peer_cidr}', 'tcp', 8443, 8443],
      ]);
      expect(findResources(json, 'aws_vpc_security_group_ingress_rule', { security_group_id: FN_SG })).toEqual([]);
      for (const rule of Object.values(resources(json, 'aws_vpc_security_group_egress_rule'))) expect(rule.cidr_ipv4).not.toBe('0.0.0.0/0');
    });

    test('the function learns the peer CIDR and the API URL from its environment', () => {
      expect(resource(sameAccount.json, 'aws_lambda_function', 'fn_api_function').environment.variables).toEqual({
        PEER_CIDR: '${var.peer_cidr}',
        PEER_API_URL: 'https://10.1.2.3/health',
      });
    });
  });

  describe('refusals', () => {
    test('GIVEN a peer CIDR inside the VPC CIDR THEN the config is refused naming both CIDRs', () => {
      const issue = issueAt(peering({ peerCidr: '10.0.128.0/17' }), 'pattern.peerCidr');
      expect(issue.value).toBe('10.0.128.0/17');
      expect(issue.message).toMatch(/10\.0\.128\.0\/17 overlaps the VPC CIDR 10\.0\.0\.0\/16 \(network\.cidr\)/);
    });

    test('GIVEN a peer CIDR that holds the VPC CIDR THEN it is refused as well', () => {
      const small = (peerCidr: string) => ({ ...peering({ peerCidr }), network: { cidr: '10.0.0.0/20', privateSubnetMask: 24 } });
      expect(issueAt(small('10.0.0.0/16'), 'pattern.peerCidr').message).toMatch(/10\.0\.0\.0\/16 overlaps the VPC CIDR 10\.0\.0\.0\/20/);
      expect(() => validateConfig(small('10.1.0.0/16'))).not.toThrow();
      // Wider than any VPC: refused before the overlap check.
      expect(issueAt(peering({ peerCidr: '10.0.0.0/8' }), 'pattern.peerCidr').message).toMatch(/a VPC is at most a \/16/);
    });

    test('GIVEN a malformed peer CIDR, VPC id or region THEN each is named with a fix', () => {
      expect(issueAt(peering({ peerCidr: '10.1.0.1/16' }), 'pattern.peerCidr').message).toMatch(/did you mean "10\.1\.0\.0\/16"/);
      expect(issueAt(peering({ peerVpcId: 'vpc-123' }), 'pattern.peerVpcId').message).toMatch(/vpc-0a1b2c3d4e5f67890/);
      expect(issueAt(peering({ peerRegion: 'eu-centrl-1' }), 'pattern.peerRegion').message).toMatch(/did you mean "eu-central-1"/);
      expect(issueAt(peering({ peerPorts: [70000] }), 'pattern.peerPorts[0]').message).toMatch(/1–65535/);
    });

    test('GIVEN no peer VPC id or CIDR THEN both are reported as required', () => {
      const issues = issuesOf(rawConfig({ pattern: { id: 'peering' } }));
      expect(issues.map((i) => i.field).sort()).toEqual(['pattern.peerCidr', 'pattern.peerVpcId']);
      for (const i of issues) expect(i.message).toMatch(/^required/);
    });

    test('GIVEN peer route tables of another account or region THEN they are refused: those routes are the peer owner’s to create', () => {
      for (const other of [{ peerOwnerId: '123456789012' }, { peerRegion: 'us-east-1' }]) {
        expect(issueAt(peering({ ...other, peerRouteTableIds: [PEER_RTB] }), 'pattern.peerRouteTableIds').message).toMatch(/peer_side_setup output/);
      }
    });
  });

  describe('new', () => {
    test('GIVEN --pattern peering --yes without --peer-vpc-id and --peer-cidr THEN it exits 2 naming both and writes nothing', () => {
      const cwd = tempDir();
      const r = runCli(['new', 'app', '--pattern', 'peering', '--yes'], cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--peer-vpc-id: required for pattern peering/);
      expect(r.stderr).toMatch(/--peer-cidr: required for pattern peering/);
      expect(fs.existsSync(path.join(cwd, 'app'))).toBe(false);
    });

    test('GIVEN an overlapping --peer-cidr THEN it exits 2 naming both CIDRs', () => {
      const r = runCli(['new', 'app', '--pattern', 'peering', '--peer-vpc-id', PEER_VPC, '--peer-cidr', '10.0.0.0/16', '--yes'], tempDir());
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/pattern\.peerCidr \(got "10\.0\.0\.0\/16"\): 10\.0\.0\.0\/16 overlaps the VPC CIDR 10\.0\.0\.0\/16/);
    });

    test('GIVEN every peer flag THEN the project config holds them, ports as numbers', () => {
      const cwd = tempDir();
      const args = ['--peer-vpc-id', PEER_VPC, '--peer-cidr', '10.1.0.0/16', '--peer-port', '443,8443', '--peer-owner-id', '123456789012', '--peer-region', 'eu-central-1'];
      const r = runCli(['new', 'app', '--pattern', 'peering', ...args, '--yes'], cwd);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const config = JSON.parse(fs.readFileSync(path.join(cwd, 'app', 'vpc-lambda-gen.json'), 'utf8'));
      expect(config.pattern).toMatchObject({ id: 'peering', peerVpcId: PEER_VPC, peerCidr: '10.1.0.0/16', peerPorts: [443, 8443], peerOwnerId: '123456789012', peerRegion: 'eu-central-1' });
      expect(fs.readFileSync(path.join(cwd, 'app', 'functions', 'api', 'index.js'), 'utf8')).toContain('PEER_API_URL');
    });
  });

  terraformTest()('terraform validate and an offline plan succeed; auto_accept is true only for this account and region', () => {
    const same = validateAndPlan(sameAccount.stackDir, { region: 'eu-west-1' });
    expect(same.plan).toMatch(/aws_vpc_peering_connection\.peering_connection will be created/);
    expect(same.plan).toMatch(/\+ auto_accept\s+= true/);
    const cross = validateAndPlan(crossAccount.stackDir, { region: 'eu-west-1' });
    expect(cross.plan).toMatch(/\+ auto_accept\s+= false/);
    expect(cross.plan).toMatch(/\+ peer_owner_id\s+= "123456789012"/);
  });

  terraformTest()('GIVEN the platform team sets an overlapping or malformed peer in the variables THEN the plan is refused with our messages', () => {
    let message = '';
    try {
      planExpectingRefusal(sameAccount.stackDir, { region: 'eu-west-1', variables: { peer_cidr: '10.0.128.0/17', peer_owner_id: '12345', peer_region: 'eu-west-1' } });
    } catch (err) {
      message = String(err);
    }
    const kept = /work dir kept at: (\S+)/.exec(message)?.[1];
    if (kept) fs.rmSync(path.dirname(kept), { recursive: true, force: true });
    expect(message).toMatch(/peer_cidr overlaps this VPC's CIDR 10\.0\.0\.0\/16/);
    expect(message).toMatch(/peer_owner_id must be null \(this account\) or a 12-digit account id/);
    expect(message).toMatch(/peer_region must be null for this stack's region/);
  });
});
