import { checkStackDir } from '../generator/check';
import { rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { refusalOf } from './helpers/config-issues';
import { terraformTest, validateAndPlan } from './helpers/terraform';
import { internetPathResources, sgRules } from './helpers/wiring';

const functions = [{ name: 'caller' }, { name: 'target' }];
const config = (pattern: Record<string, unknown> = {}, overrides = {}) =>
  rawConfig({ pattern: { id: 'internal-alb', ...pattern }, functions, ...overrides });
const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';

describe('internal-alb pattern', () => {
  const http = synth(config(), 'http-echo');
  const https = synth(config({ certificateArn: CERTIFICATE, domainName: 'api.internal.example.com' }), 'http-echo');
  const { json } = http;

  test('GIVEN the pattern THEN there is no internet path at all', () => {
    expect(internetPathResources(json)).toEqual([]);
  });

  test('the ALB is internal, in the private subnets of both AZs, on its own security group', () => {
    expect(resource(json, 'aws_lb', 'alb_load_balancer')).toMatchObject({
      name: 'demo-alb',
      internal: true,
      load_balancer_type: 'application',
      subnets: [ref('aws_subnet', 'network_private_subnet_a'), ref('aws_subnet', 'network_private_subnet_b')],
      security_groups: [ref('aws_security_group', 'alb_security_group')],
    });
  });

  test('the target group is of type lambda, with no port, protocol or VPC, and health checks off', () => {
    const tg = resource(json, 'aws_lb_target_group', 'alb_target_group');
    expect(tg).toMatchObject({ target_type: 'lambda', health_check: { enabled: false } });
    expect(tg.name.length).toBeLessThanOrEqual(32);
    for (const absent of ['port', 'protocol', 'vpc_id']) expect(tg[absent]).toBeUndefined();
  });

  test('elasticloadbalancing may invoke the live alias for this target group only, and the attachment waits for that', () => {
    expect(resource(json, 'aws_lambda_permission', 'fn_target_alb_permission')).toMatchObject({
      principal: 'elasticloadbalancing.amazonaws.com',
      action: 'lambda:InvokeFunction',
      function_name: ref('aws_lambda_function', 'fn_target_function', 'function_name'),
      qualifier: ref('aws_lambda_alias', 'fn_target_alias', 'name'),
      source_arn: ref('aws_lb_target_group', 'alb_target_group', 'arn'),
    });
    expect(resource(json, 'aws_lb_target_group_attachment', 'alb_target')).toMatchObject({
      target_group_arn: ref('aws_lb_target_group', 'alb_target_group', 'arn'),
      target_id: ref('aws_lambda_alias', 'fn_target_alias', 'arn'),
      depends_on: ['aws_lambda_permission.fn_target_alb_permission'],
    });
  });

  test('GIVEN no certificate THEN the listener forwards HTTP on port 80 to the target group', () => {
    const listener = resource(json, 'aws_lb_listener', 'alb_listener');
    expect(listener).toMatchObject({
      load_balancer_arn: ref('aws_lb', 'alb_load_balancer', 'arn'),
      port: 80,
      protocol: 'HTTP',
      default_action: [{ type: 'forward', target_group_arn: ref('aws_lb_target_group', 'alb_target_group', 'arn') }],
    });
    expect(listener.certificate_arn).toBeUndefined();
  });

  test('the ALB admits the listener port only from the caller, and the caller may send only to the ALB on it', () => {
    expect(sgRules(json, 'ingress', 'alb_security_group')).toEqual(['sg:fn_caller_security_group tcp 80-80']);
    expect(sgRules(json, 'egress', 'alb_security_group')).toEqual([]);
    expect(sgRules(json, 'egress', 'fn_caller_security_group')).toEqual(['sg:alb_security_group tcp 80-80']);
    expect(sgRules(json, 'ingress', 'fn_target_security_group')).toEqual([]);
    expect(sgRules(json, 'egress', 'fn_target_security_group')).toEqual([]);
  });

  test('the caller gets the ALB URL', () => {
    expect(resource(json, 'aws_lambda_function', 'fn_caller_function').environment.variables).toEqual({
      TARGET_URL: `http://${ref('aws_lb', 'alb_load_balancer', 'dns_name')}:80/invoke`,
    });
  });

  test('GIVEN a certificate THEN the listener is HTTPS on 443 with a TLS 1.3 policy, and the caller uses the certificate’s name', () => {
    const { json: tls } = https;
    expect(resource(tls, 'aws_lb_listener', 'alb_listener')).toMatchObject({
      port: 443,
      protocol: 'HTTPS',
      certificate_arn: '${var.certificate_arn}',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    // The platform team may swap it; by default it is the configured certificate.
    expect(tls.variable!.certificate_arn.default).toBe(CERTIFICATE);
    expect(sgRules(tls, 'ingress', 'alb_security_group')).toEqual(['sg:fn_caller_security_group tcp 443-443']);
    expect(sgRules(tls, 'egress', 'fn_caller_security_group')).toEqual(['sg:alb_security_group tcp 443-443']);
    // The certificate's name resolves to the ALB inside the VPC only: a private zone for exactly that name.
    expect(resource(tls, 'aws_lambda_function', 'fn_caller_function').environment.variables.TARGET_URL).toBe('https://${aws_route53_record.alb_dns_record.fqdn}:443/invoke');
    expect(resource(tls, 'aws_route53_zone', 'alb_dns_zone')).toMatchObject({ name: 'api.internal.example.com', vpc: [{ vpc_id: ref('aws_vpc', 'network_vpc', 'id') }] });
    expect(resource(tls, 'aws_route53_record', 'alb_dns_record')).toMatchObject({
      zone_id: ref('aws_route53_zone', 'alb_dns_zone', 'zone_id'),
      name: 'api.internal.example.com',
      type: 'A',
      alias: { name: ref('aws_lb', 'alb_load_balancer', 'dns_name'), zone_id: ref('aws_lb', 'alb_load_balancer', 'zone_id'), evaluate_target_health: false },
    });
  });

  test('GIVEN a certificate THEN check follows the name through its record to the ALB, and sees no need for the internet', () => {
    const report = checkStackDir(https.stackDir);
    const caller = report.results.filter((r) => r.subject.endsWith('-caller'));
    expect(caller.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(caller.some((r) => r.resources.includes('aws_lb.alb_load_balancer') && r.resources.includes('aws_lb_listener.alb_listener'))).toBe(true);
    expect(caller.some((r) => /internet/.test(r.check))).toBe(false);
  });

  test('GIVEN a listener port THEN the listener and both rules use it', () => {
    const { json: custom } = synth(config({ listenerPort: 8080 }), 'http-echo');
    expect(resource(custom, 'aws_lb_listener', 'alb_listener').port).toBe(8080);
    expect(sgRules(custom, 'ingress', 'alb_security_group')).toEqual(['sg:fn_caller_security_group tcp 8080-8080']);
  });

  test('GIVEN a stack named internal-… THEN the ALB name does not start with "internal-" (AWS refuses it)', () => {
    const { json: named } = synth(config({}, { name: 'internal-tools' }), 'http-echo');
    expect(resource(named, 'aws_lb', 'alb_load_balancer').name).toBe('alb-internal-tools');
    expect(Object.keys(resources(named, 'aws_lb'))).toHaveLength(1);
  });

  test('GIVEN the SSM debug host THEN it may reach the ALB on the listener port too', () => {
    const { json: debug } = synth(config({}, { ssmHost: true }), 'http-echo');
    expect(sgRules(debug, 'ingress', 'alb_security_group')).toEqual(['sg:fn_caller_security_group tcp 80-80', 'sg:ssm_host_security_group tcp 80-80']);
  });

  describe('refused configs', () => {

    test('a certificate without the name the caller should use', () => {
      expect(refusalOf(config({ certificateArn: CERTIFICATE }))).toMatch(/pattern\.domainName: required with certificateArn/);
    });

    test('a certificate of another region', () => {
      expect(refusalOf(config({ certificateArn: CERTIFICATE.replace('eu-west-1', 'us-east-1'), domainName: 'a.example.com' }))).toMatch(
        /pattern\.certificateArn .*the certificate is in us-east-1, the stack in eu-west-1/,
      );
    });

    test('a port outside 1–65535, and something that is not a certificate ARN', () => {
      expect(refusalOf(config({ listenerPort: 0 }))).toMatch(/pattern\.listenerPort \(got 0\): use a port 1–65535/);
      expect(refusalOf(config({ listenerPort: 70000 }))).toMatch(/pattern\.listenerPort \(got 70000\): use a port 1–65535/);
      expect(refusalOf(config({ certificateArn: 'my-cert', domainName: 'a.example.com' }))).toMatch(/pattern\.certificateArn \(got "my-cert"\): use an ACM certificate ARN/);
    });

    test('a target that is not a function', () => {
      expect(refusalOf(config({ target: 'api' }))).toMatch(/pattern\.target \(got "api"\): no function named "api"/);
    });
  });

  terraformTest()('terraform validate and an offline plan succeed (HTTP and HTTPS)', () => {
    for (const stack of [http, https]) {
      const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1' });
      expect(plan).toMatch(/aws_lb_target_group_attachment\.alb_target will be created/);
    }
  });
});
