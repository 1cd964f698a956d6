/**
 * `vpc-lambda-gen check` as a user runs it (the built CLI), `synth` refusing to report success on a
 * broken stack, and `check --plan` with real terraform when it is available.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, runCli, tempDir } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/synth';
import { terraformTest } from '../helpers/terraform';
import { isolatedStack, platformStack, shapeName, SHAPES } from './platform-tf';
import { synthPattern } from './pattern-stacks';

function writeStack(json: unknown, file = 'main.tf.json'): string {
  const dir = tempDir('vlg-check-');
  fs.writeFileSync(path.join(dir, file), JSON.stringify(json, null, 2));
  return dir;
}

function brokenPlatformStack(): unknown {
  const tf = platformStack(SHAPES[0]);
  delete tf.get('aws_route_table.app').route; // no default route for the app subnets
  return tf.json;
}

describe('vpc-lambda-gen check', () => {
  test('--help documents PATH, --json and --plan; the top-level help lists the command', () => {
    const help = runCli(['check', '--help'], REPO_ROOT);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/vpc-lambda-gen check \[path\]/);
    expect(help.stdout).toMatch(/--json/);
    expect(help.stdout).toMatch(/--plan/);
    expect(help.stdout).toMatch(/--expect/);
    expect(help.stdout).toMatch(/Examples:/);
    expect(runCli(['--help'], REPO_ROOT).stdout).toContain('vpc-lambda-gen check [path]');
  });

  test('GIVEN a project made by new THEN check finds its stack and every line but the shared-NAT warning passes (exit 0)', () => {
    const cwd = tempDir();
    expect(runCli(['new', 'shop', '--yes'], cwd).status).toBe(0);
    const r = runCli(['check', 'shop'], cwd);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Checked shop/<app output>/stacks/shop/cdk.tf.json: 26 resources, 1 VPC, 4 subnets, 1 function (shop-api)');
    // The default shares one NAT gateway: the one warning names the AZ the others depend on.
    const notPassed = lines.slice(1, -1).filter((l) => !l.startsWith('PASS  shop-api  '));
    expect(notPassed).toEqual([expect.stringMatching(/^WARN {2}shop-api {2}multi-az +subnets span 2 AZs, but egress from eu-west-1b goes through aws_nat_gateway\.network_nat_gateway_a in eu-west-1a/)]);
    expect(lines.some((l) => /^PASS {2}shop-api {2}internet-egress +eu-west-1a: aws_lambda_function\.fn_api_function → .* → aws_internet_gateway\.network_internet_gateway$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^OK: \d+ passed, 0 failed, 1 warning$/);
  });

  test("GIVEN a platform team's broken *.tf.json THEN one FAIL line per broken hop, with the fix, and exit 1", () => {
    const dir = writeStack(brokenPlatformStack());
    const r = runCli(['check', path.join(dir, 'main.tf.json')], REPO_ROOT);
    expect(r.status).toBe(1);
    const fail = r.stdout.split('\n').filter((l) => l.startsWith('FAIL '));
    expect(fail).toHaveLength(3); // both AZs' internet egress, and the SSM call that needed it
    expect(fail[0]).toMatch(
      /^FAIL {2}orders-worker {2}internet-egress {2}[^ ]+: aws_route_table\.app has no 0\.0\.0\.0\/0 route.*\(path: aws_lambda_function\.worker → .* → aws_route_table\.app\)  fix: add an aws_route 0\.0\.0\.0\/0 → a NAT gateway/,
    );
    expect(r.stdout).toMatch(/FAILED: \d+ passed, 3 failed/);
    expect(r.stderr).toBe('check: 3 failed (see the report above)\n');
  });

  test('GIVEN a directory of HCL and --expect THEN the stated need is checked like a vlg:needs tag', () => {
    const dir = tempDir('vlg-check-hcl-');
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      [
        'resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }',
        'resource "aws_subnet" "a" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n  availability_zone = "eu-west-1a"\n}',
        'resource "aws_subnet" "b" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.2.0/24"\n  availability_zone = "eu-west-1b"\n}',
        'resource "aws_security_group" "fn" { vpc_id = aws_vpc.v.id }',
        'resource "aws_lambda_function" "fn" {\n  function_name = "worker"\n  vpc_config {\n    subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]\n    security_group_ids = [aws_security_group.fn.id]\n  }\n}',
      ].join('\n'),
    );
    const plain = runCli(['check', dir], REPO_ROOT);
    expect(plain.stdout).not.toMatch(/internet-egress/);
    const expecting = runCli(['check', dir, '--expect', 'worker=internet'], REPO_ROOT);
    expect(expecting.status).toBe(1);
    expect(expecting.stdout).toMatch(/^FAIL {2}worker +internet-egress +vlg:needs says internet, but the function's security group allows nothing out to 0\.0\.0\.0\/0/m);
  });

  test('--json prints the same results for machines, and still exits 1', () => {
    const dir = writeStack(brokenPlatformStack());
    const r = runCli(['check', dir, '--json'], REPO_ROOT);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.summary.failed).toBe(3);
    const [stack] = out.stacks;
    expect(stack.inventory).toMatchObject({ vpcs: 1, subnets: 3, functions: ['orders-worker'] });
    const failed = stack.results.filter((x: any) => x.status === 'fail');
    expect(failed[0]).toMatchObject({ subject: 'orders-worker', check: 'internet-egress', fix: expect.stringContaining('aws_route_table.app') });
    expect(failed[0].resources).toEqual(expect.arrayContaining(['aws_lambda_function.worker', 'aws_subnet.app_1', 'aws_route_table.app']));
  });

  test.each([
    ['a path that does not exist', (d: string) => path.join(d, 'nope'), /PATH \(got ".*nope"\): does not exist/],
    ['a file that is not JSON', (d: string) => (fs.writeFileSync(path.join(d, 'x.tf.json'), '{ nope'), path.join(d, 'x.tf.json')), /is not valid Terraform JSON/],
    ['one HCL file instead of its directory', (d: string) => (fs.writeFileSync(path.join(d, 'main.tf'), 'resource "x" "y" {}'), path.join(d, 'main.tf')), /is one HCL file; pass its directory/],
    ['a directory of invalid HCL', (d: string) => (fs.writeFileSync(path.join(d, 'main.tf'), 'resource "x" {\n  a = \n}'), d), /main\.tf.*is not valid HCL: .*main\.tf:2/],
    ['JSON that is no plan', (d: string) => (fs.writeFileSync(path.join(d, 'plan.json'), '{"format_version": "1.2"}'), path.join(d, 'plan.json')), /is not plan JSON: .*terraform show -json plan\.bin/],
    ['an empty directory', (d: string) => d, /holds no \*\.tf, no \*\.tf\.json/],
  ])('bad input (%s) exits 2 with the reason', (_what, make, message) => {
    const r = runCli(['check', make(tempDir())], REPO_ROOT);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: check input is invalid:/);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test('check never loads cdktf, and stays fast', () => {
    const { stackDir } = synthPattern('privatelink');
    const script = `
      const started = Date.now();
      process.argv = [process.argv[0], ${JSON.stringify(CLI)}, 'check', ${JSON.stringify(stackDir)}];
      require(${JSON.stringify(CLI)});
      process.on('exit', () => {
        const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](cdktf|@cdktf|constructs)[\\\\/]/.test(k));
        process.stderr.write(JSON.stringify({ loaded: loaded.length, millis: Date.now() - started }));
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const { loaded, millis } = JSON.parse(r.stderr);
    expect(loaded).toBe(0);
    expect(millis).toBeLessThan(2000); // about 0.3 s (yargs and the checker) on a busy 2-core machine
  });
});

describe('synth runs check on what it wrote', () => {
  test('GIVEN a valid project THEN synth reports the stack and the check summary', () => {
    const r = runCli(['synth', '--dir', '.', '--out', tempDir()], REPO_ROOT);
    expect(r.status).toBe(0);
    // The repo's example shares one NAT across its AZs: that is its one warning.
    expect(r.stdout).toMatch(/^Synthesized stack "example" → .*cdk\.tf\.json\nChecked: \d+ passed, 1 warning\(s\)/);
  });

  test('GIVEN an app whose output has a broken promised path THEN synth prints the report, writes nothing and exits 1', () => {
    // A project whose app (cdktf.json) writes a hand-made stack: synth checks whatever the app wrote.
    const project = writeStack(brokenPlatformStack(), 'broken.tf.json');
    fs.writeFileSync(path.join(project, 'vpc-lambda-gen.json'), JSON.stringify({ name: 'broken', pattern: { id: 'nat-gateway' }, functions: [{ name: 'api' }] }));
    fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({ app: 'node app.js' }));
    fs.writeFileSync(
      path.join(project, 'app.js'),
      `const fs = require('fs'), path = require('path');
const out = process.env.CDKTF_OUTDIR;
fs.mkdirSync(path.join(out, 'stacks', 'broken'), { recursive: true });
fs.copyFileSync('broken.tf.json', path.join(out, 'stacks', 'broken', 'cdk.tf.json'));
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ stacks: { broken: { synthesizedStackPath: 'stacks/broken/cdk.tf.json' } } }));
`,
    );
    const r = runCli(['synth', '--dir', project], project);
    expect(r.stdout).toMatch(/^FAIL {2}orders-worker {2}internet-egress/m);
    expect(r.stdout).not.toMatch(/Synthesized stack/);
    expect(r.stderr).toMatch(/^synth: nothing written: \d+ network check\(s\) failed \(report above\)/);
    expect(r.status).toBe(1);
    expect(fs.existsSync(path.join(project, 'cdktf.out'))).toBe(false);
  });
});

describe('check --plan', () => {
  terraformTest()('runs terraform validate and the offline plan on our stack', () => {
    const { stackDir } = synthPattern('nat-gateway');
    const r = runCli(['check', stackDir, '--plan'], REPO_ROOT);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PASS {2}terraform +plan +terraform 1\.\d+\.\d+ validate and offline plan succeed \(0 data sources overridden\)$/m);
  });

  const fixtures: [string, () => unknown][] = [
    // Shapes 1, 3 and 4 between them use every spelling (shape 2 only recombines them).
    ...[0, 2, 3].map((i) => [shapeName(SHAPES[i]), () => platformStack(SHAPES[i]).json] as [string, () => unknown]),
    ['isolated stack with endpoint associations', () => isolatedStack().json],
  ];
  terraformTest().each(fixtures)("plans the hand-written fixture (%s) offline, its data sources overridden", (_name, build) => {
    const r = runCli(['check', writeStack(build()), '--plan'], REPO_ROOT);
    expect(r.stdout).toMatch(/^PASS {2}terraform +plan +terraform 1\.\d+\.\d+ validate and offline plan succeed \([12] data sources? overridden\)$/m);
    expect(r.status).toBe(0);
  });

  terraformTest()('reports what terraform rejects, with the resource, and exits 1', () => {
    const tf = platformStack(SHAPES[0]);
    tf.get('aws_lambda_function.worker').not_an_argument = true;
    const bad = runCli(['check', writeStack(tf.json), '--plan'], REPO_ROOT);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL {2}terraform +plan +terraform validate failed .*Error: Extraneous JSON object property \(on main\.tf\.json line \d+, in resource\.aws_lambda_function\.worker\)/m);
  });
});
