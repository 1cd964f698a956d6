import * as fs from 'node:fs';
import * as path from 'node:path';
import { INTERFACE_ENDPOINT_SERVICES } from '../generator/catalog/endpoint-services';
import { validateConfig } from '../generator/config/validate';
import { runCli, tempDir } from './helpers/cli';
import { issueAt, issuesOf } from './helpers/config-issues';
import { findResources, rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';

const functions = [{ name: 'caller' }, { name: 'target' }];
const config = (pattern: Record<string, unknown> = {}) => rawConfig({ pattern: { id: 'endpoints', ...pattern }, functions });

const ENDPOINT_SG = ref('aws_security_group', 'network_endpoints_security_group');
const CALLER_SG = ref('aws_security_group', 'fn_caller_security_group');
const TARGET_SG = ref('aws_security_group', 'fn_target_security_group');

describe('endpoints pattern', () => {
  const defaults = synth(config(), 'lambda-invoker');
  const chosen = synth(config({ endpoints: ['sts', 'ssm', 'secretsmanager', 'dynamodb'] }), 'lambda-invoker');

  describe('no internet path at all', () => {
    test('no internet gateway, no NAT, no public subnet, and no route other than the local one and gateway endpoints', () => {
      for (const { json } of [defaults, chosen]) {
        for (const type of ['aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_instance', 'aws_route', 'aws_egress_only_internet_gateway']) {
          expect({ type, found: Object.keys(resources(json, type)) }).toEqual({ type, found: [] });
        }
        expect(Object.values(resources(json, 'aws_subnet')).map((s) => s.tags.Tier)).toEqual(['private', 'private']);
        for (const table of Object.values(resources(json, 'aws_route_table'))) expect(table.route).toBeUndefined();
      }
    });

    test('no security group rule lets anything out to 0.0.0.0/0', () => {
      const egress = Object.values(resources(chosen.json, 'aws_vpc_security_group_egress_rule'));
      expect(egress.length).toBeGreaterThan(0);
      for (const rule of egress) expect(rule.cidr_ipv4).toBeUndefined();
    });
  });

  describe('interface endpoints', () => {
    test('GIVEN no list THEN only lambda, with private DNS, in every Lambda subnet, on the one endpoint security group', () => {
      const { json } = defaults;
      expect(Object.keys(resources(json, 'aws_vpc_endpoint')).sort()).toEqual(['network_endpoints_lambda', 'network_s3_gateway_endpoint']);
      expect(resource(json, 'aws_vpc_endpoint', 'network_endpoints_lambda')).toEqual(
        expect.objectContaining({
          vpc_id: ref('aws_vpc', 'network_vpc'),
          service_name: 'com.amazonaws.eu-west-1.lambda',
          vpc_endpoint_type: 'Interface',
          private_dns_enabled: true,
          subnet_ids: [ref('aws_subnet', 'network_private_subnet_a'), ref('aws_subnet', 'network_private_subnet_b')],
          security_group_ids: [ENDPOINT_SG],
        }),
      );
      // Private DNS needs both VPC DNS attributes.
      expect(resource(json, 'aws_vpc', 'network_vpc')).toMatchObject({ enable_dns_support: true, enable_dns_hostnames: true });
    });

    test('GIVEN a list THEN each service gets an interface endpoint, lambda always included, and dynamodb a gateway endpoint', () => {
      const { json } = chosen;
      const interfaces = findResources(json, 'aws_vpc_endpoint', { vpc_endpoint_type: 'Interface' }).map(([, e]) => e.service_name);
      expect(interfaces.sort()).toEqual(['lambda', 'secretsmanager', 'ssm', 'sts'].map((s) => `com.amazonaws.eu-west-1.${s}`));
      for (const [, endpoint] of findResources(json, 'aws_vpc_endpoint', { vpc_endpoint_type: 'Interface' })) {
        expect(endpoint).toMatchObject({ private_dns_enabled: true, security_group_ids: [ENDPOINT_SG] });
        expect(endpoint.subnet_ids).toHaveLength(2);
      }
      // An earlier version's pattern.endpoints is read as egress.endpoints, where the services are listed now.
      expect(validateConfig(config({ endpoints: ['sts', 'lambda', 'sts'] })).config.egress.endpoints).toEqual(['lambda', 'sts']);
    });

    test('the endpoint security group admits HTTPS from each function group and nothing else; each function may send HTTPS to it', () => {
      const { json } = defaults;
      const ingress = findResources(json, 'aws_vpc_security_group_ingress_rule', { security_group_id: ENDPOINT_SG }).map(([, r]) => [
        r.referenced_security_group_id,
        r.ip_protocol,
        r.from_port,
        r.to_port,
        r.cidr_ipv4,
      ]);
      expect(ingress).toEqual([
        [CALLER_SG, 'tcp', 443, 443, undefined],
        [TARGET_SG, 'tcp', 443, 443, undefined],
      ]);
      for (const fnSg of [CALLER_SG, TARGET_SG]) {
        const egress = findResources(json, 'aws_vpc_security_group_egress_rule', { security_group_id: fnSg, referenced_security_group_id: ENDPOINT_SG });
        expect(egress.map(([, r]) => [r.ip_protocol, r.from_port, r.to_port])).toEqual([['tcp', 443, 443]]);
      }
    });
  });

  describe('gateway endpoints', () => {
    test('s3 (always) and dynamodb (when chosen) are gateway endpoints on every private route table', () => {
      const tables = [ref('aws_route_table', 'network_private_route_table_a'), ref('aws_route_table', 'network_private_route_table_b')];
      expect(resource(defaults.json, 'aws_vpc_endpoint', 'network_s3_gateway_endpoint')).toMatchObject({
        service_name: 'com.amazonaws.eu-west-1.s3',
        vpc_endpoint_type: 'Gateway',
        route_table_ids: tables,
      });
      expect(resources(defaults.json, 'aws_vpc_endpoint').network_dynamodb_gateway_endpoint).toBeUndefined();
      expect(resource(chosen.json, 'aws_vpc_endpoint', 'network_dynamodb_gateway_endpoint')).toMatchObject({
        service_name: 'com.amazonaws.eu-west-1.dynamodb',
        vpc_endpoint_type: 'Gateway',
        route_table_ids: tables,
      });
    });

    test('the functions may send HTTPS to the gateway endpoints’ prefix lists (a route alone is not enough)', () => {
      const egress = findResources(chosen.json, 'aws_vpc_security_group_egress_rule', { security_group_id: CALLER_SG })
        .filter(([, r]) => r.prefix_list_id)
        .map(([, r]) => [r.prefix_list_id, r.from_port]);
      expect(egress.sort()).toEqual([
        [ref('aws_vpc_endpoint', 'network_dynamodb_gateway_endpoint', 'prefix_list_id'), 443],
        [ref('aws_vpc_endpoint', 'network_s3_gateway_endpoint', 'prefix_list_id'), 443],
      ]);
    });
  });

  describe('the caller invokes the target through the lambda endpoint', () => {
    test('the caller knows the target’s name and alias from its environment', () => {
      expect(resource(defaults.json, 'aws_lambda_function', 'fn_caller_function').environment.variables).toEqual({
        TARGET_FUNCTION_NAME: ref('aws_lambda_function', 'fn_target_function', 'function_name'),
        TARGET_QUALIFIER: 'live',
      });
      expect(resource(defaults.json, 'aws_lambda_function', 'fn_target_function').environment).toBeUndefined();
    });

    test('the caller’s role may invoke the target’s live alias and nothing else; the target gets no such right', () => {
      const { json } = defaults;
      expect(resource(json, 'aws_iam_role_policy', 'fn_caller_invoke_target_policy')).toEqual(
        expect.objectContaining({ role: ref('aws_iam_role', 'fn_caller_role'), policy: ref('data.aws_iam_policy_document', 'fn_caller_invoke_target_policy_document', 'json') }),
      );
      expect(json.data!.aws_iam_policy_document['fn_caller_invoke_target_policy_document'].statement).toEqual([
        { sid: 'InvokeTargetAlias', actions: ['lambda:InvokeFunction'], resources: [ref('aws_lambda_alias', 'fn_target_alias', 'arn')] },
      ]);
      expect(Object.keys(resources(json, 'aws_iam_role_policy'))).toEqual(['fn_caller_invoke_target_policy']);
    });
  });

  describe('refusals', () => {
    test('GIVEN an unknown endpoint service THEN the config names the field, the value, a suggestion and the allowed services', () => {
      const issue = issueAt(config({ endpoints: ['sts', 'secretmanager'] }), 'pattern.endpoints[1]');
      expect(issue.value).toBe('secretmanager');
      expect(issue.message).toMatch(/did you mean "secretsmanager"/);
      expect(issue.message).toContain(`use one of ${INTERFACE_ENDPOINT_SERVICES.join(', ')}`);
    });

    test('GIVEN new --endpoints with a typo THEN it exits 2 naming the field and the fix, and writes nothing', () => {
      const cwd = tempDir();
      const r = runCli(['new', 'app', '--pattern', 'endpoints', '--endpoints', 'sts,secretmanager', '--yes'], cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/egress\.endpoints\[1\] \(got "secretmanager"\): unknown endpoint service; did you mean "secretsmanager"\?/);
      expect(fs.existsSync(path.join(cwd, 'app'))).toBe(false);
    });

    test('GIVEN caller or target naming no function THEN the config is refused naming the option', () => {
      const issues = issuesOf(config({ target: 'missing' }));
      expect(issues).toEqual([expect.objectContaining({ field: 'pattern.target', message: expect.stringMatching(/no function named "missing"/) })]);
    });
  });

  terraformTest()('terraform validate and an offline plan succeed (default and chosen endpoints)', () => {
    for (const stack of [defaults, chosen]) {
      const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1' });
      expect(plan).toMatch(/aws_vpc_endpoint\.network_endpoints_lambda will be created/);
      expect(plan).not.toMatch(/aws_internet_gateway|aws_nat_gateway/);
    }
  });
});
