/**
 * The project `new --environments dev,prod` writes, as the stacks it deploys: no physical name in
 * common between the environments (they may share an account), each stack valid Terraform with an
 * offline plan, and main.ts, run as the app, giving the same bytes as `new` wrote in-process.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isStockApp } from '../generator/project-app';
import { listFiles, runCli, tempDir } from './helpers/cli';
import { REPO_ROOT } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';

/** Attributes that hold a resource's name in AWS (an account- or VPC-wide name). */
const NAME_ATTRIBUTES = ['function_name', 'name', 'name_prefix', 'creation_token', 'bucket', 'bucket_prefix', 'identifier'];

/**
 * Names that live under a parent of the stack's own (an alias under its function, an inline policy
 * under its role, a stage under its API): equal in two stacks, they still name different things.
 */
const SCOPED_UNDER_PARENT = new Set(['aws_lambda_alias', 'aws_iam_role_policy', 'aws_apigatewayv2_stage', 'aws_api_gateway_stage', 'aws_lb_listener_rule']);

/**
 * "type attribute=value" for every physical name of a stack's Terraform, Name tags included; a
 * reference ("${aws_lambda_function.fn_api_function.function_name}") is the name of what it refers to.
 */
function physicalNames(json: { resource?: Record<string, Record<string, Record<string, unknown>>> }): Set<string> {
  const names = new Set<string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    if (SCOPED_UNDER_PARENT.has(type)) continue;
    for (const body of Object.values(byName)) {
      for (const attribute of NAME_ATTRIBUTES) {
        if (isLiteral(body[attribute])) names.add(`${type} ${attribute}=${body[attribute]}`);
      }
      const tags = body.tags as Record<string, unknown> | undefined;
      if (isLiteral(tags?.Name)) names.add(`${type} tags.Name=${tags.Name}`);
    }
  }
  return names;
}

function isLiteral(value: unknown): value is string {
  return typeof value === 'string' && !/^\$\{[^}]+\}$/.test(value);
}

function intersection(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((name) => b.has(name)).sort();
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** A project made by the CLI, as a user would, and its stacks' Terraform by name. */
function newProject(name: string, args: string[]): { dir: string; stacks: Record<string, any> } {
  const cwd = tempDir('vlg-envs-');
  const r = runCli(['new', name, ...args, '--yes', '--no-local'], cwd);
  if (r.status !== 0) throw new Error(`new failed (${r.status}):\n${r.stderr}`);
  const dir = path.join(cwd, name);
  const stacksDir = path.join(dir, 'cdktf.out', 'stacks');
  const stacks = Object.fromEntries(fs.readdirSync(stacksDir).sort().map((stack) => [stack, readJson(path.join(stacksDir, stack, 'cdk.tf.json'))]));
  return { dir, stacks };
}

describe('GIVEN new envs --environments dev,prod --yes', () => {
  let project: ReturnType<typeof newProject>;
  beforeAll(() => {
    project = newProject('envs', ['--environments', 'dev,prod']);
  });

  test('THEN it synthesizes the stacks envs-dev and envs-prod, with VPCs 10.0.0.0/16 and 10.1.0.0/16', () => {
    expect(Object.keys(project.stacks)).toEqual(['envs-dev', 'envs-prod']);
    // The VPC's CIDR is the variable vpc_cidr, defaulted from the config.
    for (const json of Object.values(project.stacks)) expect(Object.values(json.resource.aws_vpc).map((vpc: any) => vpc.cidr_block)).toEqual(['${var.vpc_cidr}']);
    expect(Object.values(project.stacks).map((json) => json.variable.vpc_cidr.default)).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
  });

  test('THEN no physical name (function, role, log group, security group, Name tag...) is in both stacks', () => {
    const dev = physicalNames(project.stacks['envs-dev']);
    const prod = physicalNames(project.stacks['envs-prod']);
    // The collector finds names at all: a stack shares every name with itself.
    expect(intersection(dev, dev)).toEqual(expect.arrayContaining(['aws_lambda_function function_name=envs-dev-api', 'aws_vpc tags.Name=envs-dev-vpc']));
    expect(dev.size).toBeGreaterThan(10);
    expect(intersection(dev, prod)).toEqual([]);
  });

  test('THEN each stack keeps its state in a file of its own, which .gitignore keeps out of git', () => {
    const paths = Object.values(project.stacks).map((json) => json.terraform.backend.local.path);
    expect(paths).toEqual(['../../../terraform.envs-dev.tfstate', '../../../terraform.envs-prod.tfstate']);
    const git = spawnSync('git', ['init', '-q'], { cwd: project.dir });
    if (git.error) throw git.error;
    const ignored = spawnSync('git', ['check-ignore', 'terraform.envs-dev.tfstate', 'terraform.envs-prod.tfstate'], { cwd: project.dir, encoding: 'utf8' });
    expect(ignored.stdout.split('\n').filter(Boolean)).toEqual(['terraform.envs-dev.tfstate', 'terraform.envs-prod.tfstate']);
    expect(spawnSync('git', ['check-ignore', 'main.ts'], { cwd: project.dir }).status).toBe(1); // not everything is ignored
  });

  test('THEN main.ts, run as the app (not in-process), writes byte for byte what new wrote', () => {
    expect(isStockApp(project.dir)).toBe(true);
    // The project's app runs main.ts through tsx, which this checkout does not install; ts-node runs
    // the same file the same way (transpile only). The changed cdktf.json makes the app run as itself.
    const copy = path.join(tempDir('vlg-envs-app-'), 'envs');
    fs.cpSync(project.dir, copy, { recursive: true });
    fs.mkdirSync(path.join(copy, 'node_modules'));
    fs.symlinkSync(REPO_ROOT, path.join(copy, 'node_modules', 'vpc-lambda-gen'));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', 'ts-node'), path.join(copy, 'node_modules', 'ts-node'));
    const cdktfJson = readJson(path.join(copy, 'cdktf.json'));
    fs.writeFileSync(path.join(copy, 'cdktf.json'), JSON.stringify({ ...cdktfJson, app: 'node --require ts-node/register/transpile-only main.ts' }));
    expect(isStockApp(copy)).toBe(false);
    const out = path.join(path.dirname(copy), 'out');
    const r = runCli(['synth', '--dir', copy, '--out', out], path.dirname(copy));
    expect({ status: r.status, stderr: r.stderr }).toMatchObject({ status: 0 });
    expect(r.stdout).toMatch(/Synthesized stack "envs-dev"[\s\S]*Synthesized stack "envs-prod"/);
    const written = listFiles(path.join(project.dir, 'cdktf.out'));
    expect(listFiles(out)).toEqual(written);
    for (const f of written) expect({ f, same: fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(project.dir, 'cdktf.out', f))) }).toEqual({ f, same: true });
  });

  for (const stack of ['envs-dev', 'envs-prod']) {
    terraformTest()(`THEN ${stack} passes terraform validate and an offline plan`, () => {
      validateAndPlan(path.join(project.dir, 'cdktf.out', 'stacks', stack), { region: 'eu-west-1' });
    });
  }
});

describe('GIVEN environments in a stack with more named parts (sns-slack, an SSM host, EFS)', () => {
  test('THEN no physical name is in two of its stacks either', () => {
    const { stacks } = newProject('team', ['--pattern', 'sns-slack', '--with', 'efs', '--ssm-host', '--environments', 'dev,stg,prod']);
    const names = Object.values(stacks).map(physicalNames);
    expect(names).toHaveLength(3);
    for (const [i, a] of names.entries()) {
      for (const b of names.slice(i + 1)) expect(intersection(a, b)).toEqual([]);
    }
  });
});
