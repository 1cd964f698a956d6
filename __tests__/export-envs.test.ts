/**
 * `export OUTDIR` of a config with environments: a reusable module under modules/ (one per distinct
 * structure) and a thin root module per environment under envs/, each of which formats, validates
 * and plans offline, with no physical name shared between the environments' plans.
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
}

function exportEnvironments(config: Partial<RawConfig>): Exported {
  const { projectDir } = synth(rawConfig(config));
  const outDir = path.join(tempDir('vlg-export-envs-'), 'out');
  const result = exportProject({ dir: projectDir, outDir, fmt: false });
  return { result, read: (file) => fs.readFileSync(path.join(outDir, file), 'utf8') };
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
  const { result, read } = exportEnvironments({
    environments: { dev: {}, prod: { network: { cidr: '10.1.0.0/16' }, egress: { perAz: true }, functions: { api: { memoryMb: 1024 } } } },
  });

  test('THEN each environment has a thin root module, and the structures (one NAT, one per AZ) a module each', () => {
    expect(result.environments).toEqual(['dev', 'prod']);
    for (const env of ['dev', 'prod']) {
      for (const file of ['versions.tf', 'providers.tf', 'variables.tf', 'main.tf', 'outputs.tf', '.gitignore']) expect(result.files).toContain(`envs/${env}/${file}`);
      expect(read(`envs/${env}/versions.tf`)).toMatch(/required_version = ">= 1\.9\.0"[\s\S]*backend "local" \{\n {4}path = "terraform\.tfstate"/);
      expect(read(`envs/${env}/providers.tf`)).toMatch(/provider "aws" \{\n {2}region = var\.region\n\n {2}default_tags \{/);
      expect(read(`envs/${env}/providers.tf`)).toContain(`Environment = "${env}"`);
      expect(read(`envs/${env}/variables.tf`)).toMatch(/variable "region" \{[\s\S]*default {5}= "eu-west-1"/);
      expect(read(`envs/${env}/variables.tf`)).toContain('AZ names of ${var.region}'.replace('AZ names', 'distinct AZ names'));
      expect(read(`envs/${env}/main.tf`)).toContain(`source = "../../modules/demo-${env}"`);
      expect(read(`envs/${env}/main.tf`)).toContain(`name_prefix        = "demo-${env}"`);
      expect(read(`envs/${env}/outputs.tf`)).toMatch(/output "vpc_id" \{\n {2}description = .*\n {2}value {7}= module\.demo\.vpc_id\n\}/);
      // The module: no backend, no provider configuration, the archive from its own folder.
      const module = `modules/demo-${env}`;
      expect(read(`${module}/versions.tf`)).not.toMatch(/backend "|^provider "/m);
      expect(result.files.some((f) => f.startsWith(`${module}/`) && f.endsWith('providers.tf'))).toBe(false);
      expect(result.files).toContain(`${module}/assets/api.zip`);
      expect(read(`${module}/functions.tf`)).toContain('filename                           = "${path.module}/assets/api.zip"');
    }
    expect(read('modules/demo-prod/network.tf')).toContain('resource "aws_nat_gateway" "network_nat_gateway_b"');
    expect(read('modules/demo-dev/network.tf')).not.toContain('network_nat_gateway_b');
    expect(read('README.md')).toMatch(/differ in structure[\s\S]*`aws_nat_gateway\.network_nat_gateway_b`/);
  });

  test('THEN the values that differ are module inputs without a default, and each root passes its own', () => {
    for (const env of ['dev', 'prod']) {
      const variables = read(`modules/demo-${env}/variables.tf`);
      expect(variables).toMatch(/variable "api_memory_size" \{\n {2}description = "memory_size of aws_lambda_function\.fn_api_function, which differs between the environments \(dev: 256, prod: 1024\)"\n {2}type {8}= number\n\}/);
      expect(variables).toMatch(/variable "vpc_cidr" \{\n {2}description = .*\n {2}type {8}= string\n\n/);
      expect(read(`modules/demo-${env}/functions.tf`)).toMatch(/memory_size\s+= var\.api_memory_size/);
    }
    expect(read('envs/dev/main.tf')).toMatch(/vpc_cidr\s+= "10\.0\.0\.0\/16"\n\s+api_memory_size\s+= 256\n/);
    expect(read('envs/prod/main.tf')).toMatch(/vpc_cidr\s+= "10\.1\.0\.0\/16"\n\s+api_memory_size\s+= 1024\n/);
  });

  test('THEN the README has the per-environment table, and every file it names is in the folder', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/\| dev \| `envs\/dev\/` \| `demo-dev` \| `modules\/demo-dev\/` \| eu-west-1 \| `10\.0\.0\.0\/16` \| eu-west-1a, eu-west-1b \| nat-gateway, one shared \| \$[\d.]+ \|/);
    expect(readme).toMatch(/\| prod \| `envs\/prod\/` \| `demo-prod` \| `modules\/demo-prod\/` \| eu-west-1 \| `10\.1\.0\.0\/16` \| eu-west-1a, eu-west-1b \| nat-gateway, one per AZ \| \$[\d.]+ \|/);
    expect(readme).toMatch(/### dev\n```\n[\s\S]*OK: \d+ passed, 0 failed[\s\S]*### prod\n```\n[\s\S]*OK: \d+ passed, 0 failed/);
    const named = readmeFileNames(readme);
    expect(named).toEqual(expect.arrayContaining(['envs/dev/', 'modules/demo-prod/functions.tf', 'modules/demo-prod/assets/api.zip', 'vpc-lambda-gen.json', '.gitignore']));
    const present = new Set([...result.files, ...result.files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`))]);
    expect(named.filter((f) => !present.has(f))).toEqual([]);
  });

  terraformTest()('THEN envs/dev and envs/prod are fmt-clean, validate and plan offline, and share no physical name', () => {
    const plans: Record<string, string> = {};
    for (const dir of [...new Set(result.files.filter((f) => f.endsWith('.tf')).map((f) => path.dirname(f)))]) expect(terraformFmt(path.join(result.outDir, dir), { check: true })).toBe(true);
    for (const env of ['dev', 'prod']) {
      plans[env] = planEnv(result.outDir, env);
      expect(plans[env]).toContain('Success! 1 passed, 0 failed.');
      expect(plans[env]).toMatch(new RegExp(`function_name\\s+= "demo-${env}-api"`));
    }
    expect(plans.prod).toMatch(/memory_size\s+= 1024/);
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
  const { result, read } = exportEnvironments({
    availabilityZones: 2,
    environments: { dev: {}, prod: { availabilityZones: 3, ssmHost: true } },
  });

  test('THEN each structure has its module, and the README says why', () => {
    expect(read('modules/demo-prod/network.tf')).toMatch(/network_private_subnet_c/);
    expect(read('modules/demo-dev/network.tf')).not.toMatch(/network_private_subnet_c/);
    expect(result.files).toContain('modules/demo-prod/ssm-host.tf');
    expect(result.files).not.toContain('modules/demo-dev/ssm-host.tf');
    expect(read('envs/prod/variables.tf')).toMatch(/default {5}= \["eu-west-1a", "eu-west-1b", "eu-west-1c"\]/);
    expect(read('README.md')).toMatch(/differ in structure, not only in values: prod has `aws_iam_instance_profile\.ssm_host_ssm_profile`, [^;]* and \d+ more\./);
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
