/**
 * What the user writes reaches Terraform exactly as written, and nothing else does: environment
 * values with `${…}`/`%{…}` stay literal (JSON, HCL export, and Terraform's own plan), tag keys keep
 * their spelling, and function archives are built in the output folder only, verified before reuse,
 * the same bytes whether `vpc-lambda-gen synth` or cdktf's own runner (CDKTF_OUTDIR) writes them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportProject } from '../generator/export';
import { listFiles, runCli, tempDir } from './helpers/cli';
import { rawConfig, REPO_ROOT, resource, synth } from './helpers/synth';
import { terraformTest, validateAndPlan } from './helpers/terraform';

const ENVIRONMENT = {
  HOST: '${file("/etc/hostname")}',
  LOOP: '%{ for x in ["a"] }${x}%{ endfor }',
  ALREADY: '$${x}',
  PLAIN: 'https://checkip.amazonaws.com',
};
const TAGS = { CostCenter: '1', 'Cost Center': '2', 'team:owner': 'payments' };

describe('GIVEN template openers in environment values and tag keys of three spellings', () => {
  const stack = synth(rawConfig({ functions: [{ name: 'api', environment: ENVIRONMENT }], tags: TAGS }));
  const fn = resource(stack.json, 'aws_lambda_function', 'fn_api_function');

  test('THEN the JSON escapes each opener once, so Terraform evaluates none of them', () => {
    expect(fn.environment.variables).toEqual({
      HOST: '$${file("/etc/hostname")}',
      LOOP: '%%{ for x in ["a"] }$${x}%%{ endfor }',
      ALREADY: '$$${x}',
      PLAIN: 'https://checkip.amazonaws.com',
    });
  });

  test('THEN var.tags keeps every key as written (no cost_center, nothing merged)', () => {
    expect(stack.json.variable!.tags.default).toEqual(TAGS);
    expect(stack.text).not.toMatch(/cost_center|team_owner/);
  });

  test('THEN the HCL export keeps the values literal and the keys as written', () => {
    const out = path.join(tempDir(), 'out');
    exportProject({ dir: stack.projectDir, outDir: out, fmt: false });
    const functions = fs.readFileSync(path.join(out, 'functions.tf'), 'utf8');
    expect(functions).toContain('HOST    = "$${file(\\"/etc/hostname\\")}"');
    expect(functions).toContain('ALREADY = "$$${x}"');
    expect(functions).toContain('LOOP    = "%%{ for x in [\\"a\\"] }$${x}%%{ endfor }"');
    const variables = fs.readFileSync(path.join(out, 'variables.tf'), 'utf8');
    expect(variables).toMatch(/default = \{\n\s+"Cost Center" = "2"\n\s+CostCenter\s+= "1"\n\s+"team:owner"\s+= "payments"\n\s+\}/);
  });

  terraformTest()('THEN Terraform\'s own plan shows the characters as written', () => {
    const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1' });
    expect(plan).toContain('"HOST"    = "${file(\\"/etc/hostname\\")}"');
    expect(plan).toContain('"ALREADY" = "$${x}"');
    expect(plan).not.toMatch(/"HOST"\s+= "[^$]/); // not the file's content
  });
});

describe('function archives', () => {
  test('GIVEN a synth THEN nothing is cached in the system temp folder: the archive is only in the output', () => {
    const tmp = tempDir('vlg-tmpdir-');
    const project = projectWithCode();
    const out = path.join(tempDir(), 'out');
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'synth', '--dir', project, '--out', out], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    expect(r.status).toBe(0);
    expect(fs.readdirSync(tmp)).toEqual([]);
    expect(listFiles(out).filter((f) => f.endsWith('archive.zip'))).toHaveLength(1);
  });

  test('GIVEN a planted archive with the right name and wrong bytes where cdktf synthesizes in place THEN it is rewritten, matching its hash', () => {
    const project = projectWithCode();
    const out = path.join(tempDir(), 'cdktf-out');
    const app = (env: Record<string, string>) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/main.js')], { encoding: 'utf8', env: { ...process.env, ...env } });
    expect(app({ VPC_LAMBDA_GEN_DIR: project, CDKTF_OUTDIR: out }).status).toBe(0);
    const [archive] = listFiles(out).filter((f) => f.endsWith('archive.zip'));
    const hash = archive.split('/').at(-2)!;
    fs.writeFileSync(path.join(out, archive), 'PLANTED');
    expect(app({ VPC_LAMBDA_GEN_DIR: project, CDKTF_OUTDIR: out }).status).toBe(0);
    const bytes = fs.readFileSync(path.join(out, archive));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(hash);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks/app/cdk.tf.json'), 'utf8'));
    expect(json.resource.aws_lambda_function.fn_api_function.source_code_hash).toBe(createHash('sha256').update(bytes).digest('base64'));
  });

  test('GIVEN the app run as cdktf runs it (CDKTF_OUTDIR) and vpc-lambda-gen synth THEN both write the same bytes, mark included', () => {
    const project = projectWithCode();
    const viaCdktf = path.join(tempDir(), 'cdktf-out');
    const viaCli = path.join(tempDir(), 'cli-out');
    expect(spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/main.js')], { env: { ...process.env, VPC_LAMBDA_GEN_DIR: project, CDKTF_OUTDIR: viaCdktf } }).status).toBe(0);
    expect(runCli(['synth', '--dir', project, '--out', viaCli], os.tmpdir()).status).toBe(0);
    const files = listFiles(viaCli);
    expect(files).toContain('.vpc-lambda-gen/manifest.json');
    expect(listFiles(viaCdktf)).toEqual(files);
    for (const f of files) expect({ f, bytes: fs.readFileSync(path.join(viaCdktf, f)) }).toEqual({ f, bytes: fs.readFileSync(path.join(viaCli, f)) });
  });
});

function projectWithCode(): string {
  const project = tempDir('vlg-project-');
  fs.cpSync(path.join(REPO_ROOT, 'templates/handlers/egress-check/nodejs'), path.join(project, 'functions/api'), { recursive: true });
  fs.writeFileSync(path.join(project, 'vpc-lambda-gen.json'), JSON.stringify(rawConfig({ name: 'app' })));
  return project;
}
