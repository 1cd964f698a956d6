/**
 * `export OUTDIR` and `synth --hcl`: for every pattern, a folder a platform engineer can init and plan
 * offline, in fmt style, planning exactly what the JSON plans, with a README that names every load
 * balancer, endpoint and NAT, draws them, and adds its cost table up correctly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PATTERN_IDS } from '../generator/catalog';
import { estimateMonthlyCost, money } from '../generator/cost';
import { exportProject, type ExportResult } from '../generator/export';
import { exportTerraform } from '../generator/export-terraform';
// planExpectingRefusal is unreported: a refusal the test expects must not read as a failed stack in the CI report.
import { terraformFmt, validateAndPlan as planExpectingRefusal } from '../generator/terraform';
import { synthPattern } from './check/pattern-stacks';
import { listFiles, runCli, tempDir } from './helpers/cli';
import { AMI_OVERRIDE } from './helpers/offline-data';
import type { Synthesized, TfJson } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';

const CALLER_IDENTITY = { 'data.aws_caller_identity.account': { account_id: '111122223333', arn: 'arn:aws:iam::111122223333:user/ci', user_id: 'AIDAOFFLINE' } };

/** The data sources a stack reads, with the values an offline plan uses instead of AWS. */
function overridesFor(json: TfJson): Record<string, Record<string, unknown>> {
  const all = { ...AMI_OVERRIDE, ...CALLER_IDENTITY } as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(all).filter(([address]) => {
    const [, type, name] = address.split('.');
    return json.data?.[type]?.[name] !== undefined;
  }));
}

/** A verbose plan's resource changes (archive paths masked) and its outputs by name (alignment aside). */
function planSections(plan: string): { resources: string; outputs: Record<string, string> } {
  const [resources, rest = ''] = plan.split('\nChanges to Outputs:\n');
  const lines = rest.split('\n');
  const end = lines.indexOf('');
  const outputs: Record<string, string> = {};
  let current = '';
  for (const line of lines.slice(0, end)) {
    current = /^ {2}[+~-] (\S+)\s+=/.exec(line)?.[1] ?? current;
    outputs[current] = `${outputs[current] ?? ''}${line.replace(/\s+=/, ' =')}\n`;
  }
  return { resources: `${resources.replace(/(filename\s+= )"assets\/[^"]+"/g, '$1"<archive>"')}\n${lines.slice(end).join('\n')}`, outputs };
}

/**
 * What the README names as files of this folder: `code` spans that look like one (a .tf, .json, .zip,
 * .md file or a folder), less what terraform or the README's own commands create there.
 */
