/**
 * Environments in the config: each one is the base config with its overrides merged in, validated as
 * a config of its own (issues named where the user fixes them), with its own stack name, state and
 * physical names; the app builds one stack per environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ConfigError } from '../generator/config/errors';
import type { RawConfig } from '../generator/config/schema';
import { validateConfig } from '../generator/config/validate';
import { buildApp } from '../patterns/app';
import { issueAt, issuesOf } from './helpers/config-issues';
import { HANDLERS_DIR, rawConfig } from './helpers/synth';
import { makeTempDir } from './helpers/temp';

const EXISTING = { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5a60718'] };

const withEnvironments = (environments: Record<string, unknown>, base: Partial<RawConfig> = {}) =>
  rawConfig({ ...base, environments } as Partial<RawConfig>);

const envConfig = (raw: unknown, env: string) => {
  const found = validateConfig(raw).environments?.find((e) => e.env === env);
  if (!found) throw new Error(`no environment ${env}`);
  return found.validated;
};

describe('environments: merged and validated per environment', () => {
  test('GIVEN dev and prod with overrides WHEN validated THEN each is the base with its own values, named <name>-<env>', () => {
    const raw = withEnvironments(
      {
        dev: {},
        prod: { network: { cidr: '10.1.0.0/16' }, egress: { perAz: true }, availabilityZones: 3, functions: { api: { memoryMb: 1024, environment: { STAGE: 'prod' } } }, tags: { CostCenter: 'prod-42' } },
      },
      { tags: { Owner: 'team' }, functions: [{ name: 'api', environment: { LOG_LEVEL: 'info' } }] },
    );
    const { config, environments } = validateConfig(raw);
    expect(config.name).toBe('demo');
    expect(environments!.map((e) => e.env)).toEqual(['dev', 'prod']);
    const [dev, prod] = environments!.map((e) => e.validated);
    expect(dev.config).toMatchObject({ name: 'demo-dev', environment: 'dev', network: { cidr: '10.0.0.0/16' }, egress: { perAz: false } });
    expect(dev.config.functions[0]).toMatchObject({ memoryMb: 256, environment: { LOG_LEVEL: 'info' } });
    expect(prod.config).toMatchObject({ name: 'demo-prod', environment: 'prod', network: { cidr: '10.1.0.0/16' }, egress: { perAz: true }, tags: { Owner: 'team', CostCenter: 'prod-42' } });
    expect(prod.config.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(prod.config.functions[0]).toMatchObject({ memoryMb: 1024, environment: { LOG_LEVEL: 'info', STAGE: 'prod' } });
    expect(prod.subnets.map((s) => s.privateCidr)).toEqual(['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/20']);
  });

  test('another region keeps the number of AZs, not the base region\'s names', () => {
    const prod = envConfig(withEnvironments({ prod: { region: 'us-east-1' } }, { availabilityZones: ['eu-west-1a', 'eu-west-1c'] }), 'prod');
    expect(prod.config.availabilityZones).toEqual(['us-east-1a', 'us-east-1b']);
  });

  test('an environment\'s egress replaces a legacy pattern field of the base (natPerAz) instead of clashing with it', () => {
    const prod = envConfig(withEnvironments({ prod: { egress: { perAz: true } } }, { pattern: { id: 'nat-instance', natPerAz: false } }), 'prod');
    expect(prod.config.egress).toMatchObject({ type: 'nat-instance', perAz: true });
  });

  test('network.existing in an environment replaces the whole network: its own VPC, nothing created', () => {
    const prod = envConfig(withEnvironments({ prod: { network: { existing: EXISTING } } }, { network: { cidr: '10.9.0.0/16' } }), 'prod');
    expect(prod.config.network).toEqual({ existing: expect.objectContaining(EXISTING) });
    expect(prod.subnets).toEqual([]);
  });

  test('S3 state: each environment under its own key by default', () => {
    const raw = withEnvironments({ dev: {}, prod: {} }, { backend: { type: 's3', bucket: 'team-tfstate' } });
    expect(validateConfig(raw).environments!.map((e) => e.validated.config.backend)).toEqual([
      expect.objectContaining({ type: 's3', bucket: 'team-tfstate' }),
      expect.objectContaining({ type: 's3', bucket: 'team-tfstate' }),
    ]);
  });
});

describe('environments: refusals name the field to fix', () => {
  test.each([
    ['pro-d', /1–10 lowercase letters and digits/],
    ['Prod', /1–10 lowercase letters and digits/],
    ['production1', /1–10 lowercase letters and digits/],
  ])('environment name %s is refused', (env, message) => {
    expect(issueAt(withEnvironments({ [env]: {} }), `environments.${env}`).message).toMatch(message);
  });

  test('an empty map is refused: one stack is no environments at all', () => {
    expect(issueAt(withEnvironments({}), 'environments').message).toMatch(/names no environment/);
  });

  test('name and environment over the stack name budget: refused naming the environment, the length and the budget', () => {
    const issue = issueAt(withEnvironments({ staging: {} }, { name: 'orders-service-xy' }), 'environments.staging');
    expect(issue.message).toMatch(/"orders-service-xy-staging" has 25 characters; name and environment together may have 20/);
  });

  test('an override\'s own bad value is named at environments.<env>.<field>', () => {
    expect(issueAt(withEnvironments({ prod: { functions: { api: { memoryMb: 64 } } } }), 'environments.prod.functions.api.memoryMb').message).toMatch(/at least 128 MB/);
    expect(issueAt(withEnvironments({ prod: { network: { cidr: '10.1.0.1/16' } } }), 'environments.prod.network.cidr').message).toMatch(/did you mean "10.1.0.0\/16"/);
    expect(issueAt(withEnvironments({ prod: { region: 'eu-west-9' } }), 'environments.prod.region').message).toMatch(/unknown AWS region/);
  });

  test('a base value that does not fit the environment is named with the environment and the base field', () => {
    // The base's explicit subnets lie outside the environment's VPC.
    const raw = withEnvironments({ prod: { network: { cidr: '10.1.0.0/16' } } }, { network: { cidr: '10.0.0.0/16', privateSubnets: ['10.0.0.0/20', '10.0.16.0/20'] } });
    expect(issuesOf(raw).map((i) => i.field)).toEqual(['environments.prod (network.privateSubnets[0])', 'environments.prod (network.privateSubnets[1])']);
  });

  test('an override for a function the config does not have is refused, listing the functions', () => {
    expect(issueAt(withEnvironments({ prod: { functions: { worker: { memoryMb: 512 } } } }), 'environments.prod.functions.worker').message).toMatch(/no function is named "worker"; use one of api/);
  });

  test('another pattern in an environment is refused: every environment builds the config\'s pattern', () => {
    expect(issueAt(withEnvironments({ prod: { pattern: { id: 'efs' } } }), 'environments.prod.pattern.id').message).toMatch(/builds the config's pattern \(nat-gateway\)/);
    // Its options may differ; naming the same id is harmless.
    expect(() => validateConfig(withEnvironments({ prod: { pattern: { id: 'nat-gateway' } } }))).not.toThrow();
  });

  test('a key that is not an environment name (__proto__ in the JSON) is refused, not merged', () => {
    expect(issuesOf(JSON.parse('{"name":"demo","pattern":{"id":"nat-gateway"},"functions":[{"name":"api"}],"environments":{"__proto__":{"region":"us-east-1"}}}')).map((i) => i.field)).toEqual(['environments.__proto__']);
  });

  test('unknown override keys are refused (the pattern id and the name stay the base config\'s)', () => {
    const fields = issuesOf(withEnvironments({ prod: { name: 'other' } })).map((i) => i.field);
    expect(fields).toEqual(['environments.prod']);
  });

  test('two environments on one state file: refused at the second, naming the first', () => {
    const raw = withEnvironments({ dev: {}, prod: {} }, { backend: { type: 'local', path: '../../../shared.tfstate' } });
    expect(issueAt(raw, 'environments.prod.backend').message).toMatch(/environment dev keeps its state there already/);
    const s3 = withEnvironments({ dev: {}, prod: {} }, { backend: { type: 's3', bucket: 'team-tfstate', key: 'app/terraform.tfstate' } });
    expect(issueAt(s3, 'environments.prod.backend').message).toMatch(/own state/);
    // Fixed by the environment's own key.
    expect(() => validateConfig(withEnvironments({ dev: {}, prod: { backend: { type: 's3', bucket: 'team-tfstate', key: 'app/prod.tfstate' } } }, { backend: { type: 's3', bucket: 'team-tfstate', key: 'app/terraform.tfstate' } }))).not.toThrow();
  });
});

describe('environments: the app builds one stack per environment', () => {
  function project(raw: RawConfig): string {
    const dir = makeTempDir('vlg-envs-');
    fs.cpSync(path.join(HANDLERS_DIR, 'egress-check', 'nodejs'), path.join(dir, 'functions', 'api'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'vpc-lambda-gen.json'), JSON.stringify(raw));
    return dir;
  }
  const raw = withEnvironments({ dev: {}, prod: { network: { cidr: '10.1.0.0/16' } } });

  test('GIVEN dev and prod WHEN the app is built THEN stacks demo-dev and demo-prod, each with its own state and Environment tag', () => {
    const dir = project(raw);
    const { stacks } = buildApp({ projectDir: dir, exitOnError: false });
    expect(stacks.map((s) => s.node.id)).toEqual(['demo-dev', 'demo-prod']);
    const json = stacks.map((s) => JSON.parse(JSON.stringify(s.toTerraform())));
    expect(json.map((j) => j.terraform.backend.local.path)).toEqual(['../../../terraform.demo-dev.tfstate', '../../../terraform.demo-prod.tfstate']);
    expect(json.map((j) => j.locals.stack_tags.Environment)).toEqual(['dev', 'prod']);
    expect(json.map((j) => j.variable.vpc_cidr.default)).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
  });

  test('a main.ts written for one stack (`stack`) is told to use `stacks`, naming the environments', () => {
    const built = buildApp({ projectDir: project(raw), exitOnError: false });
    expect(() => built.stack).toThrow(ConfigError);
    expect(() => built.stack).toThrow(/environments \(got \["dev","prod"\]\): make one stack per environment: main.ts uses `stacks`/);
    // Without environments it is the one stack.
    const single = buildApp({ projectDir: project(rawConfig()), exitOnError: false });
    expect(single.stack).toBe(single.stacks[0]);
  });

  test('a construct main.ts adds to every stack under one fixed name fails synthesis, naming the name and both stacks', () => {
    const dir = project(raw);
    const { app, stacks } = buildApp({ projectDir: dir, outdir: path.join(dir, 'out'), exitOnError: false });
    for (const stack of stacks) new SecurityGroup(stack, 'mine', { name: 'shared-sg', vpcId: stack.network.vpc.id });
    expect(() => app.synth()).toThrow(/aws_security_group\.mine.* the AWS name "shared-sg", which stack demo-dev has too/);
    // With the environment in the name, it synthesizes.
    const again = buildApp({ projectDir: dir, outdir: path.join(dir, 'out2'), exitOnError: false });
    for (const stack of again.stacks) new SecurityGroup(stack, 'mine', { name: `${stack.node.id}-mine`, vpcId: stack.network.vpc.id });
    expect(() => again.app.synth()).not.toThrow();
  });
});
