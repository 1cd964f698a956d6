/**
 * `export OUTDIR` of a config with environments: one reusable module under modules/ (the union of the
 * environments' stacks, what only some have behind count on a switch each root sets; a module per
 * distinct structure only as the fallback) and a thin root module per environment under envs/, each
 * of which formats, validates and plans offline to what that environment's own stack has, with no
 * physical name shared between the environments' plans.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportProject, type ExportResult } from '../generator/export';
import { terraformFmt } from '../generator/terraform';
import type { RawConfig } from '../generator/config/schema';
import { tempDir } from './helpers/cli';
import { AMI_OVERRIDE } from './helpers/offline-data';
import { rawConfig, synth } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';

interface Exported {
  result: ExportResult;
  read(file: string): string;
  /** The environment's own synthesized stack (cdktf.out/stacks/demo-<env>/cdk.tf.json). */
  stack(env: string): { resource: Record<string, Record<string, unknown>> };
}

function exportEnvironments(config: Partial<RawConfig>): Exported {
  const { projectDir } = synth(rawConfig(config));
  const outDir = path.join(tempDir('vlg-export-envs-'), 'out');
  const result = exportProject({ dir: projectDir, outDir, fmt: false });
  return {
    result,
    read: (file) => fs.readFileSync(path.join(outDir, file), 'utf8'),
    stack: (env) => JSON.parse(fs.readFileSync(path.join(projectDir, 'cdktf.out', 'stacks', `demo-${env}`, 'cdk.tf.json'), 'utf8')),
  };
}