const MADE_HERE = new Set(['terraform.tfstate', '.terraform.lock.hcl', '.terraform/', 'response.json', 'tfplan']);
function readmeFileNames(readme: string): string[] {
  const spans = [...readme.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\s]+)`/g)].map((m) => m[1]);
  const files = spans.filter((s) => /^(\.gitignore|[\w./-]+\.(tf|json|zip|md|hcl)|[\w.-]+\/([\w.-]+\/)*)$/.test(s) && !s.includes('<') && !s.startsWith('/'));
  return [...new Set(files)].filter((f) => !MADE_HERE.has(f)).sort();
}

interface Exported {
  stack: Synthesized;
  result: ExportResult;
  read(file: string): string;
}

/** Exports a pattern's sample project without running terraform fmt, to prove the files are fmt-clean as written. */
function exportPattern(id: string, options: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Exported {
  const stack = synthPattern(id, options, config);
  const outDir = path.join(tempDir('vlg-export-'), 'out');
  const result = exportProject({ dir: stack.projectDir, outDir, fmt: false });
  return { stack, result, read: (file) => fs.readFileSync(path.join(outDir, file), 'utf8') };
}

const done = new Map<string, Exported>();
const exported = (id: string) => {
  if (!done.has(id)) done.set(id, exportPattern(id));
  return done.get(id)!;
};

describe.each(PATTERN_IDS)('GIVEN pattern %s WHEN exported', (id) => {
  test('THEN the folder holds the HCL split by role, the archives and a README, and nothing machine-specific', () => {
    const { stack, result, read } = exported(id);
    const tf = result.files.filter((f) => f.endsWith('.tf'));
    expect(tf).toEqual(expect.arrayContaining(['versions.tf', 'providers.tf', 'network.tf', 'functions.tf', 'outputs.tf']));
    expect(tf.every((f) => ['versions.tf', 'providers.tf', 'variables.tf', 'network.tf', 'functions.tf', `${id}.tf`, 'ssm-host.tf', 'outputs.tf'].includes(f))).toBe(true);
    expect(result.files).toContain('README.md');
    expect(result.files).not.toContain('cdk.tf.json');
    // Every function's archive is in the folder as assets/<function>.zip, its files unpacked beside it.
    const functions = Object.keys(stack.json.resource.aws_lambda_function);
    expect(result.files.filter((f) => /^assets\/[^/]+\.zip$/.test(f))).toHaveLength(functions.length);
    // The config that produced it is there, as the project has it.
    const config = JSON.parse(read('vpc-lambda-gen.json'));
    expect(config).toEqual(JSON.parse(fs.readFileSync(path.join(stack.projectDir, 'vpc-lambda-gen.json'), 'utf8')));
    for (const fn of config.functions as { name: string }[]) {
      expect(result.files).toContain(`assets/${fn.name}.zip`);
      expect(read('functions.tf')).toContain(`filename                           = "assets/${fn.name}.zip"`);
      expect(read('functions.tf')).toContain(`source_code_hash                   = filebase64sha256("assets/${fn.name}.zip")`);
      expect(result.files.filter((f) => f.startsWith(`assets/${fn.name}/`))).not.toHaveLength(0);
    }
    expect(read('functions.tf')).not.toMatch(/assets\/code_/);
    for (const file of result.files.filter((f) => !f.startsWith('assets/'))) {
      const text = read(file);
      for (const machine of [stack.projectDir, result.outDir, os.tmpdir(), os.homedir()]) expect(text).not.toContain(machine);
    }
    // Local state stays in the folder, not in the project it came from.
    expect(read('versions.tf')).toMatch(/backend "local" \{\n {4}path = "terraform\.tfstate"\n/);
    expect(read('versions.tf')).toMatch(/^# Generated by vpc-lambda-gen/m);
  });

  test('THEN every resource of the JSON is declared once in the HCL, in the file of its role', () => {
    const { stack, result, read } = exported(id);
    const declared = result.files
      .filter((f) => f.endsWith('.tf'))
      .flatMap((f) => [...read(f).matchAll(/^resource "([\w-]+)" "([\w-]+)" \{$/gm)].map((m) => ({ address: `${m[1]}.${m[2]}`, file: f })));
    const fromJson = Object.entries(stack.json.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
    expect(declared.map((d) => d.address).sort()).toEqual(fromJson.sort());
    for (const { address, file } of declared) {
      const name = address.split('.')[1];
      if (name.startsWith('network_')) expect({ address, file }).toEqual({ address, file: 'network.tf' });
      else if (name.startsWith('fn_')) expect({ address, file }).toEqual({ address, file: 'functions.tf' });
    }
  });

  terraformTest()('THEN terraform fmt -check passes, and validate + the offline plan give exactly the JSON\'s plan', () => {
    const { stack, result } = exported(id);
    expect(terraformFmt(result.outDir, { check: true })).toBe(true);
    const overrideData = overridesFor(stack.json);
    const fromJson = validateAndPlan(stack.stackDir, { region: 'eu-west-1', overrideData }).plan;
    const fromHcl = validateAndPlan(result.outDir, { region: 'eu-west-1', overrideData }).plan;
    expect(fromHcl).toContain('Success! 1 passed, 0 failed.');
    // The same plan, but for the archives' names and the outputs export adds for other stacks to wire to.
    const json = planSections(fromJson);
    const hcl = planSections(fromHcl);
    expect(hcl.resources).toBe(json.resources);
    for (const [name, text] of Object.entries(json.outputs)) expect({ name, text: hcl.outputs[name] }).toEqual({ name, text });
    expect([...fromHcl.matchAll(/filename\s+= "([^"]+)"/g)].map((m) => m[1]).filter((f) => !/^assets\/[\w-]+\.zip$/.test(f))).toEqual([]);
  });

  test('THEN the outputs give every resource other stacks wire to, and the function ARNs by config name', () => {
    const { stack, read } = exported(id);
    const outputs = read('outputs.tf');
    const wired: Record<string, [string, string]> = {
      aws_vpc: ['vpc_id', 'id'],
      aws_subnet: ['subnet_ids', 'id'],
      aws_route_table: ['route_table_ids', 'id'],
      aws_security_group: ['security_group_ids', 'id'],
      aws_iam_role: ['role_arns', 'arn'],
      aws_nat_gateway: ['nat_gateway_ids', 'id'],
      aws_instance: ['instance_ids', 'id'],
      aws_vpc_endpoint: ['vpc_endpoint_ids', 'id'],
      aws_lambda_alias: ['function_alias_arns', 'arn'],
      aws_lambda_function: ['function_arns', 'arn'],
    };
    for (const [type, [output, attribute]] of Object.entries(wired)) {
      for (const name of Object.keys(stack.json.resource[type] ?? {})) {
        const block = new RegExp(`output "${output}" \\{[\\s\\S]*?\\n\\}`).exec(outputs)?.[0];
        // In its wiring output, or in one the stack gives itself (privatelink's consumer_vpc_id).
        const reference = `${type}.${name}.${attribute}`;
        const wiredElsewhere = new RegExp(`^  value += ${reference.replace(/\./g, '\\.')}$`, 'm').test(outputs);
        expect({ type, name, block: block?.includes(reference) || wiredElsewhere }).toEqual({ type, name, block: true });
      }
    }
    for (const fn of JSON.parse(read('vpc-lambda-gen.json')).functions as { name: string }[]) {
      expect(outputs).toMatch(new RegExp(`output "function_arns" \\{[\\s\\S]*?\\n    ${fn.name} += aws_lambda_function\\.`));
    }
  });

  test('THEN every file the README names is in the folder', () => {
    const { result, read } = exported(id);
    const named = readmeFileNames(read('README.md'));
    expect(named).toEqual(expect.arrayContaining(['versions.tf', '.gitignore', 'vpc-lambda-gen.json']));
    const present = new Set([...result.files, ...result.files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`))]);
    expect(named.filter((f) => !present.has(f))).toEqual([]);
  });

  test('THEN the README names every load balancer, endpoint and NAT, and the diagram draws them', () => {
    const { stack, read } = exported(id);
    const readme = read('README.md');
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(readme)![1];
    const r = stack.json.resource;
    for (const [name, lb] of Object.entries<any>(r.aws_lb ?? {})) {
      expect(readme).toContain(`\`aws_lb.${name}\``);
      expect(diagram).toContain(lb.load_balancer_type === 'network' ? 'NLB' : 'ALB');
    }
    for (const [name, endpoint] of Object.entries<any>(r.aws_vpc_endpoint ?? {})) {
      expect(readme).toContain(`\`aws_vpc_endpoint.${name}\``);
      const service = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(endpoint.service_name)?.[1];
      expect(diagram.toLowerCase()).toContain(service ? `${service}` : 'consumer interface endpoint');
    }
    const nats = [...Object.keys(r.aws_nat_gateway ?? {}).map((n) => `aws_nat_gateway.${n}`), ...Object.keys(r.aws_instance ?? {}).filter((n) => n.includes('nat')).map((n) => `aws_instance.${n}`)];
    for (const nat of nats) expect(readme).toContain(`\`${nat}\``);
    if (nats.length > 0) expect(diagram).toContain('NAT');
    expect(readme).toMatch(/## Subnet IP capacity[\s\S]*\| eu-west-1a \| `10\.0\.\d+\.0\/\d+` \|/);
    expect(readme).toMatch(/## Network check[\s\S]*OK: \d+ passed, 0 failed/);
  });

  test('THEN the cost table adds up to its total, which is the estimate of the Terraform', () => {
    const { stack, read } = exported(id);
    const table = /\| Resource \| Quantity \| Unit price \| Per month \|\n([\s\S]*?)\n\n/.exec(read('README.md'))![1].split('\n').slice(1);
    const amount = (row: string) => Number(/\$([\d.]+)\**\s*\|$/.exec(row)![1]);
    const lines = table.slice(0, -1).map(amount);
    const total = amount(table[table.length - 1]);
    expect(money(lines.reduce((a, b) => a + b, 0))).toBe(money(total));
    expect(total).toBe(estimateMonthlyCost(stack.json, 'eu-west-1').totalMonthly);
  });
});

