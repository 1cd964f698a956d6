/**
 * Adopting existing functions (--adopt-function): an import block, not a new function; moved into the
 * VPC with the role permissions it needs and a `live` alias that follows the version Terraform
 * publishes (the stale-alias trap); its code and settings stay its owner's unless `source` is given.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADOPTED_CODE_PLACEHOLDER, LAMBDA_VPC_ACCESS_POLICY_ARN } from '../patterns/blocks/vpc-function';
import { issueAt } from './helpers/config-issues';
import { runCli, tempDir } from './helpers/cli';
import { EXISTING, existingNetworkData } from './helpers/offline-data';
import { rawConfig, ref, resource, resources, synth, type TfJson } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';

const EXISTING_FLAGS = ['--vpc-id', EXISTING.vpcId, '--subnet-ids', EXISTING.subnetIds.join(',')];

function newProject(...flags: string[]): { dir: string; stackDir: string; json: TfJson & { import?: { to: string; id: string }[] } } {
  const cwd = tempDir();
  const r = runCli(['new', 'bf', ...flags, '--yes', '--no-install', '--no-local'], cwd);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const stackDir = path.join(cwd, 'bf', 'cdktf.out', 'stacks', 'bf');
  return { dir: path.join(cwd, 'bf'), stackDir, json: JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) };
}

describe('--adopt-function', () => {
  const adopted = newProject(...EXISTING_FLAGS, '--adopt-function', 'legacy-fn');
  const { json } = adopted;
  const fn = () => resource(json, 'aws_lambda_function', 'fn_legacy_fn_function');

  test('GIVEN legacy-fn THEN an import block takes it over: the function is imported, not created', () => {
    expect(json.import).toEqual([{ to: 'aws_lambda_function.fn_legacy_fn_function', id: 'legacy-fn' }]);
    expect(fn().function_name).toBe('legacy-fn');
    // The sample function is still created, and only it.
    expect(Object.keys(resources(json, 'aws_lambda_function')).sort()).toEqual(['fn_api_function', 'fn_legacy_fn_function']);
  });

  test('it moves into the Lambda subnets on a security group of its own', () => {
    expect(fn().vpc_config).toEqual({
      subnet_ids: ['${data.aws_subnet.network_private_subnet_0.id}', '${data.aws_subnet.network_private_subnet_1.id}'],
      security_group_ids: [ref('aws_security_group', 'fn_legacy_fn_security_group')],
    });
    expect(resource(json, 'aws_security_group', 'fn_legacy_fn_security_group').name).toBe('bf-legacy-fn-fn');
  });

  test('it keeps its own role, which gets the ENI permissions; no role is created for it', () => {
    expect(fn().role).toBe('${data.aws_lambda_function.fn_legacy_fn_adopted.role}');
    expect(json.data!.aws_lambda_function.fn_legacy_fn_adopted.function_name).toBe('legacy-fn');
    expect(resource(json, 'aws_iam_role_policy_attachment', 'fn_legacy_fn_vpc_access_policy')).toMatchObject({
      role: '${regex("[^/]+$", data.aws_lambda_function.fn_legacy_fn_adopted.role)}',
      policy_arn: LAMBDA_VPC_ACCESS_POLICY_ARN,
    });
    expect(Object.keys(resources(json, 'aws_iam_role'))).toEqual(['fn_api_role']);
  });

  test('its live alias follows the version Terraform publishes after the move, never a literal', () => {
    expect(fn().publish).toBe(true);
    const alias = resource(json, 'aws_lambda_alias', 'fn_legacy_fn_alias');
    expect(alias).toMatchObject({ name: 'live', function_version: ref('aws_lambda_function', 'fn_legacy_fn_function', 'version') });
  });

  test('its code and settings stay as they are, and a destroy of this stack cannot delete it', () => {
    expect(fn().filename).toBe(ADOPTED_CODE_PLACEHOLDER);
    for (const attribute of ['handler', 'runtime', 'memory_size', 'timeout', 'environment', 'source_code_hash']) expect(fn()[attribute]).toBeUndefined();
    expect(fn().lifecycle.prevent_destroy).toBe(true);
    expect(fn().lifecycle.ignore_changes).toEqual(expect.arrayContaining(['filename', 'source_code_hash', 'handler', 'runtime', 'environment', 'memory_size', 'package_type', 'tags']));
    expect(fn().lifecycle.ignore_changes).not.toContain('vpc_config');
    // Its logs stay as they are: no log group is created (it exists if the function ever ran).
    expect(Object.keys(resources(json, 'aws_cloudwatch_log_group'))).toEqual(['fn_api_log_group']);
    expect(fn().logging_config).toBeUndefined();
    expect(fs.existsSync(path.join(adopted.dir, 'functions', 'legacy-fn'))).toBe(false);
  });

  test('the saved config records the adoption, and the README names the stale-alias trap', () => {
    const config = JSON.parse(fs.readFileSync(path.join(adopted.dir, 'vpc-lambda-gen.json'), 'utf8'));
    expect(config.functions[1]).toMatchObject({ name: 'legacy-fn', adopt: { functionName: 'legacy-fn', liveAliasExists: false } });
    expect(config.functions[1].source).toBeUndefined();
    expect(fs.readFileSync(path.join(adopted.dir, 'README.md'), 'utf8')).toMatch(/any alias of its own still points at a version from before the move/);
  });

  test('GIVEN export THEN the hand-off keeps the import block beside the function, and the VPC ids as variables', () => {
    const out = path.join(tempDir(), 'handoff');
    const r = runCli(['export', out, '--dir', adopted.dir, '--no-fmt'], adopted.dir);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'functions.tf'), 'utf8')).toContain('import {\n  to = aws_lambda_function.fn_legacy_fn_function\n  id = "legacy-fn"\n}');
    const variables = fs.readFileSync(path.join(out, 'variables.tf'), 'utf8');
    for (const name of ['vpc_id', 'subnet_ids']) expect(variables).toContain(`variable "${name}"`);
    expect(variables).not.toContain('variable "vpc_cidr"');
  });

  terraformTest()('GIVEN legacy-fn THEN the stack plans offline, the function to be imported', () => {
    const data = existingNetworkData();
    delete data['data.aws_subnet.network_public_subnet'];
    const { plan } = validateAndPlan(adopted.stackDir, {
      region: 'eu-west-1',
      overrideData: { ...data, 'data.aws_lambda_function.fn_legacy_fn_adopted': { role: 'arn:aws:iam::123456789012:role/service-role/legacy-fn-role' } },
    });
    expect(plan).toMatch(/aws_lambda_function\.fn_legacy_fn_function will be imported/);
    expect(plan).toMatch(/Plan: 1 to import/);
    expect(plan).toMatch(/role\s+= "legacy-fn-role"/);
  });

  test('GIVEN NAME:live THEN its existing live alias is imported too; GIVEN another alias THEN refused', () => {
    const withAlias = newProject('--adopt-function', 'Legacy_Fn:live');
    expect(withAlias.json.import).toEqual([
      { to: 'aws_lambda_function.fn_legacy_fn_function', id: 'Legacy_Fn' },
      { to: 'aws_lambda_alias.fn_legacy_fn_alias', id: 'Legacy_Fn/live' },
    ]);
    const r = runCli(['new', 'x', '--adopt-function', 'legacy-fn:prod', '--yes', '--no-install'], tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--adopt-function \(got "legacy-fn:prod"\): use the function name, or NAME:live/);
  });
});

describe('adoption rules', () => {
  const adoptedFn = { name: 'legacy', adopt: { functionName: 'legacy-fn' } };

  test('GIVEN a pattern that wires an adopted function without source THEN refused: its environment is not ours', () => {
    const raw = rawConfig({ pattern: { id: 'endpoints', caller: 'legacy', target: 'target' }, functions: [adoptedFn, { name: 'target' }] });
    expect(issueAt(raw, 'pattern.caller').message).toMatch(/adopted function whose code and settings stay as they are/);
  });

  test('GIVEN the same function adopted twice THEN refused', () => {
    const raw = rawConfig({ functions: [{ name: 'api' }, adoptedFn, { ...adoptedFn, name: 'again' }] });
    expect(issueAt(raw, 'functions[2].adopt.functionName').message).toMatch(/adopts legacy-fn already/);
  });

  test('GIVEN an adopted function with a source THEN its code is managed and only its tags are left alone', () => {
    const { json } = synth(rawConfig({ functions: [{ name: 'api' }, { ...adoptedFn, source: 'functions/legacy' }] }));
    const fn = resource(json, 'aws_lambda_function', 'fn_legacy_function');
    expect(fn).toMatchObject({ function_name: 'legacy-fn', handler: 'index.handler', runtime: 'nodejs22.x', lifecycle: { prevent_destroy: true, ignore_changes: ['tags'] } });
    expect(fn.filename).toMatch(/^assets\/code_/);
  });
});
