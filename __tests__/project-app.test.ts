/**
 * A generated project as its owner uses it, installed from this checkout (`new --install --local`):
 * main.ts is the one app that `npx cdktf synth`, `npm run synth`, `npm test`, `vpc-lambda-gen synth`,
 * `export` and `check` run, it type-checks, its synthesis checks the network paths, and the worked
 * examples of docs/extend.md build there. One nat-instance project is installed for the file (about
 * a minute); an endpoints project beside it shares its node_modules.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, listFiles, tempDir } from './helpers/cli';
import { REPO_ROOT } from './helpers/synth';

const ENV = { ...process.env, CI: 'true', CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0', NO_COLOR: '1' };

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages that may go to either. */
  all: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...ENV, ...env }, timeout: 600_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
}

const vlg = (args: string[], cwd: string, env: Record<string, string> = {}) => run(process.execPath, [CLI, ...args], cwd, env);
const npm = (args: string[], cwd: string, env: Record<string, string> = {}) => run('npm', args, cwd, env);
const cdktfSynth = (cwd: string, env: Record<string, string> = {}) => run(path.join(cwd, 'node_modules', '.bin', 'cdktf'), ['synth'], cwd, env);

/** A stack trace's frames: what an app must never print for a config error or a failed check. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

let root: string;
/** The installed nat-instance project. */
let shop: string;
let stockMain: string;

beforeAll(() => {
  root = tempDir('vlg-app-');
  const created = vlg(['new', 'shop', '--yes', '--local', '--install', '--pattern', 'nat-instance'], root);
  if (created.status !== 0) throw new Error(`new --install failed (${created.status}):\n${created.all}`);
  shop = path.join(root, 'shop');
  stockMain = fs.readFileSync(path.join(shop, 'main.ts'), 'utf8');
});

/** Puts main.ts back as generated. */
function resetMain(): void {
  fs.writeFileSync(path.join(shop, 'main.ts'), stockMain);
}

/** Every file of a synth output folder, by relative path → content. */
function snapshot(outdir: string): Record<string, string> {
  return Object.fromEntries(listFiles(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f)).toString('base64')]));
}

const stackJson = (outdir: string, name = 'shop') => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));

describe('GIVEN the project as generated', () => {
  beforeEach(() => resetMain());

  test('THEN main.ts invites code: buildApp gives { app, stack }, a commented place, app.synth() last; no "do not edit"', () => {
    expect(stockMain).toMatch(/const \{ app, stack \} = buildApp\(\{ projectDir: __dirname \}\);/);
    expect(stockMain).toMatch(/\/\/ Your constructs go here, with `stack` as their scope/);
    expect(stockMain.trimEnd().endsWith('app.synth();')).toBe(true);
    expect(stockMain).not.toMatch(/not this one|do not edit/i);
  });

  test('WHEN npm test runs THEN it type-checks main.ts, synthesizes through the app and checks: it passes untouched', () => {
    const r = npm(['test'], shop);
    expect(r.all).toMatch(/tsc --noEmit && vpc-lambda-gen check \./);
    expect(r.all).toMatch(/OK: \d+ passed, 0 failed/);
    expect(r.status).toBe(0);
  });

  test('WHEN synthesized by npx cdktf synth, npm run synth and vpc-lambda-gen synth THEN every output is byte-identical to what new wrote in-process', () => {
    const fromNew = snapshot(path.join(shop, 'cdktf.out'));
    expect(Object.keys(fromNew)).toEqual(expect.arrayContaining(['stacks/shop/cdk.tf.json', 'stacks/shop/hcl-layout.json', '.vpc-lambda-gen/manifest.json']));
    expect(Object.keys(fromNew).some((f) => f.endsWith('archive.zip'))).toBe(true);

    expect(cdktfSynth(shop).status).toBe(0);
    expect(snapshot(path.join(shop, 'cdktf.out'))).toEqual(fromNew);
    expect(npm(['run', 'synth'], shop).status).toBe(0);
    expect(snapshot(path.join(shop, 'cdktf.out'))).toEqual(fromNew);
    const out = path.join(root, 'vlg-out');
    expect(vlg(['synth', '--dir', shop, '--out', out], root).status).toBe(0);
    expect(snapshot(out)).toEqual(fromNew);
  });

  test('WHEN vpc-lambda-gen.json is invalid THEN the app prints the field and the fix, exits 2, no stack trace', () => {
    const file = path.join(shop, 'vpc-lambda-gen.json');
    const good = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, good.replace('"memoryMb": 256', '"memoryMb": 64'));
      const app = run(process.execPath, ['--require', 'tsx/cjs', 'main.ts'], shop, { CDKTF_OUTDIR: path.join(root, 'bad-out') });
      expect(app.status).toBe(2);
      expect(app.stderr).toMatch(/functions\[0\]\.memoryMb \(got 64\): AWS Lambda needs at least 128 MB/);
      expect(app.stderr).not.toMatch(STACK_FRAME);
      const synth = npm(['run', 'synth'], shop);
      expect(synth.status).not.toBe(0);
      expect(synth.stderr).toMatch(/memoryMb/);
      expect(synth.stderr).not.toMatch(STACK_FRAME);
    } finally {
      fs.writeFileSync(file, good);
    }
  });
});

