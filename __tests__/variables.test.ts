/**
 * What the platform team owns is a Terraform variable, defaulted from the config, described, typed
 * and validated: the VPC CIDR and AZs (the subnets keep the plan's offsets), tags, and per pattern
 * the peer, the allowed principals, the SSM parameter name and the certificate. A `-var` changes the
 * plan; a value the generator would refuse, Terraform refuses with our message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cidrSubnet } from '../generator/config/cidr';
import { validateConfig } from '../generator/config/validate';
import { exportProject } from '../generator/export';
// Unreported: a refusal expected by the test must not read as a failed stack in the CI report.
import { validateAndPlan as planExpectingRefusal } from '../generator/terraform';
import { tempDir } from './helpers/cli';
import { AMI_OVERRIDE } from './helpers/offline-data';
import { rawConfig, ref, resource, resources, synth, type TfJson } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';

const CALLER_IDENTITY = { 'data.aws_caller_identity.account': { account_id: '111122223333', arn: 'arn:aws:iam::111122223333:user/ci', user_id: 'AIDAOFFLINE' } };
const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

const natInstance = synth(rawConfig({ pattern: { id: 'nat-instance' }, network: { cidr: '10.20.0.0/16' }, tags: { team: 'payments' } }));
const privatelink = synth(rawConfig({ pattern: { id: 'privatelink', allowedPrincipals: ['123456789012', 'arn:aws:iam::210987654321:role/consumer'], certificateArn: CERTIFICATE, domainName: 'api.internal.example.com' }, functions: [{ name: 'caller' }, { name: 'target' }] }), 'http-echo');
const snsSlack = synth(rawConfig({ pattern: { id: 'sns-slack', slackParameter: '/ops/slack-webhook' }, functions: [{ name: 'notifier' }] }), 'slack-notifier');

/** The error Terraform gives for these variables, '' when it plans. */
function refusal(stackDir: string, variables: Record<string, unknown>, overrideData = {}): string {
  try {
    planExpectingRefusal(stackDir, { region: 'eu-west-1', variables, overrideData });
    return '';
  } catch (err) {
    const message = String(err);
    const kept = /work dir kept at: (\S+)/.exec(message)?.[1];
    if (kept) fs.rmSync(path.dirname(kept), { recursive: true, force: true });
    return message.replace(/\s+/g, ' ');
  }
}

