import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../generator/config/validate';
import { runCli, tempDir } from './helpers/cli';
import { rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { refusalOf } from './helpers/config-issues';
import { EXISTING, existingNetworkData } from './helpers/offline-data';
import { terraformTest, validateAndPlan } from './helpers/terraform';
import { internetPathResources, sgRules } from './helpers/wiring';

const functions = [{ name: 'caller' }, { name: 'target' }];
const ACCOUNT = '123456789012';
const ROLE = 'arn:aws:iam::210987654321:role/consumer';
const config = (pattern: Record<string, unknown> = {}, overrides = {}) =>
  rawConfig({ pattern: { id: 'privatelink', allowedPrincipals: [ACCOUNT, ROLE], ...pattern }, functions, ...overrides });
const OWN_ACCOUNT_ROOT = 'arn:aws:iam::${data.aws_caller_identity.account.account_id}:root';
const CALLER_IDENTITY = { 'data.aws_caller_identity.account': { account_id: '111122223333', arn: 'arn:aws:iam::111122223333:user/ci', user_id: 'AIDAOFFLINE' } };

describe('privatelink pattern', () => {
  const stack = synth(config(), 'http-echo');
  const { json } = stack;
  const albListener = ref('aws_lb_listener', 'alb_listener', 'arn');

  test('GIVEN the pattern THEN there is no internet path at all', () => {
    expect(internetPathResources(json)).toEqual([]);
  });

  test('the internal ALB → Lambda part is the internal-alb block: lambda target group, scoped permission, attachment after it', () => {
    expect(resource(json, 'aws_lb', 'alb_load_balancer')).toMatchObject({ internal: true, load_balancer_type: 'application' });
    expect(resource(json, 'aws_lb_target_group', 'alb_target_group').target_type).toBe('lambda');
    expect(resource(json, 'aws_lambda_permission', 'fn_target_alb_permission')).toMatchObject({
      principal: 'elasticloadbalancing.amazonaws.com',
      source_arn: ref('aws_lb_target_group', 'alb_target_group', 'arn'),
      qualifier: ref('aws_lambda_alias', 'fn_target_alias', 'name'),
    });
    expect(resource(json, 'aws_lb_target_group_attachment', 'alb_target')).toMatchObject({
      target_id: ref('aws_lambda_alias', 'fn_target_alias', 'arn'),
      depends_on: ['aws_lambda_permission.fn_target_alb_permission'],
    });
  });

  test('an internal NLB in the private subnets, on its own security group', () => {
    expect(resource(json, 'aws_lb', 'privatelink_load_balancer')).toMatchObject({
      name: 'demo-nlb',
      internal: true,
      load_balancer_type: 'network',
      subnets: [ref('aws_subnet', 'network_private_subnet_a'), ref('aws_subnet', 'network_private_subnet_b')],
      security_groups: [ref('aws_security_group', 'privatelink_security_group')],
      enforce_security_group_inbound_rules_on_private_link_traffic: 'off',
    });
  });

  test('the NLB target group is of type alb, TCP, on the ALB listener port; its attachment waits for that listener', () => {
    const tg = resource(json, 'aws_lb_target_group', 'privatelink_target_group');
    expect(tg).toMatchObject({ target_type: 'alb', protocol: 'TCP', port: 80, vpc_id: ref('aws_vpc', 'network_vpc') });
    expect(resource(json, 'aws_lb_listener', 'alb_listener').port).toBe(tg.port);
    const attachment = resource(json, 'aws_lb_target_group_attachment', 'privatelink_target');
    expect(attachment).toMatchObject({
      target_group_arn: ref('aws_lb_target_group', 'privatelink_target_group', 'arn'),
      target_id: ref('aws_lb', 'alb_load_balancer', 'arn'),
      port: 80,
    });
    expect(attachment.depends_on).toContain('aws_lb_listener.alb_listener');
    expect(resource(json, 'aws_lb_listener', 'privatelink_listener')).toMatchObject({
      load_balancer_arn: ref('aws_lb', 'privatelink_load_balancer', 'arn'),
      port: 80,
      protocol: 'TCP',
      default_action: [{ type: 'forward', target_group_arn: ref('aws_lb_target_group', 'privatelink_target_group', 'arn') }],
    });
  });

  test('the NLB health-checks a path the ALB answers itself, so checks never invoke the function', () => {
    const path = resource(json, 'aws_lb_target_group', 'privatelink_target_group').health_check.path;
    expect(resource(json, 'aws_lb_listener_rule', 'alb_nlb_health_check')).toMatchObject({
      listener_arn: albListener,
      condition: [{ path_pattern: { values: [path] } }],
      action: [{ type: 'fixed-response', fixed_response: { status_code: '200' } }],
    });
  });

  test('the endpoint service is on the NLB, states acceptance explicitly and admits the listed principals and this account', () => {
    const service = resource(json, 'aws_vpc_endpoint_service', 'privatelink_service');
    expect(service).toMatchObject({ acceptance_required: true, network_load_balancer_arns: [ref('aws_lb', 'privatelink_load_balancer', 'arn')] });
    // var.allowed_principals (the listed ones, as ARNs) plus this account for the in-stack consumer.
    expect(service.allowed_principals).toBe(`\${concat(var.allowed_principals, ["${OWN_ACCOUNT_ROOT}"])}`);
    expect(json.variable!.allowed_principals.default).toEqual([`arn:aws:iam::${ACCOUNT}:root`, ROLE]);
  });

  test('GIVEN acceptanceRequired false THEN it is written as false, and nothing accepts on the service’s behalf', () => {
    const { json: open } = synth(config({ acceptanceRequired: false }), 'http-echo');
    expect(resource(open, 'aws_vpc_endpoint_service', 'privatelink_service').acceptance_required).toBe(false);
    expect(resources(open, 'aws_vpc_endpoint_connection_accepter')).toEqual({});
  });

  test('the consumer side is a VPC of its own: its CIDR apart from the provider VPC, one private subnet per Lambda subnet, in the same zones by AZ ID', () => {
    expect(resources(json, 'aws_vpc')).toEqual({
      network_vpc: expect.objectContaining({ cidr_block: '${var.vpc_cidr}' }),
      consumer_network_vpc: expect.objectContaining({ cidr_block: '${var.consumer_vpc_cidr}', tags: expect.objectContaining({ Name: 'demo-consumer-vpc' }) }),
    });
    expect(json.variable!.consumer_vpc_cidr.default).toBe('10.1.0.0/16');
    expect(json.variable!.vpc_cidr.default).toBe('10.0.0.0/16');
    for (const az of ['a', 'b']) {
      expect(resource(json, 'aws_subnet', `consumer_network_private_subnet_${az}`)).toMatchObject({
        vpc_id: ref('aws_vpc', 'consumer_network_vpc'),
        availability_zone_id: ref('aws_subnet', `network_private_subnet_${az}`, 'availability_zone_id'),
      });
    }
    // The applied CIDRs are variables: a precondition refuses an overlap the config could not see.
    expect(resource(json, 'aws_vpc', 'consumer_network_vpc').lifecycle.precondition[0].error_message).toMatch(/consumer_vpc_cidr .* overlaps the provider VPC/);
  });

  test('the consumer VPC has no way out but the endpoint: no internet gateway, NAT or route beyond the VPC', () => {
    expect(resources(json, 'aws_internet_gateway')).toEqual({});
    expect(resources(json, 'aws_nat_gateway')).toEqual({});
    expect(resources(json, 'aws_route')).toEqual({});
  });

  test('the caller runs in the consumer VPC, the target in the provider VPC', () => {
    expect(resource(json, 'aws_lambda_function', 'fn_caller_function').vpc_config.subnet_ids).toEqual([
      ref('aws_subnet', 'consumer_network_private_subnet_a'),
      ref('aws_subnet', 'consumer_network_private_subnet_b'),
    ]);
    expect(resource(json, 'aws_security_group', 'fn_caller_security_group').vpc_id).toBe(ref('aws_vpc', 'consumer_network_vpc'));
    expect(resource(json, 'aws_lambda_function', 'fn_target_function').vpc_config.subnet_ids).toEqual([ref('aws_subnet', 'network_private_subnet_a'), ref('aws_subnet', 'network_private_subnet_b')]);
  });

  test('the consumer endpoint connects to the service from the consumer subnets on its own security group, and the service owner accepts it', () => {
    expect(resource(json, 'aws_vpc_endpoint', 'consumer_endpoint')).toMatchObject({
      service_name: ref('aws_vpc_endpoint_service', 'privatelink_service', 'service_name'),
      vpc_endpoint_type: 'Interface',
      vpc_id: ref('aws_vpc', 'consumer_network_vpc'),
      private_dns_enabled: false,
      subnet_ids: [ref('aws_subnet', 'consumer_network_private_subnet_a'), ref('aws_subnet', 'consumer_network_private_subnet_b')],
      security_group_ids: [ref('aws_security_group', 'consumer_security_group')],
      tags: { Name: 'demo-consumer-endpoint' },
    });
    expect(resource(json, 'aws_security_group', 'consumer_security_group').vpc_id).toBe(ref('aws_vpc', 'consumer_network_vpc'));
    expect(resource(json, 'aws_vpc_endpoint_connection_accepter', 'privatelink_consumer_accepter')).toEqual(
      expect.objectContaining({
        vpc_endpoint_service_id: ref('aws_vpc_endpoint_service', 'privatelink_service'),
        vpc_endpoint_id: ref('aws_vpc_endpoint', 'consumer_endpoint'),
      }),
    );
  });

  test('no two resources of a type share a name across the two VPCs (aliases excepted: "live" is per function)', () => {
    const named = Object.entries(json.resource!)
      .filter(([type]) => type !== 'aws_lambda_alias')
      .flatMap(([type, byName]) => Object.values(byName as Record<string, any>).map((r) => r.function_name ?? r.name ?? r.tags?.Name).filter((n) => n !== undefined).map((n) => `${type} ${n}`));
    expect(named.filter((n, i) => named.indexOf(n) !== i)).toEqual([]);
    expect(named).toEqual(expect.arrayContaining(['aws_vpc demo-consumer-vpc', 'aws_vpc demo-vpc', 'aws_subnet demo-consumer-private-a', 'aws_subnet demo-private-a', 'aws_vpc_endpoint demo-consumer-endpoint', 'aws_lambda_function demo-caller', 'aws_lambda_function demo-target']));
  });

  test('the caller gets the consumer endpoint’s URL', () => {
    expect(resource(json, 'aws_lambda_function', 'fn_caller_function').environment.variables).toEqual({
      TARGET_URL: `http://${ref('aws_vpc_endpoint', 'consumer_endpoint', 'dns_entry[0].dns_name')}:80/invoke`,
    });
  });

  test('GIVEN no consumer endpoint THEN only the listed principals are allowed and the account is not looked up', () => {
    const { json: provider } = synth(config({ consumerEndpoint: false }), 'http-echo');
    expect(resource(provider, 'aws_vpc_endpoint_service', 'privatelink_service').allowed_principals).toBe('${var.allowed_principals}');
    expect(provider.variable!.allowed_principals.default).toEqual([`arn:aws:iam::${ACCOUNT}:root`, ROLE]);
    expect(resources(provider, 'aws_vpc_endpoint')).toEqual({});
    expect(provider.data?.aws_caller_identity).toBeUndefined();
  });

  test('GIVEN an HTTPS ALB on 443 THEN the NLB target group follows the port and health-checks over HTTPS', () => {
    const { json: tls } = synth(
      config({ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012', domainName: 'svc.example.com' }),
      'http-echo',
    );
    expect(resource(tls, 'aws_lb_target_group', 'privatelink_target_group')).toMatchObject({ port: 443, health_check: { protocol: 'HTTPS' } });
    expect(sgRules(tls, 'ingress', 'alb_security_group')).toEqual(['sg:privatelink_security_group tcp 443-443']);
  });

  test('GIVEN the SSM debug host (in the provider VPC) THEN it may reach the NLB in front of the service, and the consumer endpoint admits the caller only', () => {
    const { json: debug } = synth(config({}, { ssmHost: true }), 'http-echo');
    expect(sgRules(debug, 'ingress', 'privatelink_security_group')).toEqual(['sg:ssm_host_security_group tcp 80-80']);
    expect(sgRules(debug, 'ingress', 'consumer_security_group')).toEqual(['sg:fn_caller_security_group tcp 80-80']);
  });

  test('GIVEN a provider VPC on 10.1.0.0/16 THEN the consumer VPC defaults to 10.2.0.0/16', () => {
    const { json: moved } = synth(config({}, { network: { cidr: '10.1.0.0/16' } }), 'http-echo');
    expect(moved.variable!.consumer_vpc_cidr.default).toBe('10.2.0.0/16');
  });

  describe('GIVEN the provider side in an existing VPC on 10.1.0.0/16', () => {
    const existing = synth(config({}, { name: 'bf', network: { existing: { vpcId: EXISTING.vpcId, subnetIds: EXISTING.subnetIds, vpcCidr: '10.1.0.0/16' } } }), 'http-echo');

    test('THEN the consumer VPC is still created, apart from it (10.2.0.0/16), one subnet per existing Lambda subnet in its zone by AZ ID', () => {
      expect(Object.keys(resources(existing.json, 'aws_vpc'))).toEqual(['consumer_network_vpc']);
      expect(existing.json.variable!.consumer_vpc_cidr.default).toBe('10.2.0.0/16');
      for (const i of [0, 1]) {
        expect(resource(existing.json, 'aws_subnet', `consumer_network_private_subnet_${i}`).availability_zone_id).toBe(`\${data.aws_subnet.network_private_subnet_${i}.availability_zone_id}`);
      }
    });

    terraformTest()('THEN terraform validate and an offline plan succeed', () => {
      const azIds = Object.fromEntries(EXISTING.subnetIds.map((_, i) => [`data.aws_subnet.network_private_subnet_${i}`, { availability_zone_id: `euw1-az${i + 1}` }]));
      const data = existingNetworkData();
      const overrideData = { ...CALLER_IDENTITY, 'data.aws_vpc.network_vpc': { ...data['data.aws_vpc.network_vpc'], cidr_block: '10.1.0.0/16' } } as Record<string, Record<string, unknown>>;
      for (const [address, values] of Object.entries(azIds)) overrideData[address] = { ...data[address], cidr_block: `10.1.${address.slice(-1)}.0/24`, ...values };
      const { plan } = validateAndPlan(existing.stackDir, { region: 'eu-west-1', overrideData });
      expect(plan).toMatch(/aws_vpc\.consumer_network_vpc will be created/);
      expect(plan).toMatch(/availability_zone_id += "euw1-az2"/);
    });
  });

  describe('GIVEN the consumer side in another account', () => {
    const CONSUMER = '210987654321';
    const cross = synth(config({ consumerAccountId: CONSUMER }), 'http-echo');

    test('THEN a second provider (aws.consumer) assumes the default role there and refuses any other account', () => {
      expect(cross.json.provider!.aws).toEqual([
        expect.not.objectContaining({ alias: expect.anything() }),
        expect.objectContaining({
          alias: 'consumer',
          region: 'eu-west-1',
          allowed_account_ids: [CONSUMER],
          assume_role: [{ role_arn: `arn:aws:iam::${CONSUMER}:role/OrganizationAccountAccessRole`, session_name: 'demo-consumer' }],
        }),
      ]);
    });

    test('THEN the consumer VPC, endpoint and caller are built through it, the service and its accepter through the own provider', () => {
      for (const [type, name] of [
        ['aws_vpc', 'consumer_network_vpc'],
        ['aws_subnet', 'consumer_network_private_subnet_a'],
        ['aws_vpc_endpoint', 'consumer_endpoint'],
        ['aws_security_group', 'consumer_security_group'],
        ['aws_lambda_function', 'fn_caller_function'],
        ['aws_iam_role', 'fn_caller_role'],
      ]) expect({ type, name, provider: resource(cross.json, type, name).provider }).toEqual({ type, name, provider: 'aws.consumer' });
      for (const [type, name] of [
        ['aws_vpc_endpoint_service', 'privatelink_service'],
        ['aws_vpc_endpoint_connection_accepter', 'privatelink_consumer_accepter'],
        ['aws_lambda_function', 'fn_target_function'],
        ['aws_vpc', 'network_vpc'],
      ]) expect({ type, name, provider: resource(cross.json, type, name).provider }).toEqual({ type, name, provider: undefined });
    });

    test('THEN the service admits the consumer account (not this one), and the account is not looked up', () => {
      expect(resource(cross.json, 'aws_vpc_endpoint_service', 'privatelink_service').allowed_principals).toBe(`\${concat(var.allowed_principals, ["arn:aws:iam::${CONSUMER}:root"])}`);
      expect(cross.json.data?.aws_caller_identity).toBeUndefined();
    });

    test('GIVEN a role to assume THEN the provider uses it', () => {
      const { json: own } = synth(config({ consumerAccountId: CONSUMER, consumerRoleArn: `arn:aws:iam::${CONSUMER}:role/platform/terraform` }), 'http-echo');
      expect(own.provider!.aws[1].assume_role[0].role_arn).toBe(`arn:aws:iam::${CONSUMER}:role/platform/terraform`);
    });

    terraformTest()('THEN terraform validate and an offline plan succeed (both providers replaced by offline ones)', () => {
      const { plan } = validateAndPlan(cross.stackDir, { region: 'eu-west-1' });
      expect(plan).toMatch(/aws_vpc\.consumer_network_vpc will be created/);
      expect(plan).toMatch(/aws_vpc_endpoint_connection_accepter\.privatelink_consumer_accepter will be created/);
      expect(plan).toContain(`"arn:aws:iam::${CONSUMER}:root"`);
    });
  });

  describe('refused configs', () => {

    test('no allowed principals, unless explicitly opted in', () => {
      expect(refusalOf(config({ allowedPrincipals: [] }))).toMatch(/pattern\.allowedPrincipals \(got \[\]\): list the AWS account IDs .*allowNoPrincipals: true/);
      expect(() => validateConfig(config({ allowedPrincipals: [], allowNoPrincipals: true }))).not.toThrow();
    });

    test('"*", an ARN with a path, a malformed entry, and a principal listed twice', () => {
      expect(refusalOf(config({ allowedPrincipals: ['*'] }))).toMatch(/allowedPrincipals\[0\] \(got "\*"\): "\*" would let every AWS account connect/);
      expect(refusalOf(config({ allowedPrincipals: ['arn:aws:iam::123456789012:role/team/app'] }))).toMatch(/allowedPrincipals\[0\].*\(no paths\)/);
      expect(refusalOf(config({ allowedPrincipals: ['12345'] }))).toMatch(/allowedPrincipals\[0\] \(got "12345"\): use a 12-digit account ID/);
      expect(refusalOf(config({ allowedPrincipals: [ACCOUNT, ACCOUNT] }))).toMatch(/allowedPrincipals\[1\] .*listed twice/);
    });

    test('a consumer CIDR that overlaps the provider VPC, is no network, or cannot hold the consumer subnets', () => {
      expect(refusalOf(config({ consumerCidr: '10.0.128.0/20' }))).toMatch(/pattern\.consumerCidr .*overlaps the provider VPC 10\.0\.0\.0\/16.*such as "10\.1\.0\.0\/16"/);
      expect(refusalOf(config({ consumerCidr: '10.1.0.1/16' }))).toMatch(/pattern\.consumerCidr .*host bits are set; did you mean "10\.1\.0\.0\/16"/);
      expect(refusalOf(config({ consumerCidr: '10.1.0.0/26' }))).toMatch(/pattern\.consumerCidr .*2 consumer subnets of \/24 .* do not fit in 10\.1\.0\.0\/26/);
      expect(() => validateConfig(config({ consumerCidr: '192.168.0.0/24', consumerSubnetMask: 28 }))).not.toThrow();
    });

    test('consumer fields without a consumer side, and a role in another account than the consumer', () => {
      expect(refusalOf(config({ consumerEndpoint: false, consumerCidr: '10.1.0.0/16' }))).toMatch(/pattern\.consumerCidr .*consumerEndpoint: false leaves out/);
      expect(refusalOf(config({ consumerRoleArn: ROLE }))).toMatch(/pattern\.consumerRoleArn .*needs consumerAccountId/);
      expect(refusalOf(config({ consumerAccountId: '111111111111', consumerRoleArn: ROLE }))).toMatch(/pattern\.consumerRoleArn .*account 210987654321, but consumerAccountId is 111111111111/);
      expect(refusalOf(config({ consumerAccountId: '12345' }))).toMatch(/pattern\.consumerAccountId .*12-digit/);
    });
  });

  describe('new --pattern privatelink', () => {
    beforeAll(() => {
      if (!fs.existsSync(path.join(__dirname, '..', 'dist', 'cli.js'))) throw new Error('run npm run build first');
    });

    test('WITHOUT --allowed-principals THEN it fails naming the flag and writes nothing', () => {
      const cwd = tempDir();
      const r = runCli(['new', 'svc', '--pattern', 'privatelink', '--yes'], cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--allowed-principals/);
      expect(fs.readdirSync(cwd)).toEqual([]);
    });

    test('WITH --allowed-principals (comma-separated) and shared ALB flags THEN the config holds them', () => {
      const cwd = tempDir();
      const r = runCli(['new', 'svc', '--pattern', 'privatelink', '--yes', '--allowed-principals', `${ACCOUNT},${ROLE}`, '--listener-port', '8080', '--no-acceptance-required'], cwd);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const written = JSON.parse(fs.readFileSync(path.join(cwd, 'svc', 'vpc-lambda-gen.json'), 'utf8'));
      expect(written.pattern).toMatchObject({ id: 'privatelink', allowedPrincipals: [ACCOUNT, ROLE], listenerPort: 8080, acceptanceRequired: false });
      expect(written.functions.map((f: { name: string }) => f.name)).toEqual(['caller', 'target']);
      expect(fs.readFileSync(path.join(cwd, 'svc', 'functions', 'caller', 'index.js'), 'utf8')).toContain('TARGET_URL');
    });

    test('WITH --consumer-account-id THEN the README draws both VPCs and says who builds the consumer side and who accepts', () => {
      const cwd = tempDir();
      const r = runCli(['new', 'svc', '--pattern', 'privatelink', '--yes', '--allowed-principals', ACCOUNT, '--consumer-account-id', '210987654321'], cwd);
      expect(r.status).toBe(0);
      const readme = fs.readFileSync(path.join(cwd, 'svc', 'README.md'), 'utf8');
      expect(readme).toContain('- The consumer VPC `10.1.0.0/16` (function `caller`)');
      expect(readme).toMatch(/subgraph provider_vpc\["Provider: VPC 10\.0\.0\.0\/16"\]\n    nlb\n    alb\n    target\n  end/);
      expect(readme).toMatch(/subgraph consumer_vpc\["Consumer: VPC 10\.1\.0\.0\/16, account 210987654321"\]\n    caller\n    vpce\n  end/);
      expect(readme).toContain('Built in account 210987654321 through the second AWS provider `aws.consumer`');
      expect(readme).toMatch(/aws ec2 accept-vpc-endpoint-connections/);
      expect(readme).toMatch(/And each subnet of the consumer VPC `10\.1\.0\.0\/16`:\n\n.*\n.*\n\| eu-west-1a \| `10\.1\.0\.0\/24` .*1 Hyperplane ENI, one per function security group \(caller\); 1 consumer interface endpoint/);
    });
  });

  terraformTest()('terraform validate and an offline plan succeed', () => {
    const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1', overrideData: CALLER_IDENTITY });
    expect(plan).toMatch(/aws_vpc_endpoint_service\.privatelink_service will be created/);
    expect(plan).toMatch(/aws_vpc\.consumer_network_vpc will be created/);
    expect(plan).toMatch(/aws_vpc_endpoint\.consumer_endpoint will be created/);
    expect(plan).toContain('"arn:aws:iam::111122223333:root"');
  });
});