/** Addresses of the resources a plan creates: `module.demo.aws_nat_gateway.network_nat_gateway_b[0]`. */
function plannedAddresses(plan: string): string[] {
  return [...plan.matchAll(/^\s*# (module\.\S+) will be created$/gm)].map((m) => m[1]).sort();
}

/**
 * What the union module should plan for `env`: its own stack's resources, under module.demo, with
 * [0] for those not every environment's stack has (they are counted).
 */
function expectedAddresses(exported: Exported, envs: string[], env: string): string[] {
  const addresses = (e: string) => Object.entries(exported.stack(e).resource).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
  const everywhere = envs.map(addresses).reduce((a, b) => a.filter((x) => b.includes(x)));
  return addresses(env).map((a) => `module.demo.${a}${everywhere.includes(a) ? '' : '[0]'}`).sort();
}

/** Planned resources per type: `{ aws_nat_gateway: 2, ... }`. */
function countByType(addresses: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of addresses) {
    const type = a.replace(/^module\.demo\./, '').split('.')[0];
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** Physical names in a verbose plan: the values of the name-like arguments. */
function physicalNames(plan: string): Set<string> {
  return new Set([...plan.matchAll(/^\s*\+?\s*(?:name|function_name|creation_token|role_name)\s+= "([^"]+)"/gm)].map((m) => m[1]));
}

/** `code` spans of the README that look like a file or folder of the export. */
function readmeFileNames(readme: string): string[] {
  const spans = [...readme.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\s]+)`/g)].map((m) => m[1]);
  return [...new Set(spans.filter((s) => /^(\.gitignore|[\w./-]+\.(tf|json|zip|md|hcl)|[\w.-]+\/([\w.-]+\/)*)$/.test(s) && !s.includes('<') && s !== '.terraform.lock.hcl' && s !== '.terraform/'))].sort();
}

function planEnv(outDir: string, env: string): string {
  // The stack's data sources are the module's now (module "demo"); the AMI lookup when it has one.
  const module = /source = "\.\.\/\.\.\/(modules\/[\w-]+)"/.exec(fs.readFileSync(path.join(outDir, 'envs', env, 'main.tf'), 'utf8'))![1];
  const text = fs.readdirSync(path.join(outDir, module)).filter((f) => f.endsWith('.tf')).map((f) => fs.readFileSync(path.join(outDir, module, f), 'utf8')).join('\n');
  const overrideData = Object.fromEntries(
    Object.entries(AMI_OVERRIDE)
      .filter(([address]) => text.includes(`data "${address.split('.')[1]}" "${address.split('.')[2]}"`))
      .map(([address, values]) => [`module.demo.${address}`, values]),
  );
  return validateAndPlan(path.join(outDir, 'envs', env), { copyRoot: outDir, region: 'eu-west-1', overrideData }).plan;
}

describe('GIVEN dev and prod, prod with another CIDR, NAT per AZ and more memory, WHEN exported', () => {
  const exported = exportEnvironments({
    environments: { dev: {}, prod: { network: { cidr: '10.1.0.0/16' }, egress: { perAz: true }, functions: { api: { memoryMb: 1024 } } } },
  });
  const { result, read } = exported;

  test('THEN each environment has a thin root module, and one module serves both', () => {
    expect(result.environments).toEqual(['dev', 'prod']);
    expect(result.files.filter((f) => f.startsWith('modules/') && f.endsWith('versions.tf'))).toEqual(['modules/demo/versions.tf']);
    for (const env of ['dev', 'prod']) {
      for (const file of ['versions.tf', 'providers.tf', 'variables.tf', 'main.tf', 'outputs.tf', '.gitignore']) expect(result.files).toContain(`envs/${env}/${file}`);
      expect(read(`envs/${env}/versions.tf`)).toMatch(/required_version = ">= 1\.9\.0"[\s\S]*backend "local" \{\n {4}path = "terraform\.tfstate"/);
      expect(read(`envs/${env}/providers.tf`)).toMatch(/provider "aws" \{\n {2}region = var\.region\n\n {2}default_tags \{/);
      expect(read(`envs/${env}/providers.tf`)).toContain(`Environment = "${env}"`);
      expect(read(`envs/${env}/variables.tf`)).toMatch(/variable "region" \{[\s\S]*default {5}= "eu-west-1"/);
      expect(read(`envs/${env}/variables.tf`)).toContain('AZ names of ${var.region}'.replace('AZ names', 'distinct AZ names'));
      expect(read(`envs/${env}/main.tf`)).toContain('source = "../../modules/demo"');
      expect(read(`envs/${env}/main.tf`)).toContain(`name_prefix        = "demo-${env}"`);
      expect(read(`envs/${env}/outputs.tf`)).toMatch(/output "vpc_id" \{\n {2}description = .*\n {2}value {7}= module\.demo\.vpc_id\n\}/);
    }
    // The module: no backend, no provider configuration, the archive from its own folder.
    expect(read('modules/demo/versions.tf')).not.toMatch(/backend "|^provider "/m);
    expect(result.files.some((f) => f.startsWith('modules/') && f.endsWith('providers.tf'))).toBe(false);
    expect(result.files).toContain('modules/demo/assets/api.zip');
    expect(read('modules/demo/functions.tf')).toContain('filename                           = "${path.module}/assets/api.zip"');
    expect(result.files.some((f) => /^modules\/demo-/.test(f))).toBe(false);
  });

  test('THEN the second NAT and its EIP are counted on nat_per_az, which each root sets, and every reference to them is safe', () => {
    const network = read('modules/demo/network.tf');
    expect(network).toMatch(/resource "aws_eip" "network_nat_eip_b" \{\n {2}count {2}= var\.nat_per_az \? 1 : 0\n/);
    expect(network).toMatch(/resource "aws_nat_gateway" "network_nat_gateway_b" \{\n {2}count {13}= var\.nat_per_az \? 1 : 0\n {2}allocation_id {5}= aws_eip\.network_nat_eip_b\[0\]\.allocation_id\n/);
    // The shared NAT and everything every environment has stay uncounted.
    expect(network).toMatch(/resource "aws_nat_gateway" "network_nat_gateway_a" \{\n {2}allocation_id/);
    // The second AZ's route: to its own NAT where there is one, else to the shared one.
    expect(network).toMatch(/resource "aws_route" "network_private_default_route_b" \{[^}]*nat_gateway_id {9}= var\.nat_per_az \? one\(aws_nat_gateway\.network_nat_gateway_b\[\*\]\.id\) : aws_nat_gateway\.network_nat_gateway_a\.id\n/);
    // No bare reference to a counted resource anywhere (it would fail where count is 0).
    const module = result.files.filter((f) => f.startsWith('modules/demo/') && f.endsWith('.tf')).map((f) => read(f)).join('\n');
    expect(module).not.toMatch(/aws_(nat_gateway\.network_nat_gateway|eip\.network_nat_eip)_b\.(?!\w*\])/);
    expect(read('modules/demo/outputs.tf')).toContain('concat([aws_eip.network_nat_eip_a.public_ip], var.nat_per_az ? [one(aws_eip.network_nat_eip_b[*].public_ip)] : [])');
    expect(read('modules/demo/variables.tf')).toMatch(/variable "nat_per_az" \{\n {2}description = "One NAT per AZ rather than one shared \(egress\.perAz\); decides aws_eip\.network_nat_eip_b, aws_nat_gateway\.network_nat_gateway_b, .*\(dev: false, prod: true\)"\n {2}type {8}= bool\n\}/);
    expect(read('envs/dev/main.tf')).toMatch(/\n {2}nat_per_az {9}= false\n/);
    expect(read('envs/prod/main.tf')).toMatch(/\n {2}nat_per_az {9}= true\n/);
    // A difference a config field names needs no generic environment switch.
    expect(module).not.toContain('var.environment');
  });

  test('THEN the values that differ are module inputs without a default, and each root passes its own', () => {
    const variables = read('modules/demo/variables.tf');
    expect(variables).toMatch(/variable "api_memory_size" \{\n {2}description = "memory_size of aws_lambda_function\.fn_api_function, which differs between the environments \(dev: 256, prod: 1024\)"\n {2}type {8}= number\n\}/);
    expect(variables).toMatch(/variable "vpc_cidr" \{\n {2}description = .*\n {2}type {8}= string\n\n/);
    expect(read('modules/demo/functions.tf')).toMatch(/memory_size\s+= var\.api_memory_size/);
    expect(read('envs/dev/main.tf')).toMatch(/vpc_cidr\s+= "10\.0\.0\.0\/16"\n\s+api_memory_size\s+= 256\n/);
    expect(read('envs/prod/main.tf')).toMatch(/vpc_cidr\s+= "10\.1\.0\.0\/16"\n\s+api_memory_size\s+= 1024\n/);
  });

  test('THEN the README has the per-environment table and the switches, and every file it names is in the folder', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/\| dev \| `envs\/dev\/` \| `demo-dev` \| `modules\/demo\/` \| eu-west-1 \| `10\.0\.0\.0\/16` \| eu-west-1a, eu-west-1b \| nat-gateway, one shared \| \$[\d.]+ \|/);
    expect(readme).toMatch(/\| prod \| `envs\/prod\/` \| `demo-prod` \| `modules\/demo\/` \| eu-west-1 \| `10\.1\.0\.0\/16` \| eu-west-1a, eu-west-1b \| nat-gateway, one per AZ \| \$[\d.]+ \|/);
    expect(readme).toMatch(/\| `nat_per_az` \(`bool`\) \| `var\.nat_per_az` \| `false` \| `true` \| creates `aws_eip\.network_nat_eip_b`, `aws_nat_gateway\.network_nat_gateway_b`[^|]*; picks [^|]*`aws_route\.network_private_default_route_b\.nat_gateway_id`/);
    expect(readme).not.toContain('differ in structure, not only in values');
    expect(readme).toMatch(/### dev\n```\n[\s\S]*OK: \d+ passed, 0 failed[\s\S]*### prod\n```\n[\s\S]*OK: \d+ passed, 0 failed/);
    const named = readmeFileNames(readme);
    expect(named).toEqual(expect.arrayContaining(['envs/dev/', 'modules/demo/functions.tf', 'modules/demo/assets/api.zip', 'vpc-lambda-gen.json', '.gitignore']));
    const present = new Set([...result.files, ...result.files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`))]);
    expect(named.filter((f) => !present.has(f))).toEqual([]);
  });

  terraformTest()("THEN envs/dev and envs/prod are fmt-clean, validate, plan what each environment's own stack has, and share no physical name", () => {
    const plans: Record<string, string> = {};
    for (const dir of [...new Set(result.files.filter((f) => f.endsWith('.tf')).map((f) => path.dirname(f)))]) expect(terraformFmt(path.join(result.outDir, dir), { check: true })).toBe(true);
    for (const env of ['dev', 'prod']) {
      plans[env] = planEnv(result.outDir, env);
      expect(plans[env]).toContain('Success! 1 passed, 0 failed.');
      expect(plans[env]).toMatch(new RegExp(`function_name\\s+= "demo-${env}-api"`));
      const planned = plannedAddresses(plans[env]);
      expect(planned).toEqual(expectedAddresses(exported, ['dev', 'prod'], env));
      expect(countByType(planned)).toEqual(countByType(Object.entries(exported.stack(env).resource).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`))));
    }
    expect(countByType(plannedAddresses(plans.dev)).aws_nat_gateway).toBe(1);
    expect(countByType(plannedAddresses(plans.prod)).aws_nat_gateway).toBe(2);
    expect(plannedAddresses(plans.prod)).toContain('module.demo.aws_nat_gateway.network_nat_gateway_b[0]');
    expect(plans.prod).toMatch(/memory_size\s+= 1024/);
    expect(plans.dev).toMatch(/memory_size\s+= 256/);
    expect(plans.prod).toMatch(/cidr_block\s+= "10\.1\.0\.0\/16"/);
    const dev = physicalNames(plans.dev);
    const prod = physicalNames(plans.prod);
    expect(dev.size).toBeGreaterThan(3);
    // An alias's name is its function's ("demo-dev-api:live"), not the account's.
    expect([...dev].filter((n) => prod.has(n) && n !== 'live')).toEqual([]);
  });
});