describe('every stack: var.vpc_cidr, var.availability_zones, var.tags', () => {
  const { json } = natInstance;
  const { subnets } = validateConfig(rawConfig({ pattern: { id: 'nat-instance' }, network: { cidr: '10.20.0.0/16' } }));

  test('each is typed, described and validated, defaulted from the config', () => {
    const v = json.variable!;
    expect(v.vpc_cidr).toMatchObject({ type: 'string', default: '10.20.0.0/16', description: expect.stringMatching(/^CIDR of the VPC, a \/16/) });
    expect(v.availability_zones).toMatchObject({ type: 'list(string)', default: ['eu-west-1a', 'eu-west-1b'], description: expect.stringMatching(/exactly 2$/) });
    expect(v.tags).toMatchObject({ type: 'map(string)', default: { team: 'payments' }, description: expect.stringMatching(/^Tags on every resource/) });
    for (const name of ['vpc_cidr', 'availability_zones', 'tags']) expect(v[name].validation.length).toBeGreaterThan(0);
    expect(v.availability_zones.validation[0].condition).toBe('${(length(var.availability_zones) == 2)}');
  });

  test('the VPC is var.vpc_cidr, and each subnet is cidrsubnet() of it at the offset the plan gave it', () => {
    expect(resource(json, 'aws_vpc', 'network_vpc').cidr_block).toBe('${var.vpc_cidr}');
    subnets.forEach(({ privateCidr, publicCidr }, i) => {
      const az = 'ab'[i];
      for (const [name, planned] of [[`network_private_subnet_${az}`, privateCidr], [`network_public_subnet_${az}`, publicCidr!]]) {
        const subnet = resource(json, 'aws_subnet', name);
        const [, newbits, netnum] = /^\$\{cidrsubnet\(var\.vpc_cidr, (\d+), (\d+)\)\}$/.exec(subnet.cidr_block)!.map(Number);
        // Evaluated on the default, the expression is the planned subnet, so a default plan is unchanged.
        expect(cidrSubnet(json.variable!.vpc_cidr.default, newbits, netnum)).toBe(planned);
        expect(subnet.availability_zone).toBe(`\${element(var.availability_zones, ${i})}`);
      }
    });
  });

  test('what needs the Lambda subnet ranges reads them from the subnets, so it follows var.vpc_cidr (NAT rules and masquerade)', () => {
    const ingress = Object.values(resources(json, 'aws_vpc_security_group_ingress_rule')).map((r) => r.cidr_ipv4).sort();
    expect(ingress).toEqual([ref('aws_subnet', 'network_private_subnet_a', 'cidr_block'), ref('aws_subnet', 'network_private_subnet_b', 'cidr_block')]);
    expect(resource(json, 'aws_instance', 'network_nat_instance_instance_a').user_data).toContain(
      `ip saddr { ${ref('aws_subnet', 'network_private_subnet_a', 'cidr_block')}, ${ref('aws_subnet', 'network_private_subnet_b', 'cidr_block')} } ip daddr != ${ref('aws_vpc', 'network_vpc', 'cidr_block')} masquerade`,
    );
  });

  test('every resource gets our tags and var.tags through default_tags; a key in var.tags wins', () => {
    expect(json.provider.aws[0].default_tags[0].tags).toBe('${merge(local.stack_tags, var.tags)}');
    expect((json as TfJson & { locals: Record<string, unknown> }).locals.stack_tags).toEqual({ ManagedBy: 'vpc-lambda-gen', Stack: 'demo', Pattern: 'nat-instance' });
  });

  terraformTest()('GIVEN -var vpc_cidr and availability_zones THEN the plan moves every subnet and NAT rule; a default plan keeps the config', () => {
    const plan = (variables?: Record<string, unknown>) => validateAndPlan(natInstance.stackDir, { region: 'eu-west-1', overrideData: AMI_OVERRIDE, variables }).plan;
    const byDefault = plan();
    expect(byDefault).toMatch(/\+ cidr_block\s+= "10\.20\.0\.0\/20"/);
    // (default_tags cannot be seen here: the offline plan replaces the provider block.)
    const moved = plan({ vpc_cidr: '10.42.0.0/16', availability_zones: ['eu-west-1c', 'eu-west-1a'], tags: { owner: 'platform' } });
    for (const cidr of ['10.42.0.0/16', '10.42.0.0/20', '10.42.16.0/20', '10.42.32.0/24', '10.42.33.0/24']) expect(moved).toContain(`"${cidr}"`);
    expect(moved).toMatch(/\+ cidr_ipv4\s+= "10\.42\.16\.0\/20"/);
    expect(moved).not.toContain('10.20.');
    expect(moved).toMatch(/\+ availability_zone\s+= "eu-west-1c"/);
  });

  terraformTest()('GIVEN values the generator would refuse THEN Terraform refuses them with our messages', () => {
    // Terraform reports every invalid variable of a run at once: two runs cover them all.
    const first = refusal(natInstance.stackDir, { vpc_cidr: '10.42.0.0/20', availability_zones: ['eu-west-1a'], tags: { 'aws:owner': 'x' } }, AMI_OVERRIDE);
    expect(first).toContain('vpc_cidr must be an IPv4 network of the planned size, a /16');
    expect(first).toContain('availability_zones must list exactly 2 AZs');
    expect(first).toContain('none starting with "aws:"');
    const second = refusal(natInstance.stackDir, { vpc_cidr: '10.42.0.1/16', availability_zones: ['us-east-1a', 'us-east-1a'] }, AMI_OVERRIDE);
    expect(second).toContain('vpc_cidr must be an IPv4 network');
    expect(second).toContain('availability_zones must be distinct AZ names of eu-west-1');
    expect(second).not.toContain('must list exactly');
  });
});

