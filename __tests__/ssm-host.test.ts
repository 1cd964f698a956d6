import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { TerraformStack, Testing } from 'cdktf';
import { SSM_MANAGED_INSTANCE_POLICY_ARN } from '../patterns/blocks/amazon-linux';
import { Egress } from '../patterns/blocks/egress';
import { Network } from '../patterns/blocks/network';
import { SsmHost } from '../patterns/blocks/ssm-host';
import { InterfaceEndpoints } from '../patterns/blocks/vpc-endpoints';
import { verifyPlan, type HostStep } from '../generator/verify/steps';
import { refusalOf } from './helpers/config-issues';
import { AMI_OVERRIDE } from './helpers/offline-data';
import { runCli, tempDir } from './helpers/cli';
import { findResources, rawConfig, ref, resource, resources, synth, type Synthesized } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';

const HOST = 'ssm_host_instance';
const HOST_SG = ref('aws_security_group', 'ssm_host_security_group');
const ENDPOINT_SG = ref('aws_security_group', 'network_endpoints_security_group');
const SSM_SERVICES = ['ssm', 'ssmmessages', 'ec2messages'];

const peerOptions = { peerVpcId: 'vpc-0a1b2c3d4e5f67890', peerCidr: '10.1.0.0/16', peerPorts: [443, 5432] };
const cases: Record<string, { raw: ReturnType<typeof rawConfig>; internet: boolean }> = {
  'nat-gateway': { raw: rawConfig({ ssmHost: true }), internet: true },
  'nat-instance': { raw: rawConfig({ ssmHost: true, pattern: { id: 'nat-instance' } }), internet: true },
  endpoints: { raw: rawConfig({ ssmHost: true, pattern: { id: 'endpoints' }, functions: [{ name: 'caller' }, { name: 'target' }] }), internet: false },
  peering: { raw: rawConfig({ ssmHost: true, pattern: { id: 'peering', ...peerOptions } }), internet: false },
};