describe('GIVEN dev and prod that differ only in values WHEN exported', () => {
  const { result, read } = exportEnvironments({
    functions: [{ name: 'api', environment: { LOG_LEVEL: 'debug' } }],
    environments: { dev: {}, prod: { network: { cidr: '10.1.0.0/16' }, functions: { api: { memoryMb: 1024, environment: { LOG_LEVEL: 'warn', SAMPLE_RATE: '0.1' } } } } },
  });

  test('THEN one module serves both, with an input for each differing value', () => {
    expect(result.files.filter((f) => f.startsWith('modules/') && f.endsWith('versions.tf'))).toEqual(['modules/demo/versions.tf']);
    for (const env of ['dev', 'prod']) expect(read(`envs/${env}/main.tf`)).toContain('source = "../../modules/demo"');
    expect(read('modules/demo/variables.tf')).toMatch(/variable "api_memory_size" \{/);
    expect(read('envs/prod/main.tf')).toMatch(/api_memory_size\s+= 1024/);
    // Environment variables with other keys are one map input.
    expect(read('modules/demo/variables.tf')).toMatch(/variable "api_environment_variables" \{\n.*\n {2}type {8}= map\(string\)\n\}/);
    expect(read('envs/prod/main.tf')).toMatch(/api_environment_variables = \{\n\s+LOG_LEVEL\s+= "warn"\n\s+SAMPLE_RATE = "0\.1"\n/);
    expect(read('README.md')).not.toContain('differ in structure');
  });

  terraformTest()('THEN prod validates and plans offline with its values', () => {
    const plan = planEnv(result.outDir, 'prod');
    expect(plan).toMatch(/memory_size\s+= 1024/);
    expect(plan).toMatch(/function_name\s+= "demo-prod-api"/);
  });
});

describe('GIVEN prod with a third AZ and the SSM host, dev with neither, WHEN exported', () => {
  const exported = exportEnvironments({
    availabilityZones: 2,
    environments: { dev: {}, prod: { availabilityZones: 3, ssmHost: true } },
  });
  const { result, read } = exported;

  test('THEN one module holds both; the third AZ follows availability_zones and the SSM host ssm_host', () => {
    expect(result.files.filter((f) => f.startsWith('modules/') && f.endsWith('versions.tf'))).toEqual(['modules/demo/versions.tf']);
    const network = read('modules/demo/network.tf');
    for (const r of ['aws_subnet" "network_private_subnet_c', 'aws_route_table" "network_private_route_table_c', 'aws_subnet" "network_public_subnet_c']) {
      expect(network).toMatch(new RegExp(`resource "${r}" \\{\\n {2}count +\\= length\\(var\\.availability_zones\\) > 2 \\? 1 : 0\\n`));
    }
    expect(network).toMatch(/resource "aws_route_table_association" "network_private_route_table_association_c" \{\n {2}count +\= length\(var\.availability_zones\) > 2 \? 1 : 0\n {2}route_table_id = aws_route_table\.network_private_route_table_c\[0\]\.id\n {2}subnet_id {6}= aws_subnet\.network_private_subnet_c\[0\]\.id\n/);
    // The function's subnets grow with the AZs; the public subnets' offsets follow the AZ count.
    expect(read('modules/demo/functions.tf')).toContain('subnet_ids         = concat([aws_subnet.network_private_subnet_a.id, aws_subnet.network_private_subnet_b.id], length(var.availability_zones) > 2 ? [one(aws_subnet.network_private_subnet_c[*].id)] : [])');
    expect(network).toContain('cidr_block              = length(var.availability_zones) > 2 ? cidrsubnet(var.vpc_cidr, 8, 48) : cidrsubnet(var.vpc_cidr, 8, 32)');
    expect(result.files).toContain('modules/demo/ssm-host.tf');
    const ssm = read('modules/demo/ssm-host.tf');
    expect(ssm).toMatch(/resource "aws_instance" "ssm_host_instance" \{\n {2}count +\= var\.ssm_host \? 1 : 0\n/);
    // The AMI lookup only the host reads is counted with it, and lands in its file.
    expect(ssm).toMatch(/data "aws_ssm_parameter" "al2023_arm64_ami" \{\n {2}count \= var\.ssm_host \? 1 : 0\n/);
    expect(read('modules/demo/outputs.tf')).toMatch(/output "ssm_host_instance_id" \{\n.*\n {2}value {7}= var\.ssm_host \? one\(aws_instance\.ssm_host_instance\[\*\]\.id\) : null\n/);
    // The module takes any AZ count; each root checks its own.
    expect(read('modules/demo/variables.tf')).toMatch(/variable "availability_zones" \{\n {2}description = "[^"]*; each environment's root module checks its own value"\n {2}type {8}= list\(string\)\n\}/);
    expect(read('envs/prod/variables.tf')).toMatch(/default {5}= \["eu-west-1a", "eu-west-1b", "eu-west-1c"\]/);
    expect(read('envs/prod/variables.tf')).toContain('length(var.availability_zones) == 3');
    expect(read('envs/dev/variables.tf')).toContain('length(var.availability_zones) == 2');
    expect(read('envs/prod/main.tf')).toMatch(/\n {2}ssm_host {11}= true\n/);
    expect(read('envs/dev/main.tf')).toMatch(/\n {2}ssm_host {11}= false\n/);
    expect(read('modules/demo/variables.tf')).not.toContain('variable "environment"');
    expect(read('README.md')).toMatch(/\| `availability_zones` \| `length\(var\.availability_zones\) > 2` \| `false` \| `true` \| creates [^|]*`aws_subnet\.network_private_subnet_c`/);
    expect(read('README.md')).toMatch(/\| `ssm_host` \(`bool`\) \| `var\.ssm_host` \| `false` \| `true` \| creates [^|]*`aws_instance\.ssm_host_instance`/);
  });

  terraformTest()("THEN both are fmt-clean, validate and plan what each environment's own stack has", () => {
    for (const dir of ['modules/demo', 'envs/dev', 'envs/prod']) expect(terraformFmt(path.join(result.outDir, dir), { check: true })).toBe(true);
    for (const env of ['dev', 'prod']) {
      const plan = planEnv(result.outDir, env);
      expect(plan).toContain('Success! 1 passed, 0 failed.');
      const planned = plannedAddresses(plan);
      expect(planned).toEqual(expectedAddresses(exported, ['dev', 'prod'], env));
      expect(countByType(planned).aws_subnet).toBe(env === 'prod' ? 6 : 4);
      expect(countByType(planned).aws_instance ?? 0).toBe(env === 'prod' ? 1 : 0);
    }
  });
});

describe('GIVEN a function with environment variables in prod only WHEN exported', () => {
  const exported = exportEnvironments({
    environments: { dev: {}, prod: { functions: { api: { environment: { LOG_LEVEL: 'warn' } } } } },
  });
  const { result, read } = exported;

  test('THEN the environment block is dynamic, on the generic environment switch, since no structure field names it', () => {
    expect(read('modules/demo/functions.tf')).toMatch(/ {2}dynamic "environment" \{\n {4}for_each = var\.environment == "prod" \? \[1\] : \[\]\n\n {4}content \{\n {6}variables = \{\n {8}LOG_LEVEL = "warn"\n {6}\}\n {4}\}\n {2}\}/);
    expect(read('modules/demo/variables.tf')).toMatch(/variable "environment" \{\n.*\n {2}type {8}= string\n\}/);
    expect(read('envs/dev/main.tf')).toMatch(/environment {8}= "dev"/);
    expect(read('README.md')).toContain('`environment` is the generic switch');
  });

  terraformTest()('THEN both validate and plan, the variables in prod only', () => {
    expect(terraformFmt(path.join(result.outDir, 'modules', 'demo'), { check: true })).toBe(true);
    const plans = Object.fromEntries(['dev', 'prod'].map((env) => [env, planEnv(result.outDir, env)]));
    expect(plans.prod).toMatch(/\+ environment \{\n\s+\+ variables = \{\n\s+\+ "LOG_LEVEL" = "warn"/);
    expect(plans.dev).not.toMatch(/\+ environment \{/);
    for (const env of ['dev', 'prod']) expect(plannedAddresses(plans[env])).toEqual(expectedAddresses(exported, ['dev', 'prod'], env));
  });
});

describe('GIVEN dev, stg with 3 AZs, and prod with 3 AZs, NAT per AZ, the SSM host and environment variables, WHEN exported', () => {
  const envs = ['dev', 'stg', 'prod'];
  const exported = exportEnvironments({
    environments: { dev: {}, stg: { availabilityZones: 3 }, prod: { availabilityZones: 3, egress: { perAz: true }, ssmHost: true, functions: { api: { environment: { LOG_LEVEL: 'warn' } } } } },
  });
  const { result, read } = exported;

  test('THEN one module; the third NAT needs both switches, and each further NAT IP is listed on its own condition', () => {
    expect(result.files.filter((f) => f.startsWith('modules/') && f.endsWith('versions.tf'))).toEqual(['modules/demo/versions.tf']);
    expect(read('modules/demo/network.tf')).toMatch(/resource "aws_nat_gateway" "network_nat_gateway_c" \{\n {2}count +\= var\.nat_per_az && length\(var\.availability_zones\) > 2 \? 1 : 0\n/);
    expect(read('modules/demo/outputs.tf')).toContain('concat([aws_eip.network_nat_eip_a.public_ip], var.nat_per_az ? [one(aws_eip.network_nat_eip_b[*].public_ip)] : [], var.nat_per_az && length(var.availability_zones) > 2 ? [one(aws_eip.network_nat_eip_c[*].public_ip)] : [])');
    expect(read('envs/stg/main.tf')).toMatch(/ssm_host {11}= false\n {2}nat_per_az {9}= false\n {2}environment {8}= "stg"\n/);
  });

  terraformTest()("THEN each environment plans what its own stack has", () => {
    for (const env of envs) {
      const planned = plannedAddresses(planEnv(result.outDir, env));
      expect(planned).toEqual(expectedAddresses(exported, envs, env));
      expect(countByType(planned).aws_nat_gateway).toBe(env === 'prod' ? 3 : 1);
    }
  });
});

describe('GIVEN dev and prod whose VPCs differ in size WHEN exported', () => {
  // The subnets of a /20 are carved with other offsets, and vpc_cidr's check differs: no one module.
  const { result, read } = exportEnvironments({
    environments: { dev: {}, prod: { network: { cidr: '10.1.0.0/20', privateSubnetMask: 22, publicSubnetMask: 26 } } },
  });

  test('THEN each structure falls back to a module of its own, and the README says why', () => {
    expect(result.files.filter((f) => f.startsWith('modules/') && f.endsWith('versions.tf'))).toEqual(['modules/demo-dev/versions.tf', 'modules/demo-prod/versions.tf']);
    expect(read('envs/prod/main.tf')).toContain('source = "../../modules/demo-prod"');
    expect(read('README.md')).toMatch(/could not be built safely here:\nvariable vpc_cidr is checked differently in each environment\. So each distinct structure has a module of its own/);
  });

  terraformTest()('THEN both plan offline', () => {
    for (const env of ['dev', 'prod']) expect(planEnv(result.outDir, env)).toContain('Success! 1 passed, 0 failed.');
  });
});

describe('GIVEN privatelink with the consumer in another account, in dev and prod', () => {
  const { result, read } = exportEnvironments({
    pattern: { id: 'privatelink', allowedPrincipals: ['123456789012'], consumerAccountId: '210987654321' },
    functions: [{ name: 'caller' }, { name: 'target' }],
    environments: { dev: {}, prod: { network: { cidr: '10.2.0.0/16' } } },
  });

  test('THEN the module declares the aliased provider, and each root configures it and passes it in', () => {
    expect(read('modules/demo/versions.tf')).toMatch(/configuration_aliases = \[aws\.consumer\]/);
    expect(read('envs/prod/providers.tf')).toMatch(/alias += "consumer"/);
    expect(read('envs/prod/main.tf')).toMatch(/providers = \{\n {4}aws {10}= aws\n {4}aws\.consumer = aws\.consumer\n {2}\}/);
  });

  terraformTest()('THEN prod validates and plans offline with both providers', () => {
    expect(terraformFmt(path.join(result.outDir, 'envs', 'prod'), { check: true })).toBe(true);
    expect(terraformFmt(path.join(result.outDir, 'modules', 'demo'), { check: true })).toBe(true);
    expect(planEnv(result.outDir, 'prod')).toContain('Success! 1 passed, 0 failed.');
  });
});