describe('GIVEN main.ts adds an output', () => {
  const withOutput = () =>
    fs.writeFileSync(
      path.join(shop, 'main.ts'),
      stockMain
        .replace("import { buildApp } from 'vpc-lambda-gen';", "import { TerraformOutput } from 'cdktf';\nimport { buildApp } from 'vpc-lambda-gen';")
        .replace('app.synth();', "new TerraformOutput(stack, 'api_role_arn', { value: stack.fn('api').role.arn, description: 'Role of the api function' });\n\napp.synth();"),
    );
  beforeEach(withOutput);
  afterAll(() => resetMain());

  test('THEN npm run synth, vpc-lambda-gen synth and export all carry it', () => {
    expect(npm(['run', 'synth'], shop).status).toBe(0);
    expect(stackJson(path.join(shop, 'cdktf.out')).output.api_role_arn).toMatchObject({ value: '${aws_iam_role.fn_api_role.arn}' });
    const out = path.join(root, 'out-with-output');
    expect(vlg(['synth', '--dir', shop, '--out', out], root).status).toBe(0);
    expect(stackJson(out).output.api_role_arn).toBeDefined();
    const exported = path.join(root, 'export-with-output');
    const r = vlg(['export', exported, '--dir', shop], root);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(exported, 'outputs.tf'), 'utf8')).toMatch(/output "api_role_arn" \{\n {2}description = "Role of the api function"\n {2}value {7}= aws_iam_role\.fn_api_role\.arn\n\}/);
  });

  test('AND new --force keeps that main.ts and synthesizes through it', () => {
    const r = vlg(['new', 'shop', '--force', '--yes', '--local'], root);
    expect(r.stdout).toMatch(/kept main\.ts \(changed since vpc-lambda-gen wrote it\)/);
    expect(r.stdout).toMatch(/main\.ts is yours: synthesizing through it/);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(shop, 'main.ts'), 'utf8')).toContain("'api_role_arn'");
    expect(stackJson(path.join(shop, 'cdktf.out')).output.api_role_arn).toBeDefined();
  });

  test('AND a type error in main.ts makes npm test fail, naming the line', () => {
    fs.appendFileSync(path.join(shop, 'main.ts'), "\nconst port: number = stack.fn('api').function.arn;\n");
    const r = npm(['test'], shop);
    expect(r.status).not.toBe(0);
    expect(r.all).toMatch(/main\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });
});