describe('ssmHost option', () => {
  const stacks: Record<string, Synthesized> = Object.fromEntries(Object.entries(cases).map(([id, c]) => [id, synth(c.raw)]));
  const host = (id: string) => resource(stacks[id].json, 'aws_instance', HOST);
  const egressOf = (id: string) =>
    findResources(stacks[id].json, 'aws_vpc_security_group_egress_rule', { security_group_id: HOST_SG }).map(([, r]) => [
      r.cidr_ipv4 ?? r.referenced_security_group_id,
      r.ip_protocol,
      r.from_port,
      r.to_port,
    ]);

  describe.each(Object.keys(cases))('GIVEN pattern %s with ssmHost', (id) => {
    test('a t4g.nano in the first Lambda subnet, IMDSv2 only, no key pair, no public address', () => {
      expect(host(id)).toMatchObject({
        instance_type: 't4g.nano',
        subnet_id: ref('aws_subnet', 'network_private_subnet_a'),
        vpc_security_group_ids: [HOST_SG],
        metadata_options: { http_tokens: 'required', http_endpoint: 'enabled' },
        ami: '${data.aws_ssm_parameter.al2023_arm64_ami.insecure_value}',
      });
      expect(host(id).key_name).toBeUndefined();
      expect(host(id).associate_public_ip_address).toBeUndefined();
    });

    test('its instance profile’s role carries AmazonSSMManagedInstanceCore, and the instance waits for it', () => {
      const { json } = stacks[id];
      expect(host(id).iam_instance_profile).toBe(ref('aws_iam_instance_profile', 'ssm_host_ssm_profile', 'name'));
      expect(resource(json, 'aws_iam_instance_profile', 'ssm_host_ssm_profile').role).toBe(ref('aws_iam_role', 'ssm_host_ssm_role', 'name'));
      expect(resource(json, 'aws_iam_role_policy_attachment', 'ssm_host_ssm_core_policy')).toMatchObject({
        role: ref('aws_iam_role', 'ssm_host_ssm_role', 'name'),
        policy_arn: SSM_MANAGED_INSTANCE_POLICY_ARN,
      });
      expect(host(id).depends_on).toContain('aws_iam_role_policy_attachment.ssm_host_ssm_core_policy');
    });

    test('its security group has no inbound rule at all', () => {
      const { json } = stacks[id];
      expect(findResources(json, 'aws_vpc_security_group_ingress_rule', { security_group_id: HOST_SG })).toEqual([]);
      expect(resource(json, 'aws_security_group', 'ssm_host_security_group').ingress).toBeUndefined();
    });

    if (cases[id].internet) {
      test('with internet egress: HTTPS out through NAT, and no Systems Manager endpoints', () => {
        expect(egressOf(id)).toEqual([['0.0.0.0/0', 'tcp', 443, 443]]);
        expect(resources(stacks[id].json, 'aws_vpc_endpoint')).toEqual({});
      });
    } else {
      test('without internet egress: ssm, ssmmessages and ec2messages endpoints, and HTTPS only to the endpoint group', () => {
        const { json } = stacks[id];
        for (const service of SSM_SERVICES) {
          expect(resource(json, 'aws_vpc_endpoint', `network_endpoints_${service}`)).toMatchObject({
            service_name: `com.amazonaws.eu-west-1.${service}`,
            vpc_endpoint_type: 'Interface',
            private_dns_enabled: true,
            security_group_ids: [ENDPOINT_SG],
          });
          expect(host(id).depends_on).toContain(`aws_vpc_endpoint.network_endpoints_${service}`);
        }
        expect(egressOf(id).filter(([to]) => to === ENDPOINT_SG || to === '0.0.0.0/0')).toEqual([[ENDPOINT_SG, 'tcp', 443, 443]]);
        expect(findResources(json, 'aws_vpc_security_group_ingress_rule', { security_group_id: ENDPOINT_SG, referenced_security_group_id: HOST_SG })).toHaveLength(1);
      });
    }

    test('the session command and instance id are described outputs', () => {
      const { output } = stacks[id].json;
      expect(output.ssm_host_instance_id.value).toBe(ref('aws_instance', HOST));
      expect(output.ssm_host_session_command.value).toBe(`aws ssm start-session --region eu-west-1 --target ${ref('aws_instance', HOST)}`);
    });
  });

  test('the same config gives byte-identical Terraform (no lookup result or path is baked in)', () => {
    for (const [id, c] of Object.entries(cases)) {
      expect({ id, same: synth(c.raw).text === stacks[id].text }).toEqual({ id, same: true });
    }
  });

  test('GIVEN nat-instance with ssmHost THEN one image lookup serves both instances', () => {
    const { json } = stacks['nat-instance'];
    expect(Object.keys(json.data!.aws_ssm_parameter)).toEqual(['al2023_arm64_ami']);
    expect(resource(json, 'aws_instance', 'network_nat_instance_instance_a').ami).toBe(host('nat-instance').ami);
  });

  test('GIVEN peering with ssmHost THEN the host may reach the peer on the peer ports, to test the path', () => {
    expect(egressOf('peering').filter(([to]) => to === '${var.peer_cidr}')).toEqual([
      ['${var.peer_cidr}', 'tcp', 443, 443],
      ['${var.peer_cidr}', 'tcp', 5432, 5432],
    ]);
  });

  describe('GIVEN ssmHostDiagnostics (issue 17 item 3)', () => {
    const diag = synth(rawConfig({ ssmHost: true, ssmHostDiagnostics: true, pattern: { id: 'peering', ...peerOptions }, egress: { type: 'nat-instance', ports: [443, 80] } }));
    const hostEgress = (json: any) =>
      Object.values(resources(json, 'aws_vpc_security_group_egress_rule'))
        .filter((r: any) => r.security_group_id === HOST_SG)
        .map((r: any) => [r.cidr_ipv4 ?? r.referenced_security_group_id, r.ip_protocol, r.from_port, r.to_port])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

    test('THEN the host may send ICMP to the VPC, the peer and the internet, and the egress ports through NAT, beside the peer ports', () => {
      expect(hostEgress(diag.json)).toEqual([
        ['${aws_vpc.network_vpc.cidr_block}', 'icmp', -1, -1],
        ['${var.peer_cidr}', 'icmp', -1, -1],
        ['${var.peer_cidr}', 'tcp', 443, 443],
        ['${var.peer_cidr}', 'tcp', 5432, 5432],
        ['0.0.0.0/0', 'icmp', -1, -1],
        ['0.0.0.0/0', 'tcp', 443, 443],
        ['0.0.0.0/0', 'tcp', 80, 80],
      ]);
    });

    test('THEN the verify steps of the host list ping to the peer', () => {
      const host = verifyPlan(diag.json as unknown as Record<string, unknown>).steps.find((st) => st.kind === 'ssm-host') as HostStep;
      expect(host.probes.map((p) => p.command)).toEqual(expect.arrayContaining([expect.stringMatching(/^ping -c 3 /)]));
    });

    test('WITHOUT it THEN the host sends no ICMP at all', () => {
      expect(egressOf('peering').filter(([, protocol]) => protocol === 'icmp')).toEqual([]);
    });

    test('WITHOUT an SSM host THEN it is refused naming ssmHost', () => {
      expect(refusalOf(rawConfig({ ssmHostDiagnostics: true }))).toMatch(/ssmHostDiagnostics .*set ssmHost to true/);
    });
  });

  test('GIVEN a NAT pattern that adds interface endpoints THEN the host may reach them too (private DNS sends its calls there)', () => {
    const stack = new TerraformStack(Testing.app(), 'nat-and-endpoints');
    const subnets = ['a', 'b'].map((az, i) => ({ az: `eu-west-1${az}`, privateCidr: `10.0.${i * 16}.0/20`, publicCidr: `10.0.${32 + i}.0/24` }));
    const network = new Network(stack, 'network', { stackName: 'demo', region: 'eu-west-1', cidr: '10.0.0.0/16', subnets, egress: Egress.natGateway({ perAz: false }) });
    const ssmHost = new SsmHost(stack, 'ssm-host', { network, stackName: 'demo' });
    InterfaceEndpoints.of(network).add('sqs'); // what a pattern would do after the host exists
    ssmHost.reachInterfaceEndpoints();
    const json = JSON.parse(Testing.synth(stack));
    const ingress = Object.values(json.resource.aws_vpc_security_group_ingress_rule as Record<string, any>);
    const sgRef = (sg: SecurityGroup) => ref('aws_security_group', stack.getLogicalId(sg));
    expect(ingress.map((r) => [r.security_group_id, r.referenced_security_group_id, r.from_port])).toEqual([
      [sgRef(InterfaceEndpoints.of(network).securityGroup), sgRef(ssmHost.securityGroup), 443],
    ]);
  });

  test('the stack lets the host reach the interface endpoints once the pattern is built', () => {
    const spy = jest.spyOn(SsmHost.prototype, 'reachInterfaceEndpoints');
    try {
      synth(rawConfig({ ssmHost: true }));
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  test('GIVEN no ssmHost THEN there is no host, profile or Systems Manager endpoint', () => {
    const { json, text } = synth(rawConfig({ pattern: { id: 'endpoints' }, functions: [{ name: 'caller' }, { name: 'target' }] }));
    expect(resources(json, 'aws_instance')).toEqual({});
    expect(text).not.toMatch(/ssm_host|AmazonSSMManagedInstanceCore|\.ssmmessages"/);
    expect(json.output.ssm_host_session_command).toBeUndefined();
  });

  test('the generated README explains how to start a session and what to try, only when the host exists', () => {
    const cwd = tempDir();
    const r = runCli(['new', 'with-host', '--pattern', 'endpoints', '--ssm-host', '--yes'], cwd);
    expect(r.stderr).toBe('');
    const readme = fs.readFileSync(path.join(cwd, 'with-host', 'README.md'), 'utf8');
    expect(readme).toContain('aws ssm start-session --region eu-west-1 --target');
    expect(readme).toMatch(/getent hosts lambda\.eu-west-1\.amazonaws\.com/);
    expect(readme).toMatch(/curl .*checkip\.amazonaws\.com/);
    expect(readme).toMatch(/\/dev\/tcp\/<host>\/<port>/);
    expect(readme).toMatch(/ssm, ssmmessages and ec2messages endpoints/);
    expect(runCli(['new', 'without', '--yes'], cwd).status).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'without', 'README.md'), 'utf8')).not.toContain('start-session');
  });

  terraformTest()('terraform validate and an offline plan succeed for every pattern with the host', () => {
    for (const [id, stack] of Object.entries(stacks)) {
      const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1', overrideData: AMI_OVERRIDE });
      expect({ id, created: /aws_instance\.ssm_host_instance will be created/.test(plan) }).toEqual({ id, created: true });
    }
  });
});
