import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles, runCli, tempDir } from './helpers/cli';
import { REPO_ROOT } from './helpers/synth';

const OWN_VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

describe('vpc-lambda-gen CLI', () => {
  test('--help lists the commands; each command has its own help', () => {
    const top = runCli(['--help'], REPO_ROOT);
    expect(top.status).toBe(0);
    for (const cmd of ['new [dir]', 'synth', 'patterns']) expect(top.stdout).toContain(`vpc-lambda-gen ${cmd}`);
    const help = runCli(['new', '--help'], REPO_ROOT);
    expect(help.stdout).toMatch(/--pattern/);
    expect(help.stdout).toMatch(/--nat-per-az/);
    expect(help.stdout).toMatch(/Examples:/);
  });

  test('an unknown command or flag exits 2 with a hint', () => {
    const r = runCli(['new', 'x', '--yes', '--regoin', 'eu-west-1'], tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: regoin/);
  });

  test('patterns --json lists every pattern id with a description', () => {
    const r = runCli(['patterns', '--json'], REPO_ROOT);
    const rows = JSON.parse(r.stdout) as { id: string; useWhen: string }[];
    expect(rows.map((p) => p.id)).toContain('nat-gateway');
    for (const row of rows) expect(row.useWhen.length).toBeGreaterThan(10);
  });

  describe('new --yes', () => {
    const cwd = tempDir();
    const first = runCli(['new', 'my-app', '--yes'], cwd);
    const project = path.join(cwd, 'my-app');

    test('GIVEN default answers THEN it writes the project and its synthesized Terraform, and prints next steps', () => {
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(listFiles(project).filter((f) => !f.includes('/assets/'))).toEqual([
        '.gitignore',
        '.vpc-lambda-gen/manifest.json',
        'README.md',
        'cdktf.json',
        'cdktf.out/.vpc-lambda-gen/manifest.json',
        'cdktf.out/manifest.json',
        'cdktf.out/stacks/my-app/cdk.tf.json',
        'cdktf.out/stacks/my-app/hcl-layout.json',
        'functions/api/index.js',
        'main.ts',
        'package.json',
        'tsconfig.json',
        `vendor/vpc-lambda-gen-${OWN_VERSION}.tgz`,
        'vpc-lambda-gen.json',
      ]);
      expect(first.stdout).toMatch(/Next:\n {2}cd my-app\n {2}npm install\n {2}npx cdktf deploy/);
      const pkg = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'));
      // From a source checkout (unpublished), the project depends on a packed tarball of it; see new-cli.test.ts for --no-local.
      expect(pkg.dependencies).toEqual({ cdktf: '0.21.0', constructs: '10.4.2', 'vpc-lambda-gen': `file:vendor/vpc-lambda-gen-${OWN_VERSION}.tgz` });
      const config = JSON.parse(fs.readFileSync(path.join(project, 'vpc-lambda-gen.json'), 'utf8'));
      expect(config).toMatchObject({ name: 'my-app', region: 'eu-west-1', pattern: { id: 'nat-gateway' } });
    });

    test('templates hold no Terraform: main.ts only calls the constructs', () => {
      const main = fs.readFileSync(path.join(project, 'main.ts'), 'utf8');
      expect(main).toContain("from 'vpc-lambda-gen'");
      expect(main).not.toMatch(/aws_|provider-aws/);
    });

    test('the same answers give byte-identical files', () => {
      const again = tempDir();
      expect(runCli(['new', 'my-app', '--yes'], again).status).toBe(0);
      // The .tgz is a pack of this checkout: its bytes follow dist/, not the answers.
      const files = listFiles(project).filter((f) => !f.endsWith('.zip') && !f.endsWith('.tgz'));
      expect(listFiles(path.join(again, 'my-app')).filter((f) => !f.endsWith('.zip') && !f.endsWith('.tgz'))).toEqual(files);
      for (const f of files) {
        expect({ f, text: fs.readFileSync(path.join(again, 'my-app', f), 'utf8') }).toEqual({ f, text: fs.readFileSync(path.join(project, f), 'utf8') });
      }
    });

    test('synth --dir of the generated project reproduces the same cdk.tf.json', () => {
      const file = path.join(project, 'cdktf.out/stacks/my-app/cdk.tf.json');
      const before = fs.readFileSync(file, 'utf8');
      const r = runCli(['synth', '--dir', 'my-app'], cwd);
      expect(r.status).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
    });

    test('a non-empty directory is refused without --force, and nothing is touched', () => {
      const readme = path.join(project, 'README.md');
      fs.writeFileSync(path.join(project, 'NOTES.md'), 'mine');
      const r = runCli(['new', 'my-app', '--yes', '--region', 'us-east-1'], cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/DIR .*is not empty.*--force/s);
      expect(fs.readFileSync(path.join(project, 'vpc-lambda-gen.json'), 'utf8')).toContain('"eu-west-1"');
      expect(fs.existsSync(readme)).toBe(true);
    });

    test('--force replaces generated files and keeps the user\'s own', () => {
      const r = runCli(['new', 'my-app', '--yes', '--region', 'us-east-1', '--force'], cwd);
      expect(r.status).toBe(0);
      expect(fs.readFileSync(path.join(project, 'vpc-lambda-gen.json'), 'utf8')).toContain('"us-east-1"');
      expect(fs.readFileSync(path.join(project, 'NOTES.md'), 'utf8')).toBe('mine');
      expect(fs.readdirSync(cwd).filter((f) => f.startsWith('.'))).toEqual([]); // no scratch dirs left
    });
  });

  describe('bad input exits 2, names the field and writes nothing', () => {
    const cases: [string, string[], RegExp][] = [
      ['malformed CIDR', ['--cidr', '10.0.0/16'], /network\.cidr \(got "10\.0\.0\/16"\): not an IPv4 CIDR/],
      ['CIDR too small for the subnets', ['--cidr', '10.0.0.0/26'], /network\.cidr.*need .* addresses but the VPC has 64/],
      ['AZ count out of range', ['--azs', '9'], /availabilityZones \(got 9\): use 1–6/],
      ['AZ not in the region', ['--azs', 'eu-west-1a,eu-west-1z'], /availabilityZones\[1\].*not an AZ of eu-west-1/],
      ['memory out of range', ['--memory', '64'], /functions\[0\]\.memoryMb \(got 64\): AWS Lambda needs at least 128 MB/],
      ['timeout out of range', ['--timeout', '1000'], /functions\[0\]\.timeoutSeconds \(got 1000\)/],
      ['bad stack name', ['--name', 'Bad_Name'], /name \(got "Bad_Name"\): use 2–20 lowercase/],
    ];
    test.each(cases)('%s', (_what, flags, message) => {
      const cwd = tempDir();
      const r = runCli(['new', 'app', '--yes', ...flags], cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(fs.readdirSync(cwd)).toEqual([]);
    });

    test('synth of an invalid config file exits 2 and leaves no output', () => {
      const cwd = tempDir();
      fs.writeFileSync(path.join(cwd, 'vpc-lambda-gen.json'), JSON.stringify({ name: 'x1', pattern: { id: 'nat-gateway' }, functions: [{ name: 'api' }], natPerAz: true }));
      const r = runCli(['synth'], cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/unknown key "natPerAz"/);
      expect(fs.readdirSync(cwd)).toEqual(['vpc-lambda-gen.json']);
    });

    test('synth with a missing handler directory names functions[0].source', () => {
      const cwd = tempDir();
      fs.writeFileSync(path.join(cwd, 'vpc-lambda-gen.json'), JSON.stringify({ name: 'x1', pattern: { id: 'nat-gateway' }, functions: [{ name: 'api' }] }));
      const r = runCli(['synth'], cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/functions\[0\]\.source \(got "functions\/api"\): no such directory/);
      expect(fs.readdirSync(cwd)).toEqual(['vpc-lambda-gen.json']);
    });
  });

  test('synth --dir . in the repo builds the committed example, twice byte-identical', () => {
    const out1 = tempDir();
    const out2 = tempDir();
    expect(runCli(['synth', '--dir', '.', '--out', out1], REPO_ROOT).status).toBe(0);
    expect(runCli(['synth', '--dir', '.', '--out', out2], REPO_ROOT).status).toBe(0);
    const a = fs.readFileSync(path.join(out1, 'stacks/example/cdk.tf.json'), 'utf8');
    expect(fs.readFileSync(path.join(out2, 'stacks/example/cdk.tf.json'), 'utf8')).toBe(a);
    expect(JSON.parse(a).resource.aws_nat_gateway).toBeDefined();
  });
});