describe('GIVEN main.ts turns the NAT instance source/dest check back on (stack.addOverride)', () => {
  const NAT = 'aws_instance.network_nat_instance_instance_a';
  beforeAll(() => {
    resetMain();
    expect(npm(['run', 'synth'], shop).status).toBe(0);
    fs.writeFileSync(
      path.join(shop, 'main.ts'),
      stockMain.replace('app.synth();', `stack.addOverride('resource.aws_instance.network_nat_instance_instance_a.source_dest_check', true);\n\napp.synth();`),
    );
  });
  afterAll(() => resetMain());

  test('WHEN npx cdktf synth THEN it fails with the report naming the instance, no stack trace, and no cdk.tf.json to deploy', () => {
    const r = cdktfSynth(shop);
    expect(r.status).not.toBe(0);
    expect(r.all).toMatch(new RegExp(`FAIL .*internet-egress .*source/destination check is on for ${NAT.replace(/\./g, '\\.')}`));
    expect(r.all).toMatch(/stack "shop": 2 network check\(s\) failed .*VLG_SKIP_CHECK=1/);
    expect(r.all).not.toMatch(STACK_FRAME);
    expect(fs.existsSync(path.join(shop, 'cdktf.out', 'stacks', 'shop', 'cdk.tf.json'))).toBe(false);
  });

  test('WHEN npm run synth THEN it fails naming it and writes nothing', () => {
    const before = fs.existsSync(path.join(shop, 'cdktf.out')) ? snapshot(path.join(shop, 'cdktf.out')) : undefined;
    const r = npm(['run', 'synth'], shop);
    expect(r.status).toBe(1);
    expect(r.all).toMatch(new RegExp(`source/destination check is on for ${NAT.replace(/\./g, '\\.')}.*fix: set source_dest_check = false`));
    expect(r.all).toMatch(/synth: nothing written: 2 network check\(s\) failed/);
    expect(r.all).not.toMatch(STACK_FRAME);
    expect(fs.existsSync(path.join(shop, 'cdktf.out')) ? snapshot(path.join(shop, 'cdktf.out')) : undefined).toEqual(before);
  });

  test('WHEN VLG_SKIP_CHECK=1 (the emergency opt-out) THEN both synthesize, each saying loudly that the check was skipped', () => {
    const skip = { VLG_SKIP_CHECK: '1' };
    const own = npm(['run', 'synth'], shop, skip);
    expect(own.status).toBe(0);
    expect(own.all).toMatch(/WARNING: vpc-lambda-gen's network check was skipped for stack "shop" \(VLG_SKIP_CHECK=1\)/);
    expect(stackJson(path.join(shop, 'cdktf.out')).resource.aws_instance.network_nat_instance_instance_a.source_dest_check).toBe(true);
    const cdktf = cdktfSynth(shop, skip);
    expect(cdktf.status).toBe(0);
    expect(cdktf.all).toMatch(/network check was skipped/);
  });
});

/** docs/extend.md's example under `<!-- example: NAME -->`. */
function docExample(name: string): string {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'extend.md'), 'utf8');
  const match = new RegExp(`<!-- example: ${name} -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!match) throw new Error(`docs/extend.md has no example "${name}"`);
  return match[1];
}

describe('GIVEN an endpoints project and the worked examples of docs/extend.md', () => {
  let orders: string;
  beforeAll(() => {
    expect(vlg(['new', 'orders', '--yes', '--local', '--pattern', 'endpoints'], root).status).toBe(0);
    orders = path.join(root, 'orders');
    // The shop's packages, and the provider bindings the docs have the user install (this checkout's, the same version).
    fs.symlinkSync(path.join(shop, 'node_modules'), path.join(orders, 'node_modules'));
    const bindings = path.join(shop, 'node_modules', '@cdktf', 'provider-aws');
    if (!fs.existsSync(bindings)) fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', '@cdktf', 'provider-aws'), bindings);
  });

  test('WHEN main.ts is the SQS example THEN it type-checks, synthesizes and the check proves sqs through the endpoint; export puts the queue in main.tf', () => {
    fs.writeFileSync(path.join(orders, 'main.ts'), docExample('sqs-queue'));
    const r = npm(['test'], orders);
    expect(r.all).toMatch(/PASS +orders-caller +aws-service +sqs \(role allows sqs:SendMessage; environment ORDERS_QUEUE_URL references aws_sqs_queue\.orders.*→ aws_vpc_endpoint\.network_endpoints_sqs/);
    expect(r.status).toBe(0);
    const exported = path.join(root, 'orders-export');
    expect(vlg(['export', exported, '--dir', orders], root).status).toBe(0);
    expect(fs.readFileSync(path.join(exported, 'main.tf'), 'utf8')).toMatch(/resource "aws_sqs_queue" "orders" \{/);
    expect(fs.readFileSync(path.join(exported, 'network.tf'), 'utf8')).toMatch(/resource "aws_vpc_endpoint" "network_endpoints_sqs"/);
  });

  test('AND without its InterfaceEndpoints line THEN npm run synth fails naming sqs', () => {
    const example = docExample('sqs-queue');
    const broken = example.replace(/^InterfaceEndpoints\.of\(stack\.network\)\.allowFrom\(caller, \['sqs'\]\);\n/m, '');
    expect(broken).not.toBe(example);
    fs.writeFileSync(path.join(orders, 'main.ts'), broken.replace("import { buildApp, InterfaceEndpoints } from 'vpc-lambda-gen';", "import { buildApp } from 'vpc-lambda-gen';"));
    const r = npm(['run', 'synth'], orders);
    expect(r.status).toBe(1);
    expect(r.all).toMatch(/FAIL +orders-caller +aws-service +sqs .*has no sqs VPC endpoint/);
  });

  test('WHEN main.ts is the second-function example THEN the hand-written function is built, type-checked and its call to the target proven', () => {
    fs.cpSync(path.join(orders, 'functions', 'caller'), path.join(orders, 'functions', 'reporter'), { recursive: true });
    fs.writeFileSync(path.join(orders, 'main.ts'), docExample('second-function'));
    const r = npm(['test'], orders);
    expect(r.all).toMatch(/PASS +orders-reporter +call-lambda +environment TARGET_FUNCTION_NAME → orders-target:live/);
    expect(r.all).toMatch(/PASS +orders-reporter +handler-archive/);
    expect(r.status).toBe(0);
    const out = path.join(root, 'orders-out');
    expect(vlg(['synth', '--dir', orders, '--out', out], root).status).toBe(0);
    const fn = stackJson(out, 'orders').resource.aws_lambda_function.fn_reporter_function;
    expect(fn).toMatchObject({ function_name: 'orders-reporter', memory_size: 512, timeout: 30, vpc_config: { subnet_ids: expect.any(Array) } });
  });

  test('AND a second function with a name the config already has is refused naming it', () => {
    fs.writeFileSync(path.join(orders, 'main.ts'), docExample('second-function').replace("name: 'reporter'", "name: 'caller'"));
    const r = npm(['run', 'synth'], orders);
    expect(r.status).toBe(2);
    expect(r.all).toMatch(/stack\.addFunction\("caller"\) is invalid:\n {2}- functions\[2\]\.name/);
    expect(r.all).not.toMatch(STACK_FRAME);
  });
});
