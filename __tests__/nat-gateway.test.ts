import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Testing } from 'cdktf';
import { validateConfig } from '../generator/config/validate';
import { VpcLambdaStack } from '../patterns/stack';
import { findResources, HANDLERS_DIR, rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';
import { plannedNetwork } from './helpers/variables';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import 'cdktf/lib/testing/adapters/jest';

describe('nat-gateway pattern', () => {
  const shared = synth(rawConfig({ pattern: { id: 'nat-gateway' } }));
  const perAz = synth(rawConfig({ availabilityZones: 3, pattern: { id: 'nat-gateway', natPerAz: true } }));

  describe('network', () => {
    test('GIVEN one shared NAT THEN every private route table sends 0.0.0.0/0 to that NAT gateway', () => {
      const { json } = shared;
      expect(Object.keys(resources(json, 'aws_nat_gateway'))).toEqual(['network_nat_gateway_a']);
      for (const az of ['a', 'b']) {
        const route = resource(json, 'aws_route', `network_private_default_route_${az}`);
        expect(route).toMatchObject({
          route_table_id: ref('aws_route_table', `network_private_route_table_${az}`),
          destination_cidr_block: '0.0.0.0/0',
          nat_gateway_id: ref('aws_nat_gateway', 'network_nat_gateway_a'),
        });
        expect(route.gateway_id).toBeUndefined();
      }
    });

    test('GIVEN natPerAz THEN each private subnet routes to the NAT gateway in its own AZ', () => {
      const { json } = perAz;
      for (const az of ['a', 'b', 'c']) {
        const nat = resource(json, 'aws_nat_gateway', `network_nat_gateway_${az}`);
        expect(nat.subnet_id).toBe(ref('aws_subnet', `network_public_subnet_${az}`));
        expect(resource(json, 'aws_route', `network_private_default_route_${az}`).nat_gateway_id).toBe(
          ref('aws_nat_gateway', `network_nat_gateway_${az}`),
        );
      }
    });

    test('the NAT gateway sits in a public subnet with an EIP, and public means a 0.0.0.0/0 route to the IGW', () => {
      const { json } = shared;
      const nat = resource(json, 'aws_nat_gateway', 'network_nat_gateway_a');
      expect(nat.allocation_id).toBe(ref('aws_eip', 'network_nat_eip_a', 'allocation_id'));
      expect(resource(json, 'aws_eip', 'network_nat_eip_a').domain).toBe('vpc');
      expect(resource(json, 'aws_route', 'network_public_default_route')).toMatchObject({
        route_table_id: ref('aws_route_table', 'network_public_route_table'),
        destination_cidr_block: '0.0.0.0/0',
        gateway_id: ref('aws_internet_gateway', 'network_internet_gateway'),
      });
      expect(resource(json, 'aws_route_table_association', 'network_public_route_table_association_a')).toMatchObject({
        subnet_id: nat.subnet_id,
        route_table_id: ref('aws_route_table', 'network_public_route_table'),
      });
    });

    test('Lambda subnets are associated with their private route table, never the public one', () => {
      const { json } = shared;
      for (const az of ['a', 'b']) {
        expect(resource(json, 'aws_route_table_association', `network_private_route_table_association_${az}`)).toEqual(
          expect.objectContaining({
            subnet_id: ref('aws_subnet', `network_private_subnet_${az}`),
            route_table_id: ref('aws_route_table', `network_private_route_table_${az}`),
          }),
        );
      }
      const publicAssociations = findResources(json, 'aws_route_table_association', {
        route_table_id: ref('aws_route_table', 'network_public_route_table'),
      }).map(([, a]) => a.subnet_id);
      expect(publicAssociations).not.toContain(ref('aws_subnet', 'network_private_subnet_a'));
    });

    test('the default security group is managed with no rules', () => {
      const sg = resource(shared.json, 'aws_default_security_group', 'network_default_security_group');
      expect(sg.vpc_id).toBe(ref('aws_vpc', 'network_vpc'));
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    });
  });

  describe('function', () => {
    const fn = () => resource(shared.json, 'aws_lambda_function', 'fn_api_function');

    test('runs in the private subnets of both AZs with its own security group', () => {
      expect(fn().vpc_config).toEqual({
        subnet_ids: [ref('aws_subnet', 'network_private_subnet_a'), ref('aws_subnet', 'network_private_subnet_b')],
        security_group_ids: [ref('aws_security_group', 'fn_api_security_group')],
      });
      expect(resource(shared.json, 'aws_security_group', 'fn_api_security_group').vpc_id).toBe(ref('aws_vpc', 'network_vpc'));
    });

    test('may only send HTTPS out, and nothing may reach it', () => {
      const { json } = shared;
      const egress = findResources(json, 'aws_vpc_security_group_egress_rule', {
        security_group_id: ref('aws_security_group', 'fn_api_security_group'),
      });
      expect(egress.map(([, r]) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port])).toEqual([['0.0.0.0/0', 'tcp', 443, 443]]);
      expect(
        findResources(json, 'aws_vpc_security_group_ingress_rule', { security_group_id: ref('aws_security_group', 'fn_api_security_group') }),
      ).toEqual([]);
    });

    test('its role has AWSLambdaVPCAccessExecutionRole and the function waits for it', () => {
      const { json } = shared;
      expect(resource(json, 'aws_iam_role_policy_attachment', 'fn_api_vpc_access_policy')).toMatchObject({
        role: ref('aws_iam_role', 'fn_api_role', 'name'),
        policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
      });
      expect(fn().role).toBe(ref('aws_iam_role', 'fn_api_role', 'arn'));
      expect(fn().depends_on).toEqual(
        expect.arrayContaining(['aws_iam_role_policy_attachment.fn_api_vpc_access_policy', 'aws_cloudwatch_log_group.fn_api_log_group']),
      );
    });

    test('logs to /aws/lambda/<name> with the configured retention', () => {
      expect(resource(shared.json, 'aws_cloudwatch_log_group', 'fn_api_log_group')).toMatchObject({
        name: '/aws/lambda/demo-api',
        retention_in_days: 30,
      });
      expect(fn().logging_config.log_group).toBe(ref('aws_cloudwatch_log_group', 'fn_api_log_group', 'name'));
    });

    test('publishes versions and its alias follows the published version, never a literal', () => {
      expect(fn().publish).toBe(true);
      const alias = resource(shared.json, 'aws_lambda_alias', 'fn_api_alias');
      expect(alias.function_version).toBe(ref('aws_lambda_function', 'fn_api_function', 'version'));
      expect(alias.function_version).not.toMatch(/^\d+$/);
    });

    test('moves onto the rule-less default security group before destroy', () => {
      expect(fn()).toMatchObject({
        replace_security_groups_on_destroy: true,
        replacement_security_group_ids: [ref('aws_default_security_group', 'network_default_security_group')],
      });
    });

    test('packages its code directory as a stable asset whose hash Terraform can verify', () => {
      expect(fn().filename).toMatch(/^assets\/code_[0-9a-f]{12}\/[0-9a-f]{64}\/archive\.zip$/);
      const archive = fs.readFileSync(path.join(shared.stackDir, fn().filename));
      expect(fn().source_code_hash).toBe(createHash('sha256').update(archive).digest('base64'));
    });
  });

  describe('Terraform a platform team can use', () => {
    test('provider constraint, region, default tags and a relative local state path', () => {
      const { json } = shared;
      expect(json.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '>= 5.100, < 7.0' });
      expect(json.terraform.backend).toEqual({ local: { path: '../../../terraform.demo.tfstate' } });
      expect(json.provider.aws[0]).toMatchObject({ region: 'eu-west-1', default_tags: [{ tags: '${merge(local.stack_tags, var.tags)}' }] });
      // Our tags, then var.tags (the config's, none here) on top.
      expect((json as typeof json & { locals: Record<string, unknown> }).locals.stack_tags).toEqual({ ManagedBy: 'vpc-lambda-gen', Stack: 'demo', Pattern: 'nat-gateway' });
      expect(json.variable!.tags.default).toEqual({});
    });

    test('S3 backend with native locking', () => {
      const { json } = synth(rawConfig({ backend: { type: 's3', bucket: 'tf-state-bucket' } }));
      expect(json.terraform.backend).toEqual({
        s3: { bucket: 'tf-state-bucket', key: 'demo/terraform.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
      });
    });

    test('described outputs for VPC, subnets and functions', () => {
      const { output } = shared.json;
      for (const name of ['vpc_id', 'private_subnet_ids', 'public_subnet_ids', 'function_names', 'function_alias_arns']) {
        expect(output[name].description).toEqual(expect.any(String));
      }
      expect(output.function_names.value).toEqual({ api: ref('aws_lambda_function', 'fn_api_function', 'function_name') });
    });

    test('no absolute path of the machine leaks into the output', () => {
      expect(shared.text).not.toContain(shared.projectDir);
      expect(shared.text).not.toMatch(/"\/(tmp|home|root|Users)\//);
    });

    terraformTest()('terraform validate and an offline plan succeed (shared and per-AZ NAT)', () => {
      for (const stack of [shared, perAz]) {
        const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1' });
        expect(plan).toMatch(/aws_nat_gateway\.network_nat_gateway_a will be created/);
      }
    });
  });

  test("with cdktf's own matchers", () => {
    const validated = validateConfig(rawConfig());
    const projectDir = path.dirname(HANDLERS_DIR); // templates/, so the source is handlers/egress-check/nodejs
    const stack = new VpcLambdaStack(Testing.app(), {
      validated: { ...validated, config: { ...validated.config, functions: [{ ...validated.config.functions[0], source: 'handlers/egress-check/nodejs' }] } },
      projectDir,
    });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(Subnet, { availability_zone: '${element(var.availability_zones, 1)}', cidr_block: '${cidrsubnet(var.vpc_cidr, 4, 1)}' });
    // With the variables at their defaults, that is eu-west-1b, 10.0.16.0/20.
    expect(plannedNetwork(JSON.parse(synthesized)).subnets.network_private_subnet_b).toEqual({ az: 'eu-west-1b', cidr: '10.0.16.0/20' });
    expect(synthesized).toHaveResourceWithProperties(NatGateway, { connectivity_type: 'public' });
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, { function_name: 'demo-api', publish: true });
    expect(synthesized).toHaveResourceWithProperties(LambdaAlias, { name: 'live' });
  });
});
