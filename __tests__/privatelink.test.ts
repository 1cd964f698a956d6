import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../generator/config/validate';
import { runCli, tempDir } from './helpers/cli';
import { rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { refusalOf } from './helpers/config-issues';
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

  test('the consumer endpoint connects to the service from the Lambda subnets on its own security group, and is accepted', () => {
    expect(resource(json, 'aws_vpc_endpoint', 'consumer_endpoint')).toMatchObject({
      service_name: ref('aws_vpc_endpoint_service', 'privatelink_service', 'service_name'),
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: false,
      subnet_ids: [ref('aws_subnet', 'network_private_subnet_a'), ref('aws_subnet', 'network_private_subnet_b')],
      security_group_ids: [ref('aws_security_group', 'consumer_security_group')],
    });
    expect(resource(json, 'aws_vpc_endpoint_connection_accepter', 'consumer_accepter')).toEqual(
      expect.objectContaining({
        vpc_endpoint_service_id: ref('aws_vpc_endpoint_service', 'privatelink_service'),
        vpc_endpoint_id: ref('aws_vpc_endpoint', 'consumer_endpoint'),
      }),
    );
  });

  test('each hop admits only the one before it: caller → consumer endpoint → (PrivateLink) → NLB → ALB', () => {
    expect(sgRules(json, 'egress', 'fn_caller_security_group')).toEqual(['sg:consumer_security_group tcp 80-80']);
    expect(sgRules(json, 'ingress', 'consumer_security_group')).toEqual(['sg:fn_caller_security_group tcp 80-80']);
    expect(sgRules(json, 'egress', 'privatelink_security_group')).toEqual(['sg:alb_security_group tcp 80-80']);
    expect(sgRules(json, 'ingress', 'alb_security_group')).toEqual(['sg:privatelink_security_group tcp 80-80']);
    expect(sgRules(json, 'ingress', 'fn_target_security_group')).toEqual([]);
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

  test('GIVEN the SSM debug host THEN it may reach the consumer endpoint too', () => {
    const { json: debug } = synth(config({}, { ssmHost: true }), 'http-echo');
    expect(sgRules(debug, 'ingress', 'consumer_security_group')).toEqual(['sg:fn_caller_security_group tcp 80-80', 'sg:ssm_host_security_group tcp 80-80']);
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
  });

  terraformTest()('terraform validate and an offline plan succeed', () => {
    const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1', overrideData: CALLER_IDENTITY });
    expect(plan).toMatch(/aws_vpc_endpoint_service\.privatelink_service will be created/);
    expect(plan).toContain('"arn:aws:iam::111122223333:root"');
  });
});
