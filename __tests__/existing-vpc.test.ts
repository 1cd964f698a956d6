/**
 * Functions in a VPC someone else owns (network.existing): every pattern builds on the VPC's ids as
 * variables and creates no VPC, subnet or internet gateway; routes and gateway endpoints go only on
 * the route tables named; a NAT only into the public subnet named.
 */
import { checkJson } from '../generator/check';
import type { RawConfig } from '../generator/config/schema';
import { issueAt, issuesOf } from './helpers/config-issues';
import { AMI_OVERRIDE, EXISTING, existingNetworkData } from './helpers/offline-data';
import { rawConfig, ref, resource, resources, synth, type Synthesized, type TfJson } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';

type Existing = NonNullable<NonNullable<RawConfig['network']>['existing']>;

function existingConfig(pattern: Record<string, unknown>, existing: Partial<Existing> = {}, overrides: Partial<RawConfig> = {}): RawConfig {
  return rawConfig({
    name: 'bf',
    network: { existing: { vpcId: EXISTING.vpcId, subnetIds: EXISTING.subnetIds, ...existing } },
    pattern: pattern as RawConfig['pattern'],
    ...overrides,
  });
}

/** The data sources a stack reads, answered as AWS would. */
function offlineData(json: TfJson, azs?: string[]): Record<string, Record<string, unknown>> {
  const present = new Set(Object.entries(json.data ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `data.${type}.${n}`)));
  const all = { ...existingNetworkData(azs), ...AMI_OVERRIDE } as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(all).filter(([address]) => present.has(address)));
}

/** Resource types that would mean the stack builds network it does not own. */
const OWNED_NETWORK = ['aws_vpc', 'aws_subnet', 'aws_internet_gateway', 'aws_route_table', 'aws_route_table_association', 'aws_default_security_group'];

const subnetRef = (i: number, attr = 'id') => `\${data.aws_subnet.network_private_subnet_${i}.${attr}}`;
const vpcRef = '${data.aws_vpc.network_vpc.id}';

