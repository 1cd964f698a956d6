/**
 * End to end, as a person would: the real CLI in a pseudo-terminal, Enter pressed at every question,
 * then the project it wrote, its Terraform (validate + offline plan), and the same answers as flags
 * giving the same bytes. The pty comes from @cdktf/node-pty-prebuilt-multiarch, which `npm ci`
 * installs with cdktf-cli (prebuilt for Linux, macOS and Windows); without it the test is skipped
 * with a banner, or fails when VLG_REQUIRE_PTY is set.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, listFiles, runCli, tempDir } from './helpers/cli';
import { terraformTest, validateAndPlan } from './helpers/terraform';

interface Pty {
  onData(listener: (data: string) => void): void;
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): void;
  write(data: string): void;
  kill(signal?: string): void;
}

function loadPty(): { spawn: (file: string, args: string[], options: Record<string, unknown>) => Pty } | string {
  try {
    const pty = require('@cdktf/node-pty-prebuilt-multiarch');
    pty.spawn(process.execPath, ['-e', ''], { cols: 80, rows: 24 }).kill();
    return pty;
  } catch (err) {
    return (err as Error).message;
  }
}

const pty = loadPty();
if (typeof pty === 'string') {
  const message = `pseudo-terminal wizard test SKIPPED: @cdktf/node-pty-prebuilt-multiarch does not load (${pty})`;
  if (process.env.VLG_REQUIRE_PTY) throw new Error(message);
  console.warn(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}\n`);
}
const ptyDescribe = typeof pty === 'string' ? describe.skip : describe;

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-B]|\r/g;

interface Session {
  exitCode: number;
  /** Everything the terminal showed, without escape codes. */
  screen: string;
  /** How many times Enter was pressed. */
  enters: number;
}

/**
 * Runs the CLI in a pty and presses Enter whenever a question waits: inquirer draws a waiting question
 * as a line starting "? " and redraws it as "✔ …" once answered, so a question waits when a "? " line
 * follows the last "✔" and Enter has been pressed once per "✔" so far. `typed`: text to type before
 * Enter at the questions that start so.
 */
function pressEnterThroughout(args: string[], cwd: string, typed: Record<string, string> = {}, timeoutMs = 120_000): Promise<Session> {
  const { spawn } = pty as Exclude<typeof pty, string>;
  return new Promise((resolve, reject) => {
    const env = { ...process.env, TERM: 'xterm-256color', FORCE_COLOR: '0' } as Record<string, string>;
    delete env.CI;
    const term = spawn(process.execPath, [CLI, ...args], { name: 'xterm-256color', cols: 140, rows: 50, cwd, env });
    let raw = '';
    let enters = 0;
    let quietTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      term.kill();
      reject(new Error(`wizard did not finish in ${timeoutMs} ms; screen:\n${raw.replace(ANSI, '')}`));
    }, timeoutMs);
    const maybeAnswer = () => {
      const screen = raw.replace(ANSI, '');
      const answered = (screen.match(/✔ /g) ?? []).length;
      const afterLast = screen.slice(screen.lastIndexOf('✔ ') + 1);
      if (answered === enters && /(^|\n)\? /.test(afterLast)) {
        enters += 1;
        const question = afterLast.slice(afterLast.lastIndexOf('? ') + 2);
        const text = Object.entries(typed).find(([start]) => question.startsWith(start))?.[1] ?? '';
        term.write(`${text}\r`);
      }
    };
    term.onData((data) => {
      raw += data;
      clearTimeout(quietTimer);
      quietTimer = setTimeout(maybeAnswer, 150); // let the question finish drawing
    });
    term.onExit(({ exitCode }) => {
      clearTimeout(quietTimer);
      clearTimeout(deadline);
      resolve({ exitCode, screen: raw.replace(ANSI, ''), enters });
    });
  });
}