test('GIVEN endpoints beyond the catalog drawing and the SSM host THEN the diagram draws every endpoint and the host', () => {
  const { stack, read } = exportPattern('endpoints', { endpoints: ['sts', 'sqs', 'dynamodb'] }, { ssmHost: true });
  const diagram = /```mermaid\n([\s\S]*?)```/.exec(read('README.md'))![1];
  const services = Object.values<any>(stack.json.resource.aws_vpc_endpoint).map((e) => /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(e.service_name)![1]);
  expect(services.sort()).toEqual(['dynamodb', 'ec2messages', 'lambda', 's3', 'sqs', 'ssm', 'ssmmessages', 'sts']);
  for (const service of services) expect(diagram).toMatch(new RegExp(`\\b${service.replace('.', '\\.')} (interface|gateway) endpoint`, 'i'));
  expect(diagram).toContain('SSM debug host');
  // The session command an output prints follows var.region like everything else.
  expect(read('outputs.tf')).toMatch(/output "ssm_host_session_command" \{[^}]*--region \$\{var\.region\}/);
  expect(read('outputs.tf')).not.toMatch(/--region eu-west-1/);
});

describe('GIVEN privatelink with the consumer side in another account WHEN exported', () => {
  const { stack, result, read } = exportPattern('privatelink', { consumerAccountId: '210987654321' });

  test('THEN providers.tf holds both configurations, the alias with its assume_role block', () => {
    expect(read('providers.tf')).toMatch(/provider "aws" \{\n  alias += "consumer"\n  allowed_account_ids = \["210987654321"\]\n  region += var\.region\n\n  assume_role \{\n    role_arn += "arn:aws:iam::210987654321:role\/OrganizationAccountAccessRole"/);
    expect(read('privatelink.tf')).toMatch(/resource "aws_vpc" "consumer_network_vpc" \{\n  provider += aws\.consumer/);
  });

  terraformTest()('THEN it is fmt-clean, validates, and plans exactly what the JSON plans (both providers offline)', () => {
    expect(terraformFmt(result.outDir, { check: true })).toBe(true);
    const fromJson = validateAndPlan(stack.stackDir, { region: 'eu-west-1' }).plan;
    const fromHcl = validateAndPlan(result.outDir, { region: 'eu-west-1' }).plan;
    expect(fromHcl).toContain('Success! 1 passed, 0 failed.');
    // The same plan, but for the archives' names and the outputs export adds for other stacks to wire to.
    const json = planSections(fromJson);
    const hcl = planSections(fromHcl);
    expect(hcl.resources).toBe(json.resources);
    for (const [name, text] of Object.entries(json.outputs)) expect({ name, text: hcl.outputs[name] }).toEqual({ name, text });
  });
});

describe('GIVEN the single-environment export WHEN a platform team reviews it', () => {
  test('THEN it pins required_version and the provider, and the provider and every resource read var.region', () => {
    const { read, result } = exported('endpoints');
    expect(read('versions.tf')).toMatch(/^terraform \{\n {2}required_version = ">= 1\.9\.0"\n\n {2}required_providers \{\n {4}aws = \{\n {6}source {2}= "hashicorp\/aws"/m);
    expect(read('providers.tf')).toMatch(/^ {2}region = var\.region$/m);
    expect(read('variables.tf')).toMatch(/^variable "region" \{\n {2}description = .*\n {2}type {8}= string\n {2}default {5}= "eu-west-1"\n/m);
    expect(read('network.tf')).toContain('service_name        = "com.amazonaws.${var.region}.lambda"');
    // Only the defaults name the region: no resource, data source, provider or validation is locked to it.
    for (const file of result.files.filter((f) => f.endsWith('.tf'))) {
      const locked = read(file).split('\n').filter((line) => /eu-west-1/.test(line) && !/^\s+(default|description)\s+=/.test(line) && !/such as \\"eu-west-1\\"/.test(line));
      expect({ file, locked }).toEqual({ file, locked: [] });
    }
  });

  test('THEN var.region replaces the region in what the stack wrote, never in the user\'s values (environment, tags)', () => {
    const json = {
      provider: { aws: [{ region: 'eu-west-1' }] },
      resource: {
        aws_vpc_endpoint: { s3: { service_name: 'com.amazonaws.eu-west-1.s3' } },
        aws_lambda_function: { fn_api_function: { environment: { variables: { HOME_REGION: 'eu-west-1' } }, tags: { Region: 'eu-west-1' } } },
      },
    };
    const shaped = exportTerraform(json, [], { name: 'demo', region: 'eu-west-1' }).json;
    expect(shaped.provider!.aws[0].region).toBe('${var.region}');
    expect(shaped.resource!.aws_vpc_endpoint.s3.service_name).toBe('com.amazonaws.${var.region}.s3');
    expect(shaped.resource!.aws_lambda_function.fn_api_function).toEqual(json.resource.aws_lambda_function.fn_api_function);
    // The synthesized JSON itself is left as it was.
    expect(json.resource.aws_vpc_endpoint.s3.service_name).toBe('com.amazonaws.eu-west-1.s3');
  });

  test('THEN every physical name the stack derived from its name reads var.name_prefix, bounded by the tightest AWS limit', () => {
    const { read, result } = exported('endpoints');
    expect(read('variables.tf')).toMatch(/^variable "name_prefix" \{\n[\s\S]*?default {5}= "demo"\n[\s\S]*?length\(var\.name_prefix\) <= 20\n/m);
    expect(read('functions.tf')).toMatch(/function_name\s+= "\$\{var\.name_prefix\}-caller"/);
    for (const file of result.files.filter((f) => f.endsWith('.tf'))) {
      const fixed = read(file).split('\n').filter((line) => /"(\/aws\/lambda\/)?demo-/.test(line));
      expect({ file, fixed }).toEqual({ file, fixed: [] });
    }
    // A load balancer's 32 characters bound the prefix tighter than 20.
    const alb = exported('internal-alb').read('variables.tf');
    const bound = Number(/length\(var\.name_prefix\) <= (\d+)/.exec(alb)![1]);
    const lbNames = Object.values<any>(synthPattern('internal-alb').json.resource.aws_lb).map((lb) => lb.name as string);
    expect(Math.max(...lbNames.map((n) => n.length - 'demo'.length)) + bound).toBeLessThanOrEqual(32);
  });

  test('THEN its .gitignore keeps state, plans and .terraform out of git, and keeps the lock file in', () => {
    const ignore = exported('endpoints').read('.gitignore').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['*.tfstate', '*.tfstate.*', '.terraform/', 'tfplan']));
    expect(ignore).not.toContain('.terraform.lock.hcl');
  });

  terraformTest()('THEN the AZ validation follows var.region: another region with its AZs plans, AZs of a different region are refused', () => {
    const { stack, result } = exported('endpoints');
    const overrideData = overridesFor(stack.json);
    const moved = validateAndPlan(result.outDir, { region: 'us-east-1', overrideData, variables: { region: 'us-east-1', availability_zones: ['us-east-1a', 'us-east-1b'], name_prefix: 'demo-prod' } }).plan;
    expect(moved).toContain('Success! 1 passed, 0 failed.');
    expect(moved).toContain('"com.amazonaws.us-east-1.lambda"');
    // A second copy's names carry its prefix, none the first copy's.
    expect(moved).toMatch(/function_name\s+= "demo-prod-caller"/);
    expect(moved).toContain('"/aws/lambda/demo-prod-caller"');
    expect(moved).not.toMatch(/"(\/aws\/lambda\/)?demo-(?!prod-)/);
    let refusal = '';
    try {
      planExpectingRefusal(result.outDir, { region: 'us-east-1', overrideData, variables: { region: 'us-east-1', availability_zones: ['eu-west-1a', 'eu-west-1b'] } });
    } catch (err) {
      refusal = String(err);
      // The helper keeps a failed plan's work dir for debugging; this failure is the expected one.
      const kept = /work dir kept at: (\S+)/.exec(refusal)?.[1];
      if (kept) fs.rmSync(path.dirname(kept), { recursive: true, force: true });
    }
    expect(refusal).toMatch(/availability_zones must be distinct AZ names of us-east-1/);
  });
});

describe('the folder is a hand-off, not a scratchpad', () => {
  test('the same config exports byte-identical files', () => {
    const a = exportPattern('privatelink');
    const b = exportProject({ dir: a.stack.projectDir, outDir: path.join(tempDir(), 'again'), fmt: false });
    expect(b.files).toEqual(a.result.files);
    for (const f of a.result.files) expect(fs.readFileSync(path.join(b.outDir, f))).toEqual(fs.readFileSync(path.join(a.result.outDir, f)));
  });

  test('exporting again over an earlier export replaces its unchanged files and keeps the state, .terraform and edits made there', () => {
    const first = exportPattern('internal-alb', { listenerPort: 8080 });
    const out = first.result.outDir;
    fs.writeFileSync(path.join(out, 'terraform.tfstate'), '{"state":1}');
    fs.mkdirSync(path.join(out, '.terraform'));
    fs.writeFileSync(path.join(out, '.terraform.lock.hcl'), '# lock');
    const edited = `${fs.readFileSync(path.join(out, 'outputs.tf'), 'utf8')}\n# the team's own note\n`;
    fs.writeFileSync(path.join(out, 'outputs.tf'), edited);
    const config = path.join(first.stack.projectDir, 'vpc-lambda-gen.json');
    fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(fs.readFileSync(config, 'utf8')), pattern: { id: 'efs', function: 'target' } }));
    const again = exportProject({ dir: first.stack.projectDir, outDir: out, fmt: false });
    expect(fs.readFileSync(path.join(out, 'terraform.tfstate'), 'utf8')).toBe('{"state":1}');
    expect(fs.existsSync(path.join(out, '.terraform'))).toBe(true);
    expect(fs.existsSync(path.join(out, '.terraform.lock.hcl'))).toBe(true);
    // The old pattern's file (unchanged since exported) is gone, or its resources would be declared twice.
    expect(fs.existsSync(path.join(out, 'internal-alb.tf'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'efs.tf'))).toBe(true);
    // The team's edit stays; the new version is beside it, and the run says so.
    expect(fs.readFileSync(path.join(out, 'outputs.tf'), 'utf8')).toBe(edited);
    expect(fs.readFileSync(path.join(out, 'outputs.tf.new'), 'utf8')).toContain('output "');
    expect(again.changes).toContainEqual(expect.stringMatching(/^kept outputs\.tf \(changed since vpc-lambda-gen wrote it\); the new version is in outputs\.tf\.new$/));
    expect(again.changes).toContainEqual(expect.stringMatching(/^removed internal-alb\.tf /));
  });

  test('a non-empty folder that is not an earlier export is refused (exit 2) and left alone', () => {
    const cwd = tempDir();
    expect(runCli(['new', 'app', '--yes'], cwd).status).toBe(0);
    fs.mkdirSync(path.join(cwd, 'infra'));
    fs.writeFileSync(path.join(cwd, 'infra', 'main.tf'), '# theirs');
    const r = runCli(['export', 'infra', '--dir', 'app'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/OUTDIR .*is not empty \(1 entry\) and holds no earlier export/);
    expect(listFiles(path.join(cwd, 'infra'))).toEqual(['main.tf']);
  });
});

describe('CLI', () => {
  test('export OUTDIR --dir PROJECT writes the folder and says what is next; S3 flags give an S3 backend with native locking', () => {
    const cwd = tempDir();
    expect(runCli(['new', 'app', '--pattern', 'private-api', '--yes'], cwd).status).toBe(0);
    const r = runCli(['export', 'handoff', '--dir', 'app', '--backend-bucket', 'team-tfstate', '--backend-key', 'lambda/app.tfstate'], cwd);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Exported stack "app" → handoff\/: .*private-api\.tf/);
    expect(r.stdout).toContain('cd handoff && terraform init && terraform plan');
    const versions = fs.readFileSync(path.join(cwd, 'handoff', 'versions.tf'), 'utf8');
    expect(versions).toMatch(/backend "s3" \{\n(\s+\w+\s+= .*\n)+\s+\}/);
    expect(versions).toMatch(/bucket\s+= "team-tfstate"/);
    expect(versions).toMatch(/key\s+= "lambda\/app\.tfstate"/);
    expect(versions).toMatch(/use_lockfile\s+= true/);
    expect(versions).toMatch(/encrypt\s+= true/);
    expect(fs.readFileSync(path.join(cwd, 'handoff', 'README.md'), 'utf8')).toContain('S3 bucket `team-tfstate`, key `lambda/app.tfstate`, encrypted, with S3 native locking');
    // The config keeps its own backend: the flags were for this export.
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'app', 'vpc-lambda-gen.json'), 'utf8')).backend).toEqual({ type: 'local' });
  });

  test('S3 settings without a bucket, or with --backend local, are refused naming the flag (exit 2)', () => {
    const cwd = tempDir();
    expect(runCli(['new', 'app', '--yes'], cwd).status).toBe(0);
    const noBucket = runCli(['export', 'out', '--dir', 'app', '--backend-key', 'k'], cwd);
    expect(noBucket.status).toBe(2);
    expect(noBucket.stderr).toMatch(/--backend-bucket: required with --backend s3/);
    const mixed = runCli(['export', 'out', '--dir', 'app', '--backend', 'local', '--backend-bucket', 'b'], cwd);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/--backend \(got "local"\): .*apply to --backend s3 only/);
    expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  test('new --backend-bucket saves an S3 backend with the lock file in the config', () => {
    const cwd = tempDir();
    const r = runCli(['new', 'app', '--yes', '--backend-bucket', 'team-tfstate', '--backend-dynamodb-table', 'locks'], cwd);
    expect(r.stderr).toBe('');
    const config = JSON.parse(fs.readFileSync(path.join(cwd, 'app', 'vpc-lambda-gen.json'), 'utf8'));
    expect(config.backend).toEqual({ type: 's3', bucket: 'team-tfstate', useLockfile: true, dynamodbTable: 'locks' });
    const json = JSON.parse(fs.readFileSync(path.join(cwd, 'app', 'cdktf.out', 'stacks', 'app', 'cdk.tf.json'), 'utf8'));
    expect(json.terraform.backend.s3).toMatchObject({ bucket: 'team-tfstate', use_lockfile: true, dynamodb_table: 'locks', encrypt: true });
  });

  test('synth --hcl writes the HCL files in place of cdk.tf.json, fmt-clean, and checks them', () => {
    const cwd = tempDir();
    expect(runCli(['new', 'app', '--pattern', 'efs', '--yes'], cwd).status).toBe(0);
    const r = runCli(['synth', '--dir', 'app', '--hcl'], cwd);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Synthesized stack "app" → .*: versions\.tf, providers\.tf, (variables\.tf, )?network\.tf, functions\.tf, efs\.tf, outputs\.tf/);
    expect(r.stdout).toMatch(/Checked: \d+ passed/);
    const stackDir = path.join(cwd, 'app', 'cdktf.out', 'stacks', 'app');
    const files = fs.readdirSync(stackDir);
    expect(files).not.toContain('cdk.tf.json');
    expect(files).toEqual(expect.arrayContaining(['versions.tf', 'network.tf', 'functions.tf', 'efs.tf', 'outputs.tf', 'assets']));
    // Relative to the stack directory, like the JSON: the state file sits in the project root.
    expect(fs.readFileSync(path.join(stackDir, 'versions.tf'), 'utf8')).toContain('path = "../../../terraform.app.tfstate"');
  });
});
