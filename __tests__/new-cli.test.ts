/**
 * `new` as a subprocess with no terminal (like CI): flags only, --yes, missing flags, --config,
 * --local/--no-local, Ctrl-C half-way, and which commands load the prompt library.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, listFiles, runCli, tempDir } from './helpers/cli';
import { REPO_ROOT } from './helpers/synth';

const OWN_VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

/** Every default answer of nat-gateway as a flag. */
const ALL_FLAGS = [
  '--name', 'my-app', '--pattern', 'nat-gateway', '--region', 'eu-west-1', '--azs', '2', '--cidr', '10.0.0.0/16',
  '--no-nat-per-az', '--functions', 'api', '--runtime', 'nodejs22.x', '--memory', '256', '--no-ssm-host',
];

function expectSameFiles(a: string, b: string): void {
  const files = listFiles(a);
  expect(listFiles(b)).toEqual(files);
  for (const f of files) expect({ f, same: fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))) }).toEqual({ f, same: true });
}

describe('new without a terminal', () => {
  test('GIVEN no --yes and missing answers THEN it exits 2 naming every missing flag, and writes nothing', () => {
    const cwd = tempDir();
    const r = runCli(['new', 'app', '--pattern', 'nat-gateway', '--region', 'us-east-1'], cwd);
    expect(r.status).toBe(2);
    for (const flag of ['--name', '--azs', '--cidr', '--nat-per-az', '--functions', '--runtime', '--memory', '--ssm-host']) {
      expect(r.stderr).toMatch(new RegExp(`^  - ${flag}: not given, and there is no terminal to ask`, 'm'));
    }
    expect(r.stderr).not.toMatch(/--region:|--pattern:/);
    expect(r.stderr).toMatch(/add --yes to take the default/);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('GIVEN every answer as a flag and no --yes THEN it needs no terminal and writes the same bytes as --yes', () => {
    const flagsOnly = tempDir();
    const yes = tempDir();
    // --no-local: a packed tarball of this checkout changes whenever dist/ is rebuilt; packing is tested below.
    const a = runCli(['new', 'my-app', ...ALL_FLAGS, '--no-local'], flagsOnly);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(runCli(['new', 'my-app', '--yes', '--no-local'], yes).status).toBe(0);
    expectSameFiles(path.join(flagsOnly, 'my-app'), path.join(yes, 'my-app'));
    expect(a.stdout).toMatch(/Estimated fixed cost: \$38\.69 per month/);
  });

  test('GIVEN --pattern peering --yes without its required flags THEN it exits 2 naming them', () => {
    const cwd = tempDir();
    const r = runCli(['new', 'app', '--pattern', 'peering', '--yes'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--peer-vpc-id: required for pattern peering/);
    expect(r.stderr).toMatch(/--peer-cidr: required for pattern peering/);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('GIVEN a flag of another pattern THEN it exits 2 naming the pattern it belongs to', () => {
    const r = runCli(['new', 'app', '--yes', '--peer-cidr', '10.1.0.0/16'], tempDir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--peer-cidr: applies to pattern peering, not nat-gateway/);
  });

  test('GIVEN --no-local THEN the project depends on the published version; by default from a checkout, on a packed tarball of it', () => {
    const cwd = tempDir();
    expect(runCli(['new', 'pub', '--yes', '--no-local'], cwd).status).toBe(0);
    const pub = JSON.parse(fs.readFileSync(path.join(cwd, 'pub', 'package.json'), 'utf8'));
    expect(pub.dependencies['vpc-lambda-gen']).toBe(`^${OWN_VERSION}`);
    expect(fs.existsSync(path.join(cwd, 'pub', 'vendor'))).toBe(false);

    expect(runCli(['new', 'packed', '--yes'], cwd).status).toBe(0);
    const packed = JSON.parse(fs.readFileSync(path.join(cwd, 'packed', 'package.json'), 'utf8'));
    expect(packed.dependencies['vpc-lambda-gen']).toBe(`file:vendor/vpc-lambda-gen-${OWN_VERSION}.tgz`);
    const listing = spawnSync('tar', ['tzf', path.join(cwd, 'packed', 'vendor', `vpc-lambda-gen-${OWN_VERSION}.tgz`)], { encoding: 'utf8' }).stdout;
    expect(listing).toMatch(/^package\/dist\/index\.js$/m);
    expect(listing).not.toMatch(/node_modules|__tests__|\.test\./);
    expect(listing).toMatch(/^package\/templates\/project\/main\.ts\.hbs$/m);
  });

  test('GIVEN --config FILE THEN the new project starts from it; flags still win', () => {
    const cwd = tempDir();
    fs.writeFileSync(
      path.join(cwd, 'base.json'),
      JSON.stringify({ name: 'orders', pattern: { id: 'nat-gateway', natPerAz: true }, availabilityZones: 3, functions: [{ name: 'worker', memoryMb: 512 }], tags: { team: 'payments' } }),
    );
    const r = runCli(['new', 'copy', '--config', 'base.json', '--region', 'us-east-1', '--yes', '--no-local'], cwd);
    expect(r.stderr).toBe('');
    const config = JSON.parse(fs.readFileSync(path.join(cwd, 'copy', 'vpc-lambda-gen.json'), 'utf8'));
    expect(config).toMatchObject({ name: 'orders', region: 'us-east-1', pattern: { id: 'nat-gateway' }, egress: { type: 'nat-gateway', perAz: true }, tags: { team: 'payments' } });
    expect(config.availabilityZones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(config.functions).toMatchObject([{ name: 'worker', memoryMb: 512 }]);
    expect(fs.existsSync(path.join(cwd, 'copy', 'functions', 'worker', 'index.js'))).toBe(true);
  });

  test('GIVEN Ctrl-C (SIGINT) while it renders and synthesizes THEN it exits 130 and leaves no files', async () => {
    const cwd = tempDir();
    const child = spawn(process.execPath, [CLI, 'new', 'app', '--yes'], { cwd, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
    const scratch = `.app.vpc-lambda-gen-${child.pid}`;
    const exited = new Promise<{ code: number | null; sawScratch: boolean }>((resolve) => {
      let sawScratch = false;
      const poll = setInterval(() => {
        if (!sawScratch && fs.existsSync(path.join(cwd, scratch))) {
          sawScratch = true;
          child.kill('SIGINT');
        }
      }, 5);
      child.on('exit', (code) => {
        clearInterval(poll);
        resolve({ code, sawScratch });
      });
    });
    const { code, sawScratch } = await exited;
    expect(sawScratch).toBe(true);
    expect(code).toBe(130);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('commands that do not prompt never load @inquirer/prompts', () => {
    const cwd = tempDir();
    const probe = (args: string[]) => {
      const script = `process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...${JSON.stringify(args)}];
        process.on('exit', () => { process.stderr.write('\\nINQUIRER_LOADED=' + Object.keys(require.cache).some((k) => k.includes('@inquirer')) + '\\n'); });
        require(${JSON.stringify(CLI)});`;
      const r = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      return r.stderr;
    };
    expect(probe(['patterns'])).toMatch(/INQUIRER_LOADED=false/);
    expect(probe(['new', 'app', '--yes', '--no-local'])).toMatch(/INQUIRER_LOADED=false/);
    expect(fs.existsSync(path.join(cwd, 'app', 'vpc-lambda-gen.json'))).toBe(true);
  });

  test('new --help shows the wizard flags and examples', () => {
    const help = runCli(['new', '--help'], REPO_ROOT).stdout;
    for (const flag of ['--functions', '--config', '--install', '--local', '--yes']) expect(help).toContain(flag);
    expect(help).toMatch(/new my-app +Ask each question in the terminal/);
  });
});

describe('new --environments', () => {
  test('GIVEN --environments dev,prod --yes THEN the project has a stack per environment, the config names them, main.ts loops over stacks, and README, scripts and summary name each', () => {
    const cwd = tempDir();
    const r = runCli(['new', 'envs', '--environments', 'dev,prod', '--yes', '--no-local'], cwd);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const dir = path.join(cwd, 'envs');
    expect(fs.readdirSync(path.join(dir, 'cdktf.out', 'stacks')).sort()).toEqual(['envs-dev', 'envs-prod']);

    const config = JSON.parse(fs.readFileSync(path.join(dir, 'vpc-lambda-gen.json'), 'utf8'));
    expect(config).toMatchObject({ name: 'envs', network: { cidr: '10.0.0.0/16' } });
    // The first environment keeps the config's CIDR; the next gets the next /16, and nothing else.
    expect(config.environments).toEqual({ dev: {}, prod: { network: { cidr: '10.1.0.0/16' } } });

    const main = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8');
    expect(main).toMatch(/const \{ app, stacks \} = buildApp\(\{ projectDir: __dirname \}\);\n\nfor \(const stack of stacks\) \{\n {2}\/\/ Your constructs go here/);
    expect(main).not.toMatch(/const \{ app, stack \}/);

    const scripts = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts;
    expect(scripts).toMatchObject({ 'deploy:dev': 'cdktf deploy envs-dev', 'deploy:prod': 'cdktf deploy envs-prod', 'verify:prod': 'vpc-lambda-gen verify --dir . --stack envs-prod' });
    expect(scripts.deploy).toBeUndefined(); // cdktf deploy without a stack refuses several

    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/^# envs$/m);
    expect(readme).toContain('| dev | `envs-dev` | eu-west-1 | `10.0.0.0/16` | eu-west-1a, eu-west-1b | nat-gateway | 1 | $38.69 |');
    expect(readme).toContain('| prod | `envs-prod` | eu-west-1 | `10.1.0.0/16` | eu-west-1a, eu-west-1b | nat-gateway | 1 | $38.69 |');
    expect(readme).toMatch(/- dev: `terraform\.envs-dev\.tfstate`\n- prod: `terraform\.envs-prod\.tfstate`/);
    expect(readme).toContain('`"stg": { "network": { "cidr": "10.2.0.0/16" } }`');
    for (const command of ['npx cdktf deploy envs-dev', 'npx cdktf deploy envs-prod', 'npx vpc-lambda-gen verify --stack envs-prod']) expect(readme).toContain(command);
    expect(readme).not.toContain('cdktf.out/stacks/envs/');

    expect(r.stdout).toMatch(/ dev: stack envs-dev, eu-west-1, VPC 10\.0\.0\.0\/16, nat-gateway, \$38\.69 per month; state terraform\.envs-dev\.tfstate\n +prod: stack envs-prod, eu-west-1, VPC 10\.1\.0\.0\/16/);
    expect(r.stdout).toMatch(/Estimated fixed cost of the 2 environments: \$77\.38 per month \(dev \$38\.69, prod \$38\.69\)/);
    expect(r.stdout).toMatch(/^ {2}npx cdktf deploy envs-dev +# needs Terraform[^\n]*\n {2}npx cdktf deploy envs-prod$/m);
  });

  test('GIVEN a peer CIDR right after the VPC\'s THEN the next environment\'s VPC skips it', () => {
    const cwd = tempDir();
    const r = runCli(['new', 'peer', '--pattern', 'peering', '--peer-vpc-id', 'vpc-0123456789abcdef0', '--peer-cidr', '10.1.0.0/16', '--environments', 'dev,prod', '--yes', '--no-local'], cwd);
    expect(r.stderr).toBe('');
    const config = JSON.parse(fs.readFileSync(path.join(cwd, 'peer', 'vpc-lambda-gen.json'), 'utf8'));
    expect(config.environments).toEqual({ dev: {}, prod: { network: { cidr: '10.2.0.0/16' } } });
  });

  test('GIVEN --config FILE with environments THEN they are kept; --environments "" makes one stack again', () => {
    const cwd = tempDir();
    const environments = { dev: {}, prod: { network: { cidr: '10.1.0.0/16' }, functions: { api: { memoryMb: 1024 } } } };
    fs.writeFileSync(path.join(cwd, 'base.json'), JSON.stringify({ name: 'orders', pattern: { id: 'nat-gateway' }, functions: [{ name: 'api' }], environments }));
    expect(runCli(['new', 'keep', '--config', 'base.json', '--yes', '--no-local'], cwd).stderr).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'keep', 'vpc-lambda-gen.json'), 'utf8')).environments).toEqual(environments);
    expect(runCli(['new', 'drop', '--config', 'base.json', '--environments', '', '--yes', '--no-local'], cwd).stderr).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'drop', 'vpc-lambda-gen.json'), 'utf8')).environments).toBeUndefined();
    expect(fs.readdirSync(path.join(cwd, 'drop', 'cdktf.out', 'stacks'))).toEqual(['orders']);
  });

  test.each([
    ['prod-1', /"prod-1": environment names are 1–10 lowercase letters and digits/],
    ['DEV', /"DEV": environment names are 1–10 lowercase letters and digits/],
    ['dev,prod,dev', /"dev" is listed twice; name each environment once/],
    ['dev,staging01', /"staging01": the stack name "my-app-name-staging01" has 21 characters; name and environment together may have 20/],
  ])('GIVEN --environments %s THEN it exits 2 naming --environments and writes nothing', (value, message) => {
    const cwd = tempDir();
    const r = runCli(['new', 'my-app-name', '--environments', value, '--yes', '--no-local'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^  - --environments \\(got "${value}"\\): ${message.source}`, 'm'));
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});
