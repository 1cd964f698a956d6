import { TerraformStack, Testing } from 'cdktf';
import { validateConfig } from '../generator/config/validate';
import { AL2023_ARM64_AMI_PARAMETER, SSM_MANAGED_INSTANCE_POLICY_ARN } from '../patterns/blocks/amazon-linux';
import { Egress } from '../patterns/blocks/egress';
import { NatInstances } from '../patterns/blocks/nat-instance';
import { Network } from '../patterns/blocks/network';
import { issueAt } from './helpers/config-issues';
import { AMI_OVERRIDE } from './helpers/offline-data';
import { findResources, rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';
import { plannedNetwork } from './helpers/variables';

const INSTANCE = 'network_nat_instance_instance_a';
const NAT_SG = ref('aws_security_group', 'network_nat_instance_security_group');

describe('nat-instance pattern', () => {
  const shared = synth(rawConfig({ pattern: { id: 'nat-instance' } }));
  const perAz = synth(rawConfig({ availabilityZones: 3, pattern: { id: 'nat-instance', natPerAz: true, natInstanceType: 't4g.micro' } }));
  const instance = () => resource(shared.json, 'aws_instance', INSTANCE);
  /** The CIDRs the default variables give the VPC and the Lambda subnets. */
  const plannedCidrs = () => {
    const { vpc, subnets } = plannedNetwork(shared.json);
    return { vpc, a: subnets.network_private_subnet_a.cidr, b: subnets.network_private_subnet_b.cidr };
  };

  describe('routes', () => {
    test('GIVEN one shared NAT instance THEN every private route table sends 0.0.0.0/0 to its primary network interface', () => {
      const { json } = shared;
      expect(Object.keys(resources(json, 'aws_instance'))).toEqual([INSTANCE]);
      for (const az of ['a', 'b']) {
        const route = resource(json, 'aws_route', `network_private_default_route_${az}`);
        expect(route).toEqual(
          expect.objectContaining({
            route_table_id: ref('aws_route_table', `network_private_route_table_${az}`),
            destination_cidr_block: '0.0.0.0/0',
            network_interface_id: ref('aws_instance', INSTANCE, 'primary_network_interface_id'),
          }),
        );
        // Neither the deprecated instance_id nor another target.
        for (const other of ['instance_id', 'nat_gateway_id', 'gateway_id']) expect(route[other]).toBeUndefined();
      }
      expect(resources(json, 'aws_nat_gateway')).toEqual({});
    });

    test('GIVEN natPerAz THEN each private subnet routes to the instance in the public subnet of its own AZ', () => {
      const { json } = perAz;
      for (const az of ['a', 'b', 'c']) {
        const name = `network_nat_instance_instance_${az}`;
        expect(resource(json, 'aws_instance', name)).toMatchObject({ subnet_id: ref('aws_subnet', `network_public_subnet_${az}`), instance_type: 't4g.micro' });
        expect(resource(json, 'aws_route', `network_private_default_route_${az}`).network_interface_id).toBe(ref('aws_instance', name, 'primary_network_interface_id'));
        expect(resource(json, 'aws_eip', `network_nat_instance_eip_${az}`).network_interface).toBe(ref('aws_instance', name, 'primary_network_interface_id'));
      }
    });
  });

  describe('the instance', () => {
    test('forwards for others: source/destination check is disabled', () => {
      expect(instance().source_dest_check).toBe(false);
    });

    test('sits in a public subnet (0.0.0.0/0 → IGW) and has an EIP on its primary interface', () => {
      const { json } = shared;
      expect(instance().subnet_id).toBe(ref('aws_subnet', 'network_public_subnet_a'));
      expect(resource(json, 'aws_route_table_association', 'network_public_route_table_association_a')).toMatchObject({
        subnet_id: ref('aws_subnet', 'network_public_subnet_a'),
        route_table_id: ref('aws_route_table', 'network_public_route_table'),
      });
      expect(resource(json, 'aws_route', 'network_public_default_route')).toMatchObject({
        route_table_id: ref('aws_route_table', 'network_public_route_table'),
        destination_cidr_block: '0.0.0.0/0',
        gateway_id: ref('aws_internet_gateway', 'network_internet_gateway'),
      });
      expect(resource(json, 'aws_eip', 'network_nat_instance_eip_a')).toMatchObject({
        domain: 'vpc',
        network_interface: ref('aws_instance', INSTANCE, 'primary_network_interface_id'),
        depends_on: ['aws_internet_gateway.network_internet_gateway'],
      });
      expect(shared.json.output.egress_public_ips.value).toEqual([ref('aws_eip', 'network_nat_instance_eip_a', 'public_ip')]);
    });

    test('requires IMDSv2, runs t4g.nano by default, and encrypts its root volume', () => {
      expect(instance()).toMatchObject({
        instance_type: 't4g.nano',
        metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
        root_block_device: { encrypted: true },
      });
      expect(instance().key_name).toBeUndefined();
    });

    test('boots the current arm64 Amazon Linux 2023 from AWS’s public parameter, one lookup per stack, never replaced by a new release', () => {
      const { json } = shared;
      expect(json.data!.aws_ssm_parameter).toEqual({ al2023_arm64_ami: expect.objectContaining({ name: AL2023_ARM64_AMI_PARAMETER }) });
      expect(AL2023_ARM64_AMI_PARAMETER).toMatch(/al2023-ami-kernel-default-arm64$/);
      expect(instance().ami).toBe('${data.aws_ssm_parameter.al2023_arm64_ami.insecure_value}');
      expect(instance().lifecycle).toEqual({ ignore_changes: ['ami'] });
      expect(shared.text).not.toMatch(/amzn-ami-vpc-nat/);
    });

    test('user data turns on forwarding and masquerading for the Lambda subnets, persistently, and replaces the instance when it changes', () => {
      const userData: string = instance().user_data;
      // Forwarding survives reboots through sysctl.d, applied now with sysctl --system.
      expect(userData).toMatch(/cat > \/etc\/sysctl\.d\/[\w-]+\.conf <<'EOF'\nnet\.ipv4\.ip_forward = 1\n/);
      expect(userData).toContain('sysctl --system');
      // Masquerade only what comes from the Lambda subnets and leaves the VPC, from an enabled unit.
      // The ranges come from the subnets (they follow var.vpc_cidr); by default they are the planned ones.
      const [subnetA, subnetB, vpc] = [ref('aws_subnet', 'network_private_subnet_a', 'cidr_block'), ref('aws_subnet', 'network_private_subnet_b', 'cidr_block'), ref('aws_vpc', 'network_vpc', 'cidr_block')];
      expect(userData).toContain(`ip saddr { ${subnetA}, ${subnetB} } ip daddr != ${vpc} masquerade`);
      expect(plannedCidrs()).toEqual({ vpc: '10.0.0.0/16', a: '10.0.0.0/20', b: '10.0.16.0/20' });
      expect(userData).toMatch(/type nat hook postrouting/);
      expect(userData).toMatch(/ExecStart=\/usr\/sbin\/nft -f \/etc\/vlg-nat\.nft/);
      expect(userData).toMatch(/WantedBy=multi-user\.target/);
      expect(userData).toContain('systemctl enable --now vlg-nat.service');
      // Terraform interpolates every ${ in it: only those three references may be there.
      expect(userData.match(/\$\{[^}]*\}/g)).toEqual([subnetA, subnetB, vpc]);
      expect(instance().user_data_replace_on_change).toBe(true);
    });

    test('can be inspected through Session Manager: its profile’s role carries AmazonSSMManagedInstanceCore', () => {
      const { json } = shared;
      expect(instance().iam_instance_profile).toBe(ref('aws_iam_instance_profile', 'network_nat_instance_ssm_profile', 'name'));
      expect(resource(json, 'aws_iam_instance_profile', 'network_nat_instance_ssm_profile').role).toBe(ref('aws_iam_role', 'network_nat_instance_ssm_role', 'name'));
      expect(resource(json, 'aws_iam_role_policy_attachment', 'network_nat_instance_ssm_core_policy')).toEqual(
        expect.objectContaining({ role: ref('aws_iam_role', 'network_nat_instance_ssm_role', 'name'), policy_arn: SSM_MANAGED_INSTANCE_POLICY_ARN }),
      );
      const assume = json.data!.aws_iam_policy_document.network_nat_instance_ssm_assume_role_policy;
      expect(assume.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }]);
    });

    test('GIVEN natSsmAccess false THEN the instance has no role at all', () => {
      const { json } = synth(rawConfig({ pattern: { id: 'nat-instance', natSsmAccess: false } }));
      expect(resource(json, 'aws_instance', INSTANCE).iam_instance_profile).toBeUndefined();
      expect(resources(json, 'aws_iam_instance_profile')).toEqual({});
    });
  });

  describe('security groups', () => {
    test('the NAT group admits exactly the private subnets’ CIDRs, and lets the traffic out', () => {
      const { json } = shared;
      expect(instance().vpc_security_group_ids).toEqual([NAT_SG]);
      const ingress = findResources(json, 'aws_vpc_security_group_ingress_rule', { security_group_id: NAT_SG }).map(([, r]) => [r.cidr_ipv4, r.ip_protocol]);
      const privateCidrs = ['a', 'b'].map((az) => ref('aws_subnet', `network_private_subnet_${az}`, 'cidr_block'));
      expect(ingress).toEqual(privateCidrs.map((cidr) => [cidr, '-1']));
      expect(ingress.map(([cidr]) => cidr)).not.toContain('0.0.0.0/0');
      const egress = findResources(json, 'aws_vpc_security_group_egress_rule', { security_group_id: NAT_SG }).map(([, r]) => [r.cidr_ipv4, r.ip_protocol]);
      expect(egress).toEqual([['0.0.0.0/0', '-1']]);
    });

    test('SSH is never a way in: no rule admits anything from outside the Lambda subnets, no key pair, sshd off', () => {
      // The only ingress rules of the whole stack are the NAT group's, from the Lambda subnets.
      const ingress = Object.values(resources(shared.json, 'aws_vpc_security_group_ingress_rule'));
      expect(ingress.map((r) => [r.security_group_id, r.cidr_ipv4])).toEqual([
        [NAT_SG, ref('aws_subnet', 'network_private_subnet_a', 'cidr_block')],
        [NAT_SG, ref('aws_subnet', 'network_private_subnet_b', 'cidr_block')],
      ]);
      expect(plannedCidrs()).toMatchObject({ a: '10.0.0.0/20', b: '10.0.16.0/20' });
      expect(instance().key_name).toBeUndefined();
      expect(instance().user_data).toMatch(/\nsystemctl disable --now sshd\.service/);
    });

    test('the function may send only HTTPS out, through the NAT instance', () => {
      const egress = findResources(shared.json, 'aws_vpc_security_group_egress_rule', { security_group_id: ref('aws_security_group', 'fn_api_security_group') });
      expect(egress.map(([, r]) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port])).toEqual([['0.0.0.0/0', 'tcp', 443, 443]]);
    });
  });

  test('Egress.natInstance() with no props (as other patterns call it): one t4g.nano with a Session Manager role', () => {
    const stack = new TerraformStack(Testing.app(), 'defaults');
    const subnets = ['a', 'b'].map((az, i) => ({ az: `eu-west-1${az}`, privateCidr: `10.0.${i * 16}.0/20`, publicCidr: `10.0.${32 + i}.0/24` }));
    new Network(stack, 'network', { stackName: 'demo', region: 'eu-west-1', cidr: '10.0.0.0/16', subnets, egress: Egress.natInstance() });
    const instances = Object.values(JSON.parse(Testing.synth(stack)).resource.aws_instance as Record<string, any>);
    expect(instances).toEqual([expect.objectContaining({ instance_type: 't4g.nano', source_dest_check: false, iam_instance_profile: expect.any(String) })]);
  });

  describe('refusals', () => {
    test('GIVEN an x86 instance type THEN the config is refused naming the field and Graviton types', () => {
      const issue = issueAt(rawConfig({ pattern: { id: 'nat-instance', natInstanceType: 't3.nano' } }), 'pattern.natInstanceType');
      expect(issue).toMatchObject({ value: 't3.nano', message: expect.stringMatching(/arm64.*t4g\.nano/) });
      // An earlier version's pattern.natInstanceType is read as egress.instanceType, where it lives now.
      expect(validateConfig(rawConfig({ pattern: { id: 'nat-instance', natInstanceType: 'c7gn.large' } })).config.egress.instanceType).toBe('c7gn.large');
      expect(issueAt(rawConfig({ pattern: { id: 'nat-instance' }, egress: { instanceType: 't3.nano' } }), 'egress.instanceType').message).toMatch(/arm64.*t4g\.nano/);
    });

    test('GIVEN a network whose subnet plan has no public subnets THEN a NAT instance egress is refused before anything is built', () => {
      const stack = new TerraformStack(Testing.app(), 'isolated');
      const subnets = [
        { az: 'eu-west-1a', privateCidr: '10.0.0.0/20' },
        { az: 'eu-west-1b', privateCidr: '10.0.16.0/20' },
      ];
      expect(() => new Network(stack, 'network', { stackName: 'demo', region: 'eu-west-1', cidr: '10.0.0.0/16', subnets, egress: Egress.natInstance() })).toThrow(
        /VLG_NO_PUBLIC_SUBNET/,
      );
    });

    test('GIVEN an isolated network THEN the NAT instance block itself refuses to build', () => {
      const stack = new TerraformStack(Testing.app(), 'isolated');
      const network = new Network(stack, 'network', {
        stackName: 'demo',
        region: 'eu-west-1',
        cidr: '10.0.0.0/16',
        subnets: [{ az: 'eu-west-1a', privateCidr: '10.0.0.0/20' }],
        egress: Egress.isolated(),
      });
      expect(() => new NatInstances(network, 'nat-instance')).toThrow(/VLG_NO_PUBLIC_SUBNET: a NAT instance needs a public subnet/);
    });
  });

  terraformTest()('terraform validate and an offline plan succeed (shared and per-AZ NAT instances)', () => {
    for (const [stack, count] of [[shared, 1], [perAz, 3]] as const) {
      const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1', overrideData: AMI_OVERRIDE });
      expect(plan.match(/aws_instance\.network_nat_instance_instance_\w will be created/g)).toHaveLength(count);
      expect(plan).toMatch(/\+ source_dest_check\s+= false/);
      expect(plan).toMatch(/\+ ami\s+= "ami-0abcdef1234567890"/);
    }
  });
});