describe('pattern variables', () => {
  test('privatelink: var.allowed_principals holds the configured principals as ARNs; this account is added for the in-stack consumer', () => {
    const { json } = privatelink;
    expect(json.variable!.allowed_principals).toMatchObject({
      type: 'list(string)',
      default: ['arn:aws:iam::123456789012:root', 'arn:aws:iam::210987654321:role/consumer'],
      description: expect.stringMatching(/^IAM principals/),
    });
    expect(resource(json, 'aws_vpc_endpoint_service', 'privatelink_service').allowed_principals).toBe(
      '${concat(var.allowed_principals, ["arn:aws:iam::${data.aws_caller_identity.account.account_id}:root"])}',
    );
  });

  test('internal ALB with a certificate: var.certificate_arn, checked to be ACM in the stack region; without one, no such variable', () => {
    const { json } = privatelink;
    expect(json.variable!.certificate_arn).toMatchObject({ type: 'string', default: CERTIFICATE });
    expect(json.variable!.certificate_arn.validation[0].condition).toContain(':acm:eu-west-1:');
    const [listener] = Object.values(resources(json, 'aws_lb_listener')).filter((l) => l.protocol === 'HTTPS');
    expect(listener.certificate_arn).toBe('${var.certificate_arn}');
    const plain = synth(rawConfig({ pattern: { id: 'internal-alb' }, functions: [{ name: 'caller' }, { name: 'target' }] }), 'http-echo');
    expect(plain.json.variable!.certificate_arn).toBeUndefined();
  });

  test('sns-slack: var.slack_parameter_name (a name, never the URL) feeds the environment and the one parameter the role may read', () => {
    const { json } = snsSlack;
    expect(json.variable!.slack_parameter_name).toMatchObject({ type: 'string', default: '/ops/slack-webhook' });
    const fn = resource(json, 'aws_lambda_function', 'fn_notifier_function');
    expect(fn.environment.variables.SLACK_WEBHOOK_PARAMETER).toBe('${var.slack_parameter_name}');
    const policy = Object.values((json.data as TfJson['resource']).aws_iam_policy_document).find((d) => JSON.stringify(d).includes('ssm:GetParameter'))!;
    expect(JSON.stringify(policy)).toContain(':parameter/${trimprefix(var.slack_parameter_name, \\"/\\")}');
  });

  terraformTest()('GIVEN bad pattern values THEN Terraform refuses them; good ones change the plan', () => {
    const overrideData = CALLER_IDENTITY;
    const star = refusal(privatelink.stackDir, { allowed_principals: ['*'], certificate_arn: CERTIFICATE.replace('eu-west-1', 'us-east-1') }, overrideData);
    expect(star).toContain('allowed_principals must be IAM ARNs');
    expect(star).toContain('certificate_arn must be an ACM certificate ARN in eu-west-1');
    expect(refusal(privatelink.stackDir, { allowed_principals: [] }, overrideData)).toContain('allowed_principals must list at least one principal');
    expect(refusal(snsSlack.stackDir, { slack_parameter_name: 'https://hooks.slack.com/services/T0/B0/x' }, overrideData)).toContain('slack_parameter_name must be an SSM parameter name');
    expect(refusal(snsSlack.stackDir, { slack_parameter_name: '/aws/reserved' }, overrideData)).toContain('not starting with aws or ssm');
    const plan = validateAndPlan(snsSlack.stackDir, { region: 'eu-west-1', overrideData, variables: { slack_parameter_name: '/team/other-hook' } }).plan;
    expect(plan).toContain('arn:aws:ssm:eu-west-1:111122223333:parameter/team/other-hook');
    expect(plan).toMatch(/\+ "SLACK_WEBHOOK_PARAMETER"\s+= "\/team\/other-hook"/);
  });
});

terraformTest()('GIVEN the exported HCL folder THEN -var vpc_cidr changes its plan the same way', () => {
  const outDir = path.join(tempDir(), 'handoff');
  exportProject({ dir: natInstance.projectDir, outDir, fmt: false });
  expect(fs.readFileSync(path.join(outDir, 'variables.tf'), 'utf8')).toMatch(/variable "vpc_cidr" \{\n {2}description = ".+"\n {2}type {8}= string\n {2}default {5}= "10\.20\.0\.0\/16"\n/);
  const plan = validateAndPlan(outDir, { region: 'eu-west-1', overrideData: AMI_OVERRIDE, variables: { vpc_cidr: '10.99.0.0/16' } }).plan;
  expect(plan).toMatch(/\+ cidr_block\s+= "10\.99\.16\.0\/20"/);
  expect(refusal(outDir, { vpc_cidr: '10.99.0.0/24' }, AMI_OVERRIDE)).toContain('vpc_cidr must be an IPv4 network of the planned size');
});