describe('existing VPC', () => {
  const stacks: Record<string, Synthesized> = {
    'nat-gateway': synth(existingConfig({ id: 'nat-gateway' })),
    'nat-instance': synth(existingConfig({ id: 'nat-instance' }, { publicSubnetId: EXISTING.publicSubnetId, routeTableIds: EXISTING.routeTableIds })),
    endpoints: synth(existingConfig({ id: 'endpoints', endpoints: ['lambda', 'sts', 's3'] }, { routeTableIds: EXISTING.routeTableIds }, { functions: [{ name: 'caller' }, { name: 'target' }] }), 'lambda-invoker'),
    efs: synth(existingConfig({ id: 'efs' }), 'efs-messages'),
    peering: synth(
      existingConfig({ id: 'peering', peerVpcId: 'vpc-0aaaaaaaaaaaaaaa1', peerCidr: '10.1.0.0/16' }, { routeTableIds: [EXISTING.routeTableIds[0]] }),
      'peer-caller',
    ),
  };

  test.each(Object.keys(stacks))('GIVEN %s in an existing VPC THEN it creates no VPC, subnet, route table or internet gateway', (id) => {
    const { json } = stacks[id];
    for (const type of OWNED_NETWORK) expect({ type, names: Object.keys(resources(json, type)) }).toEqual({ type, names: [] });
    expect(json.variable!.vpc_id.default).toBe(EXISTING.vpcId);
    expect(json.variable!.subnet_ids.default).toEqual(EXISTING.subnetIds);
    for (const fn of Object.values(resources(json, 'aws_lambda_function'))) {
      expect(fn.vpc_config.subnet_ids).toEqual([subnetRef(0), subnetRef(1)]);
    }
    for (const sg of Object.values(resources(json, 'aws_security_group'))) expect(sg.vpc_id).toBe(vpcRef);
  });

  test('the Lambda subnets are read by id, only within the VPC, and each must be in its own AZ', () => {
    const { json } = stacks['nat-gateway'];
    expect(json.data!.aws_vpc.network_vpc.id).toBe('${var.vpc_id}');
    expect(json.data!.aws_subnet.network_private_subnet_0).toMatchObject({ id: '${element(var.subnet_ids, 0)}', vpc_id: '${var.vpc_id}' });
    expect(json.data!.aws_subnet.network_private_subnet_1.lifecycle.postcondition).toEqual([
      expect.objectContaining({ condition: '${!contains([data.aws_subnet.network_private_subnet_0.availability_zone], self.availability_zone)}' }),
    ]);
  });

  test("functions swap onto a rule-less group of the stack's own on destroy, never the VPC's default group", () => {
    const { json } = stacks['nat-gateway'];
    const swap = resource(json, 'aws_security_group', 'network_replacement_security_group');
    expect(swap.vpc_id).toBe(vpcRef);
    expect(swap.ingress).toBeUndefined();
    expect(swap.egress).toBeUndefined();
    const rulesOnSwap = ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'].flatMap((t) =>
      Object.values(resources(json, t)).filter((r) => r.security_group_id === ref('aws_security_group', 'network_replacement_security_group')),
    );
    expect(rulesOnSwap).toEqual([]);
    expect(resource(json, 'aws_lambda_function', 'fn_api_function')).toMatchObject({
      replace_security_groups_on_destroy: true,
      replacement_security_group_ids: [ref('aws_security_group', 'network_replacement_security_group')],
    });
  });

  test("GIVEN nat-gateway without a public subnet THEN the VPC's own egress is used: no NAT, EIP or route", () => {
    const { json } = stacks['nat-gateway'];
    for (const type of ['aws_nat_gateway', 'aws_eip', 'aws_route', 'aws_instance']) expect(resources(json, type)).toEqual({});
    const egress = Object.values(resources(json, 'aws_vpc_security_group_egress_rule')).map((r) => [r.cidr_ipv4, r.from_port]);
    expect(egress).toEqual([['0.0.0.0/0', 443]]);
    expect(json.output.vpc_id.value).toBe(vpcRef);
  });

  test('GIVEN nat-instance with a public subnet THEN the instance goes there and the named route tables send 0.0.0.0/0 to it', () => {
    const { json } = stacks['nat-instance'];
    const instance = resource(json, 'aws_instance', 'network_nat_instance_instance_shared');
    expect(instance.subnet_id).toBe('${data.aws_subnet.network_public_subnet.id}');
    expect(instance.source_dest_check).toBe(false);
    expect(instance.depends_on ?? []).not.toContainEqual(expect.stringContaining('internet_gateway'));
    for (const i of [0, 1]) {
      expect(resource(json, 'aws_route', `network_private_default_route_${i}`)).toMatchObject({
        route_table_id: `\${element(var.route_table_ids, ${i})}`,
        destination_cidr_block: '0.0.0.0/0',
        network_interface_id: ref('aws_instance', 'network_nat_instance_instance_shared', 'primary_network_interface_id'),
      });
    }
    // The NAT admits the Lambda subnets by their real CIDRs, read from AWS.
    const ingress = Object.values(resources(json, 'aws_vpc_security_group_ingress_rule')).map((r) => r.cidr_ipv4);
    expect(ingress).toEqual([subnetRef(0, 'cidr_block'), subnetRef(1, 'cidr_block')]);
    expect(json.data!.aws_subnet.network_public_subnet.lifecycle.postcondition[0].condition).toBe('${!contains(var.subnet_ids, self.id)}');
  });

  test('GIVEN endpoints THEN the gateway endpoint goes on the named route tables and the interface endpoints in the Lambda subnets', () => {
    const { json } = stacks.endpoints;
    expect(resource(json, 'aws_vpc_endpoint', 'network_s3_gateway_endpoint')).toMatchObject({
      vpc_id: vpcRef,
      route_table_ids: ['${element(var.route_table_ids, 0)}', '${element(var.route_table_ids, 1)}'],
    });
    expect(resource(json, 'aws_vpc_endpoint', 'network_endpoints_lambda').subnet_ids).toEqual([subnetRef(0), subnetRef(1)]);
    expect(resources(json, 'aws_route')).toEqual({});
  });

  test('GIVEN efs THEN one mount target per Lambda subnet, named by position', () => {
    const { json } = stacks.efs;
    expect(Object.keys(resources(json, 'aws_efs_mount_target'))).toEqual(['efs_mount_target_0', 'efs_mount_target_1']);
    expect(resource(json, 'aws_efs_mount_target', 'efs_mount_target_1').subnet_id).toBe(subnetRef(1));
  });

  test("GIVEN peering THEN the peer route goes on the named route table and the overlap check reads the VPC's real CIDR", () => {
    const { json } = stacks.peering;
    expect(resource(json, 'aws_route', 'network_private_peer_route_0')).toMatchObject({
      route_table_id: '${element(var.route_table_ids, 0)}',
      vpc_peering_connection_id: ref('aws_vpc_peering_connection', 'peering_connection'),
    });
    const connection = resource(json, 'aws_vpc_peering_connection', 'peering_connection');
    expect(connection.vpc_id).toBe(vpcRef);
    expect(connection.lifecycle.precondition[0].condition).toContain('data.aws_vpc.network_vpc.cidr_block');
    // Without a known VPC CIDR the variable checks only the shape; the precondition does the rest at plan.
    expect(json.variable!.peer_cidr.validation).toHaveLength(1);
  });

  test.each(Object.keys(stacks))('GIVEN %s and no snapshot THEN check warns about what it cannot see and fails nothing', (id) => {
    const report = checkJson([stacks[id].json as unknown as Record<string, unknown>], id, stacks[id].stackDir);
    expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(report.results.some((r) => r.status === 'warn' && r.check === 'internet-egress' || r.check === 'multi-az')).toBe(true);
  });

  terraformTest()('every stack validates and plans offline, with the data sources answered as AWS would', () => {
    for (const [id, stack] of Object.entries(stacks)) {
      const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1', overrideData: offlineData(stack.json) });
      expect({ id, created: /aws_(vpc|subnet|internet_gateway)\.\S+ will be created/.test(plan) }).toEqual({ id, created: false });
    }
  });

  terraformTest()('GIVEN two Lambda subnets in one AZ THEN the plan stops on the postcondition naming subnet_ids[1]', () => {
    const stack = stacks['nat-gateway'];
    expect(() => validateAndPlan(stack.stackDir, { region: 'eu-west-1', overrideData: offlineData(stack.json, ['eu-west-1a', 'eu-west-1a']) })).toThrow(
      /subnet_ids\[1\] is in the same AZ/,
    );
  });

  terraformTest()('GIVEN subnet_ids of another length THEN the variable refuses it', () => {
    const stack = stacks['nat-gateway'];
    expect(() =>
      validateAndPlan(stack.stackDir, { region: 'eu-west-1', overrideData: offlineData(stack.json), variables: { subnet_ids: [EXISTING.subnetIds[0]] } }),
    ).toThrow(/subnet_ids must list exactly 2 distinct ids/);
  });
});