ptyDescribe('the wizard in a real terminal, Enter at every question', () => {
  const wizardCwd = tempDir('vlg-pty-');
  const flagsCwd = tempDir('vlg-pty-flags-');
  const project = path.join(wizardCwd, 'my-app');
  let session: Session;

  beforeAll(async () => {
    // --no-install: the one question a flag answers, so the test does not download packages.
    session = await pressEnterThroughout(['new', '--no-install'], wizardCwd);
  }, 180_000);

  test('THEN it asks every question, shows the subnet plan and the cost, and exits 0', () => {
    expect({ exitCode: session.exitCode, tail: session.screen.slice(-600) }).toMatchObject({ exitCode: 0 });
    const questions = [
      'Project directory', 'Stack name', 'Connectivity pattern', 'Add capabilities to the pattern?', 'AWS region', 'VPC', 'Availability zones', 'VPC CIDR',
      'Use this subnet plan?', 'One NAT per AZ', 'Which TCP ports may the functions open to the internet?', 'Environments', 'Function names', 'Runtime', 'Memory per function', 'Add an SSM Session Manager host', 'Create my-app?',
    ];
    let at = 0;
    for (const q of questions) {
      const found = session.screen.indexOf(`✔ ${q}`, at);
      expect({ q, found: found >= 0 }).toEqual({ q, found: true });
      at = found;
    }
    expect(session.enters).toBe(questions.length);
    expect(session.screen).toMatch(/Subnet plan for 10\.0\.0\.0\/16 in eu-west-1:\s+eu-west-1a {2}private 10\.0\.0\.0\/20[^\n]*\n\s+eu-west-1b {2}private 10\.0\.16\.0\/20[\s\S]*Use this subnet plan\?/);
    expect(session.screen).toMatch(/Estimated fixed cost: \$38\.69 per month[\s\S]*NAT gateway +1 +\$0\.048\/hour +\$35\.04[\s\S]*Create my-app\?/);
    expect(session.screen).toMatch(/Next:\n {2}cd my-app\n {2}npm install\n {2}npx cdktf deploy/);
  });

  test('THEN the project is complete and its Terraform is the default nat-gateway stack', () => {
    expect(listFiles(project).filter((f) => !f.startsWith('cdktf.out/'))).toEqual([
      '.gitignore', '.vpc-lambda-gen/manifest.json', 'README.md', 'cdktf.json', 'functions/api/index.js', 'main.ts', 'package.json', 'tsconfig.json',
      expect.stringMatching(/^vendor\/vpc-lambda-gen-.*\.tgz$/), 'vpc-lambda-gen.json',
    ]);
    const config = JSON.parse(fs.readFileSync(path.join(project, 'vpc-lambda-gen.json'), 'utf8'));
    expect(config).toMatchObject({ name: 'my-app', region: 'eu-west-1', network: { cidr: '10.0.0.0/16' }, pattern: { id: 'nat-gateway' }, egress: { type: 'nat-gateway', perAz: false, ports: [443] } });
    const tf = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.out/stacks/my-app/cdk.tf.json'), 'utf8'));
    expect(Object.keys(tf.resource.aws_nat_gateway)).toHaveLength(1);
    expect(Object.keys(tf.resource.aws_lambda_function)).toEqual(['fn_api_function']);
    expect(fs.readdirSync(wizardCwd)).toEqual(['my-app']); // no scratch directory left
  });

  test('THEN the same answers given as flags, without a terminal, produce byte-identical files', () => {
    const r = runCli(
      ['new', 'my-app', '--name', 'my-app', '--pattern', 'nat-gateway', '--region', 'eu-west-1', '--azs', '2', '--cidr', '10.0.0.0/16',
        '--no-nat-per-az', '--functions', 'api', '--runtime', 'nodejs22.x', '--memory', '256', '--no-ssm-host', '--no-install'],
      flagsCwd,
    );
    expect(r.stderr).toBe('');
    const files = listFiles(project);
    expect(listFiles(path.join(flagsCwd, 'my-app'))).toEqual(files);
    // The .tgz is a pack of this checkout: its bytes follow dist/ (rebuilt by concurrent builds), not the answers.
    for (const f of files.filter((name) => !name.endsWith('.tgz'))) {
      expect({ f, same: fs.readFileSync(path.join(project, f)).equals(fs.readFileSync(path.join(flagsCwd, 'my-app', f))) }).toEqual({ f, same: true });
    }
  });

  terraformTest()('THEN its Terraform passes terraform validate and an offline plan', () => {
    validateAndPlan(path.join(project, 'cdktf.out/stacks/my-app'), { region: 'eu-west-1' });
  });
});

ptyDescribe('the wizard in a real terminal, answering the environments step', () => {
  const cwd = tempDir('vlg-pty-envs-');
  let session: Session;

  beforeAll(async () => {
    session = await pressEnterThroughout(['new', 'shop', '--no-install'], cwd, { 'Environments (comma-separated, empty for one stack)': 'dev,prod' });
  }, 180_000);

  test('THEN it takes dev,prod, lists both stacks with their VPC and cost, and writes one stack each', () => {
    expect({ exitCode: session.exitCode, tail: session.screen.slice(-600) }).toMatchObject({ exitCode: 0 });
    expect(session.screen).toMatch(/✔ Environments \(comma-separated, empty for one stack\) dev,prod/);
    expect(session.screen).toMatch(/dev: stack shop-dev, eu-west-1, VPC 10\.0\.0\.0\/16[^\n]*\n\s+prod: stack shop-prod, eu-west-1, VPC 10\.1\.0\.0\/16[\s\S]*Create shop\?/);
    const config = JSON.parse(fs.readFileSync(path.join(cwd, 'shop', 'vpc-lambda-gen.json'), 'utf8'));
    expect(config.environments).toEqual({ dev: {}, prod: { network: { cidr: '10.1.0.0/16' } } });
    expect(fs.readdirSync(path.join(cwd, 'shop', 'cdktf.out', 'stacks')).sort()).toEqual(['shop-dev', 'shop-prod']);
  });
});