describe('existing VPC: what the config refuses', () => {
  test('GIVEN a pattern with a gateway endpoint and no route tables THEN it names the field and the flag', () => {
    const issue = issueAt(existingConfig({ id: 'endpoints' }, {}, { functions: [{ name: 'caller' }, { name: 'target' }] }), 'network.existing.routeTableIds');
    expect(issue.message).toMatch(/the s3 gateway endpoint/);
    expect(issue.message).toMatch(/--route-table-ids/);
  });

  test('GIVEN peering without route tables THEN refused; GIVEN a public subnet without route tables THEN refused too', () => {
    expect(issueAt(existingConfig({ id: 'peering', peerVpcId: 'vpc-0aaaaaaaaaaaaaaa1', peerCidr: '10.1.0.0/16' }), 'network.existing.routeTableIds').message).toMatch(
      /route to the peer CIDR/,
    );
    expect(issueAt(existingConfig({ id: 'nat-gateway' }, { publicSubnetId: EXISTING.publicSubnetId }), 'network.existing.routeTableIds').message).toMatch(
      /0\.0\.0\.0\/0 route to the NAT/,
    );
  });

  test('GIVEN a public subnet for a pattern without NAT, or one that is a Lambda subnet THEN refused', () => {
    expect(issueAt(existingConfig({ id: 'efs' }, { publicSubnetId: EXISTING.publicSubnetId }), 'network.existing.publicSubnetId').message).toMatch(/creates no NAT/);
    expect(
      issueAt(existingConfig({ id: 'nat-gateway' }, { publicSubnetId: EXISTING.subnetIds[0], routeTableIds: EXISTING.routeTableIds }), 'network.existing.publicSubnetId').message,
    ).toMatch(/also a Lambda subnet/);
  });

  test('GIVEN natPerAz (egress.perAz, or an earlier version\'s pattern.natPerAz) THEN refused: an existing VPC has at most one NAT here', () => {
    expect(issueAt(existingConfig({ id: 'nat-gateway', natPerAz: true }), 'egress.perAz').message).toMatch(/egress\.perAz \(pattern\.natPerAz in earlier versions\) to false/);
    expect(issueAt({ ...existingConfig({ id: 'nat-gateway' }), egress: { perAz: true } }, 'egress.perAz').message).toMatch(/perAz .* to false/);
  });

  test('GIVEN one subnet, a repeated subnet or a malformed id THEN each is named', () => {
    expect(issueAt(existingConfig({ id: 'nat-gateway' }, { subnetIds: [EXISTING.subnetIds[0]] }), 'network.existing.subnetIds').message).toMatch(/at least two subnets/);
    expect(issueAt(existingConfig({ id: 'nat-gateway' }, { subnetIds: [EXISTING.subnetIds[0], EXISTING.subnetIds[0]] }), 'network.existing.subnetIds[1]').message).toMatch(/listed twice/);
    expect(issueAt(existingConfig({ id: 'nat-gateway' }, { vpcId: 'vpc-xyz' }), 'network.existing.vpcId').message).toMatch(/vpc-0123456789abcdef0/);
  });

  test('GIVEN created-VPC fields next to existing THEN each is refused', () => {
    const raw = existingConfig({ id: 'nat-gateway' });
    const issues = issuesOf({ ...raw, network: { ...raw.network, cidr: '10.0.0.0/16', privateSubnetMask: 22 } });
    expect(issues.map((i) => i.field).sort()).toEqual(['network.cidr', 'network.privateSubnetMask']);
  });

  test('GIVEN AZ hints that repeat an AZ THEN refused; GIVEN subnet CIDRs too small for an ALB THEN refused naming the subnet', () => {
    expect(issueAt(existingConfig({ id: 'nat-gateway' }, {}, { availabilityZones: ['eu-west-1a', 'eu-west-1a'] }), 'availabilityZones[1]').message).toMatch(/distinct AZs/);
    const alb = existingConfig({ id: 'internal-alb' }, { subnetCidrs: ['10.20.0.0/28', '10.20.0.16/28'] }, { functions: [{ name: 'caller' }, { name: 'target' }] });
    expect(issueAt(alb, 'network.existing.subnetCidrs[0]').message).toMatch(/\/27 or larger/);
  });

  test('GIVEN a known VPC CIDR that overlaps the peer THEN refused', () => {
    const raw = existingConfig({ id: 'peering', peerVpcId: 'vpc-0aaaaaaaaaaaaaaa1', peerCidr: '10.20.0.0/16' }, { routeTableIds: EXISTING.routeTableIds, vpcCidr: '10.20.0.0/16' });
    expect(issueAt(raw, 'pattern.peerCidr').message).toMatch(/overlaps the VPC CIDR 10\.20\.0\.0\/16 of vpc-0123456789abcdef0/);
  });
});
