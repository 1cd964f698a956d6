/**
 * The `new` wizard with injected answers (a scripted Prompter instead of a terminal): question order,
 * every pattern's question path, validation as typed, flags, --config, no-terminal runs, and runs
 * that stop half-way leaving nothing behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PATTERNS, type PatternSpec } from '../generator/catalog';
import type { NewArgs } from '../generator/commands/new';
import { ConfigError } from '../generator/config/errors';
import * as configIo from '../generator/config/io';
import { validateConfig } from '../generator/config/validate';
import { EGRESS_FLAGS } from '../generator/catalog/egress';
import { answersToRawConfig, optionsShape, patternOptionDefault, type NewAnswers } from '../generator/new/answers';
import * as project from '../generator/new/project';
import { WizardCancelled, type Prompter } from '../generator/new/prompter';
import { configSamples } from '../generator/new/render';
import { runNew } from '../generator/new/run';
import { collectAnswers } from '../generator/new/wizard';
import { listFiles, tempDir } from './helpers/cli';
import { attempts, CTRL_C, scriptedPrompter } from './helpers/prompter';
import { REPO_ROOT } from './helpers/synth';

/** Valid values for required pattern flags (they have no default, so Enter cannot answer them). */
const REQUIRED_SAMPLES: Record<string, string> = {
  'peer-vpc-id': 'vpc-0a1b2c3d4e5f67890',
  'peer-cidr': '10.1.0.0/16',
  'allowed-principals': '123456789012',
};

function requiredSamples(spec: PatternSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [flag, def] of Object.entries(spec.flags)) {
    if (!def.required) continue;
    if (!(flag in REQUIRED_SAMPLES)) throw new Error(`pattern ${spec.id}: add a valid value for its required flag --${flag} to REQUIRED_SAMPLES in ${__filename}`);
    out[flag] = REQUIRED_SAMPLES[flag];
  }
  return out;
}

function newArgs(extra: Record<string, unknown> = {}): NewArgs {
  return { yes: false, force: false, local: false, ...extra } as NewArgs;
}

/** A prompter that fails the test if anything is asked. */
const noPrompts: Prompter = new Proxy({} as Prompter, {
  get: (_t, name) => () => Promise.reject(new Error(`prompted (${String(name)}) although the run may not prompt`)),
});

/** Only the questions (no project): the answers, what was asked, and the config they validate to. */
async function ask(extra: Record<string, unknown>, script: Record<string, unknown>) {
  const events: string[] = [];
  const prompter = scriptedPrompter(script, events);
  const result = await collectAnswers(newArgs(extra), { interactive: true, yes: false, prompter, log: (l) => events.push(l) });
  return { prompter, events, result, config: validateConfig(answersToRawConfig(result.answers)).config };
}

/** The whole command with injected answers; npm install is recorded, not run. */
async function runWizard(extra: Record<string, unknown>, script: Record<string, unknown>) {
  const events: string[] = [];
  const prompter = scriptedPrompter(script, events);
  const install = jest.spyOn(project, 'installDependencies').mockImplementation(() => undefined);
  try {
    await runNew(newArgs(extra), { interactive: true, prompter, log: (l) => events.push(l) });
    return { prompter, events, installedIn: install.mock.calls.map(([dir]) => dir) };
  } finally {
    install.mockRestore();
  }
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe('new: the wizard, with answers injected', () => {
  describe('GIVEN Enter pressed on every question', () => {
    const wizardParent = tempDir();
    const yesParent = tempDir();
    const dir = path.join(wizardParent, 'my-app');
    let run: Awaited<ReturnType<typeof runWizard>>;
    beforeAll(async () => {
      run = await runWizard({}, { dir });
      await runNew(newArgs({ dir: path.join(yesParent, 'my-app'), yes: true }), { interactive: false, prompter: noPrompts, log: () => {} });
    });

    test('THEN it asks in the issue\'s order: directory, name, pattern, region, new or existing VPC, AZs, CIDR (+ plan), pattern, environments, functions, SSM, install, confirm', () => {
      expect(run.prompter.asked.map((q) => q.name)).toEqual([
        'dir', 'name', 'pattern', 'with', 'region', 'vpc', 'azs', 'cidr', 'subnets', 'nat-per-az', 'egress-ports', 'environments', 'functions', 'runtime', 'memory', 'ssm-host', 'install', 'create',
      ]);
      const pattern = run.prompter.asked.find((q) => q.name === 'pattern')!;
      expect(pattern.choices).toEqual(PATTERNS.map((p) => p.id));
    });

    test('THEN every question offers a default, and the defaults make a working project (npm install requested there)', () => {
      for (const q of run.prompter.asked) expect({ q: q.name, hasDefault: q.default !== undefined }).toEqual({ q: q.name, hasDefault: true });
      expect(run.installedIn).toEqual([dir]);
      expect(JSON.parse(read(dir, 'vpc-lambda-gen.json'))).toMatchObject({ name: 'my-app', region: 'eu-west-1', pattern: { id: 'nat-gateway' }, egress: { type: 'nat-gateway', perAz: false, ports: [443] } });
      expect(JSON.parse(read(dir, 'cdktf.out/stacks/my-app/cdk.tf.json')).resource.aws_nat_gateway).toBeDefined();
    });

    test('THEN it writes byte-identical files to `new --yes`', () => {
      const files = listFiles(dir);
      expect(files).toContain('README.md');
      expect(listFiles(path.join(yesParent, 'my-app'))).toEqual(files);
      for (const f of files) expect({ f, same: fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(yesParent, 'my-app', f))) }).toEqual({ f, same: true });
    });

    test('THEN the summary with the estimated monthly cost comes before the final confirmation', () => {
      const create = run.events.indexOf('? create');
      const cost = run.events.findIndex((l) => l.startsWith('Estimated fixed cost: $38.69 per month (eu-west-1'));
      expect(cost).toBeGreaterThan(run.events.indexOf('? install'));
      expect(cost).toBeLessThan(create);
      expect(run.events.slice(cost, create).join('\n')).toMatch(/NAT gateway\s+1\s+\$0\.048\/hour\s+\$35\.04[\s\S]*Public IPv4 address\s+1\s+\$0\.005\/hour\s+\$3\.65/);
    });
  });

  describe.each(PATTERNS.map((p) => [p.id, p] as const))('pattern %s', (_id, spec) => {
    const samples = requiredSamples(spec);
    let asked: Awaited<ReturnType<typeof ask>>;
    beforeAll(async () => {
      asked = await ask({}, { dir: path.join(tempDir(), 'proj'), pattern: spec.id, ...samples });
    });

    test('GIVEN Enter (a value only where a flag is required) THEN it asks exactly the pattern\'s flags, each with the right kind of question', () => {
      const flagQuestions = asked.prompter.asked.filter((q) => spec.flags[q.name]);
      // Which function plays which part is asked only when there are more functions than parts.
      const expected = Object.keys(spec.flags).filter((f) => !spec.flags[f].when && !spec.flags[f].choosesFunction);
      expect(flagQuestions.map((q) => q.name).filter((n) => !spec.flags[n].when)).toEqual(expected);
      for (const q of flagQuestions) {
        const def = spec.flags[q.name];
        const kinds = { boolean: ['confirm'], number: ['number'], string: ['input', 'select'], list: ['checkbox', 'input'] }[def.type];
        expect({ flag: q.name, kind: q.kind, ok: kinds.includes(q.kind) }).toEqual({ flag: q.name, kind: q.kind, ok: true });
        if (def.choices) expect(q.choices).toEqual([...def.choices]);
      }
      expect(asked.config.pattern.id).toBe(spec.id);
    });

    test('THEN the same answers as flags with --yes give the same config', async () => {
      const viaFlags = await collectAnswers(newArgs({ dir: asked.result.answers.dir, yes: true, pattern: spec.id, ...samples }), {
        interactive: false,
        yes: true,
        log: () => {},
      });
      expect(validateConfig(answersToRawConfig(viaFlags.answers)).config).toEqual(asked.config);
    });

    test('THEN the project has each sample handler, and a README with the diagram, the pitfalls and the cost', async () => {
      const { answers } = asked.result;
      const validated = validateConfig(answersToRawConfig(answers));
      const created = await project.createProject({ dir: answers.dir, validated });
      for (const fn of spec.defaultFunctions) {
        const sampleDir = path.join(REPO_ROOT, 'templates', 'handlers', fn.handler, 'nodejs');
        for (const f of listFiles(sampleDir)) expect(read(path.join(created.dir, 'functions', fn.name), f)).toBe(read(sampleDir, f));
      }
      const readme = read(created.dir, 'README.md');
      expect(readme).toContain('```mermaid\nflowchart LR\n');
      for (const line of spec.diagram) expect(readme).toContain(`  ${line}\n`);
      for (const pitfall of spec.pitfalls) expect(readme).toContain(`- ${pitfall}\n`);
      expect(readme).toMatch(/\| \*\*Total fixed cost\*\* \| \| \| \*\*\$\d+\.\d\d\*\* \|/);
      expect(readme).toMatch(/destroy.*minutes/is);
    });

    test('GIVEN the functions renamed THEN each keeps its sample handler and options that named it follow', async () => {
      const renamed = spec.defaultFunctions.map((f) => `my-${f.name}`);
      const r = await ask({}, { dir: path.join(tempDir(), 'proj'), pattern: spec.id, functions: renamed.join(', '), ...samples });
      expect(r.config.functions.map((f) => f.name)).toEqual(renamed);
      const handlers = Object.fromEntries(Object.entries(configSamples(r.config)).map(([name, s]) => [name, s.handler]));
      expect(handlers).toEqual(Object.fromEntries(renamed.map((name, i) => [name, spec.defaultFunctions[i].handler])));
      spec.defaultFunctions.forEach((fn, i) => {
        for (const field of Object.keys(optionsShape(spec))) {
          if (patternOptionDefault(spec, field) === fn.name) expect({ field, value: r.config.pattern[field] }).toEqual({ field, value: renamed[i] });
        }
      });
    });
  });

  test('GIVEN two functions renamed THEN the project copies their samples under the new names and the diagram shows them', async () => {
    const spec = PATTERNS.find((p) => p.defaultFunctions.length >= 2)!;
    const dir = path.join(tempDir(), 'renamed');
    await runWizard({ pattern: spec.id, install: false }, { dir, functions: 'front,back', ...requiredSamples(spec) });
    const config = JSON.parse(read(dir, 'vpc-lambda-gen.json'));
    expect(config.functions.map((f: { name: string }) => f.name)).toEqual(['front', 'back']);
    const [first, second] = spec.defaultFunctions;
    expect(read(dir, 'functions/front/index.js')).toBe(read(path.join(REPO_ROOT, 'templates/handlers', first.handler, 'nodejs'), 'index.js'));
    expect(read(dir, 'functions/back/index.js')).toBe(read(path.join(REPO_ROOT, 'templates/handlers', second.handler, 'nodejs'), 'index.js'));
    const readme = read(dir, 'README.md');
    expect(readme).toContain('λ front');
    expect(readme).not.toContain(`λ ${first.name} `);
  });

  describe('answers are validated as typed, by the config validation, and asked again', () => {
    // question, bad answer, good answer, the config field it sets, extra script (pattern and its required flags)
    const cases: [string, unknown, unknown, string, Record<string, unknown>][] = [
      ['name', 'Bad_Name', 'orders', 'name', {}],
      ['region', 'eu-west-l', 'eu-west-2', 'region', {}],
      ['azs', '9', '3', 'availabilityZones', {}],
      ['azs', '1', '2', 'availabilityZones', {}],
      ['azs', 'eu-west-1a,eu-west-1z', 'eu-west-1a,eu-west-1c', 'availabilityZones[1]', {}],
      ['cidr', '10.0.0.1/16', '10.1.0.0/16', 'network.cidr', {}],
      ['cidr', '10.0.0.0/26', '10.0.0.0/18', 'network.cidr', {}],
      ['functions', 'API', 'api', 'functions[0].name', {}],
      ['functions', 'api,api', 'api,worker', 'functions[1].name', {}],
      ['memory', 64, 512, 'functions[0].memoryMb', {}],
      ['nat-instance-type', 't3.micro', 't4g.micro', 'egress.instanceType', { pattern: 'nat-instance' }],
      ['peer-cidr', '10.0.5.0/24', '10.1.0.0/16', 'pattern.peerCidr', { pattern: 'peering', 'peer-vpc-id': REQUIRED_SAMPLES['peer-vpc-id'] }],
      ['endpoints', 'lamda', 'sts', 'egress.endpoints[0]', { pattern: 'endpoints' }],
      ['environments', 'dev,Prod', 'dev,prod', 'environments.Prod', {}],
    ];
    const answerKey: Record<string, keyof NewAnswers> = { name: 'name', region: 'region', azs: 'azs', cidr: 'cidr', functions: 'functions', memory: 'memory', environments: 'environments' };

    /** What validateConfig itself says about the bad value, everything else default. */
    function configVerdict(question: string, bad: unknown, extra: Record<string, unknown>, field: string): string {
      const patternId = (extra.pattern as string | undefined) ?? 'nat-gateway';
      const spec = PATTERNS.find((p) => p.id === patternId)!;
      const answers: NewAnswers = { dir: 'proj', pattern: patternId, patternFlags: { ...requiredSamples(spec) } };
      for (const [k, v] of Object.entries(extra)) if (spec.flags[k]) answers.patternFlags[k] = v;
      const key = answerKey[question];
      if (key) (answers as unknown as Record<string, unknown>)[key] = key === 'functions' || key === 'environments' ? String(bad).split(',') : bad;
      else if (EGRESS_FLAGS[question]) answers.egressFlags = { [question]: bad };
      else answers.patternFlags[question] = bad;
      try {
        validateConfig(answersToRawConfig(answers));
      } catch (err) {
        const issue = (err as ConfigError).issues.find((i) => i.field === field);
        if (issue) return issue.message;
      }
      throw new Error(`validateConfig raised nothing on ${field} for ${JSON.stringify(bad)}`);
    }

    test.each(cases)('%s: %p is refused with the reason, then %p is taken', async (question, bad, good, field, extra) => {
      const r = await ask({}, { dir: path.join(tempDir(), 'proj'), ...extra, [question]: attempts(bad, good) });
      expect(r.prompter.refused.map((x) => [x.name, x.value])).toEqual([[question, bad]]);
      expect(r.prompter.refused[0].reason).toContain(configVerdict(question, bad, extra, field));
      expect(r.prompter.asked.filter((q) => q.name === question)).toHaveLength(1); // asked once, answered twice: re-asked in place
      const raw = answersToRawConfig(r.result.answers) as unknown as Record<string, unknown>;
      expect(JSON.stringify(raw)).toContain(typeof good === 'string' ? good.split(',')[0] : String(good));
    });
  });

  test('GIVEN region, AZs and CIDR THEN the subnet plan is shown before it is confirmed; "no" asks for the CIDR again', async () => {
    const r = await ask({}, {
      dir: path.join(tempDir(), 'proj'),
      region: 'us-east-1',
      azs: '3',
      cidr: attempts('10.0.0.0/16', '10.20.0.0/16'),
      subnets: attempts(false, true),
    });
    const firstPlan = r.events.indexOf('  Subnet plan for 10.0.0.0/16 in us-east-1:');
    expect(firstPlan).toBeGreaterThan(r.events.indexOf('? cidr'));
    expect(r.events.slice(firstPlan + 1, firstPlan + 4)).toEqual([
      '    us-east-1a  private 10.0.0.0/20 (4,091 IPs)  public 10.0.48.0/24 (251 IPs)',
      '    us-east-1b  private 10.0.16.0/20 (4,091 IPs)  public 10.0.49.0/24 (251 IPs)',
      '    us-east-1c  private 10.0.32.0/20 (4,091 IPs)  public 10.0.50.0/24 (251 IPs)',
    ]);
    expect(r.events[firstPlan + 4]).toBe('? subnets');
    const secondPlan = r.events.indexOf('  Subnet plan for 10.20.0.0/16 in us-east-1:');
    expect(secondPlan).toBeGreaterThan(firstPlan + 4);
    expect(r.events[secondPlan + 1]).toBe('    us-east-1a  private 10.20.0.0/20 (4,091 IPs)  public 10.20.48.0/24 (251 IPs)');
    expect(r.config.network).toMatchObject({ cidr: '10.20.0.0/16' });
  });

  test('GIVEN an IGW-less pattern THEN the plan has no public subnets', async () => {
    const r = await ask({}, { dir: path.join(tempDir(), 'proj'), pattern: 'endpoints' });
    const plan = r.events.indexOf('  Subnet plan for 10.0.0.0/16 in eu-west-1:');
    expect(r.events[plan + 1]).toBe('    eu-west-1a  private 10.0.0.0/20 (4,091 IPs)');
  });

  test('GIVEN flags THEN their questions are skipped; a bad flag value is shown and asked again', async () => {
    const r = await ask({ region: 'us-east-1', azs: '3', cidr: '10.0.0.1/16', 'nat-per-az': true }, { dir: path.join(tempDir(), 'proj'), cidr: '10.1.0.0/16' });
    const names = r.prompter.asked.map((q) => q.name);
    expect(names).not.toContain('region');
    expect(names).not.toContain('azs');
    expect(names).not.toContain('nat-per-az');
    expect(r.events).toContain('  --cidr "10.0.0.1/16": host bits are set; did you mean "10.0.0.0/16"?');
    expect(r.config).toMatchObject({ region: 'us-east-1', network: { cidr: '10.1.0.0/16' }, egress: { perAz: true } });
    expect(r.config.availabilityZones).toHaveLength(3);
  });

  test('GIVEN a runtime and memory THEN every function gets them', async () => {
    const r = await ask({ pattern: 'private-api' }, { dir: path.join(tempDir(), 'proj'), runtime: 'nodejs20.x', memory: 1024 });
    expect(r.config.functions.map((f) => [f.name, f.runtime, f.memoryMb])).toEqual([
      ['caller', 'nodejs20.x', 1024],
      ['target', 'nodejs20.x', 1024],
    ]);
  });

  describe('--config FILE starts from an existing vpc-lambda-gen.json', () => {
    const file = path.join(tempDir(), 'vpc-lambda-gen.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        name: 'orders',
        region: 'us-east-1',
        availabilityZones: 3,
        network: { cidr: '10.5.0.0/16' },
        pattern: { id: 'nat-gateway', natPerAz: true },
        functions: [
          { name: 'worker', memoryMb: 512, environment: { MODE: 'batch' } },
          { name: 'reporter', memoryMb: 1024 },
        ],
        tags: { team: 'payments' },
        logRetentionDays: 90,
        generatedFiles: ['stale.txt'],
      }),
    );

    test('GIVEN Enter everywhere THEN its values are the defaults and everything the wizard does not ask is kept', async () => {
      const r = await ask({ config: file }, { dir: path.join(tempDir(), 'proj') });
      const defaults = Object.fromEntries(r.prompter.asked.map((q) => [q.name, q.default]));
      expect(defaults).toMatchObject({ name: 'orders', region: 'us-east-1', azs: '3', cidr: '10.5.0.0/16', 'nat-per-az': true, functions: 'worker,reporter', memory: 512 });
      expect(r.config).toMatchObject({ name: 'orders', region: 'us-east-1', tags: { team: 'payments' }, logRetentionDays: 90, egress: { perAz: true } });
      expect(r.config.functions.map((f) => [f.name, f.memoryMb, f.environment])).toEqual([
        ['worker', 512, { MODE: 'batch' }],
        ['reporter', 1024, {}],
      ]);
      expect(r.config.generatedFiles).toBeUndefined();
    });

    test('GIVEN no terminal and no --yes THEN only what the file lacks is missing; flags override the file', async () => {
      const missing = collectAnswers(newArgs({ dir: 'proj', config: file }), { interactive: false, yes: false, prompter: noPrompts, log: () => {} });
      await expect(missing).rejects.toThrow(ConfigError);
      await missing.catch((err: ConfigError) => expect(err.issues.map((i) => i.field)).toEqual(['--ssm-host']));
      const r = await collectAnswers(newArgs({ dir: 'proj', config: file, region: 'eu-west-1', 'ssm-host': false, ssmHost: false }), {
        interactive: false,
        yes: false,
        log: () => {},
      });
      const config = validateConfig(answersToRawConfig(r.answers)).config;
      expect(config).toMatchObject({ name: 'orders', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], tags: { team: 'payments' } });
    });
  });

  describe('without a terminal it never prompts', () => {
    test('GIVEN no --yes THEN every unanswered question fails naming its flag (the pattern\'s once it is chosen), and nothing is written', async () => {
      const parent = tempDir();
      const dir = path.join(parent, 'app');
      const run = runNew(newArgs({ dir }), { interactive: false, prompter: noPrompts, log: () => {} });
      await expect(run).rejects.toThrow(ConfigError);
      await run.catch((err: ConfigError) => {
        expect(err.exitCode).toBe(2);
        expect(err.issues.map((i) => i.field)).toEqual(['--name', '--pattern', '--region', '--azs', '--cidr', '--functions', '--runtime', '--memory', '--ssm-host']);
        expect(err.message).toMatch(/--cidr: not given, and there is no terminal to ask; pass --cidr <value>, or add --yes to take the default \(10\.0\.0\.0\/16\)/);
        expect(err.message).toMatch(/--ssm-host: .*pass --ssm-host or --no-ssm-host/);
      });
      const withPattern = collectAnswers(newArgs({ dir, pattern: 'nat-instance' }), { interactive: false, yes: false, log: () => {} });
      await withPattern.catch((err: ConfigError) => expect(err.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['--nat-instance-type', '--nat-per-az'])));
      expect(fs.readdirSync(parent)).toEqual([]);
    });

    test('GIVEN no directory THEN it fails naming DIR', async () => {
      await expect(collectAnswers(newArgs({ yes: true }), { interactive: false, yes: true, log: () => {} })).rejects.toThrow(/DIR: required without a terminal/);
    });

    const required = PATTERNS.flatMap((p) => Object.entries(p.flags).filter(([, d]) => d.required).map(([flag]) => [p.id, flag] as const));
    test.each(required)('GIVEN --pattern %s --yes without --%s THEN it fails naming that flag', async (patternId, flag) => {
      const spec = PATTERNS.find((p) => p.id === patternId)!;
      const others = Object.fromEntries(Object.entries(requiredSamples(spec)).filter(([f]) => f !== flag));
      const run = collectAnswers(newArgs({ dir: 'proj', yes: true, pattern: patternId, ...others }), { interactive: false, yes: true, log: () => {} });
      await expect(run).rejects.toThrow(ConfigError);
      await run.catch((err: ConfigError) => expect(err.issues).toEqual([{ field: `--${flag}`, message: expect.stringMatching(new RegExp(`^required for pattern ${patternId}`)) }]));
    });
  });

  describe('it never overwrites', () => {
    test('GIVEN a non-empty directory THEN the wizard says why and asks again; the directory is untouched', async () => {
      const parent = tempDir();
      const busy = path.join(parent, 'busy');
      fs.mkdirSync(busy);
      fs.writeFileSync(path.join(busy, 'NOTES.md'), 'mine');
      const r = await ask({}, { dir: attempts(busy, path.join(parent, 'fresh')) });
      expect(r.prompter.refused[0]).toMatchObject({ name: 'dir', value: busy, reason: expect.stringMatching(/is not empty \(1 entries\).*--force/) });
      expect(r.result.answers.dir).toBe(path.join(parent, 'fresh'));
      expect(fs.readdirSync(busy)).toEqual(['NOTES.md']);
    });

    test('GIVEN a non-empty DIR as the argument THEN the wizard shows the reason before asking', async () => {
      const busy = tempDir();
      fs.writeFileSync(path.join(busy, 'x'), '');
      const r = await ask({ dir: busy }, { dir: path.join(tempDir(), 'fresh') });
      expect(r.events[1]).toMatch(/^ {2}DIR ".*": is not empty/);
    });
  });

  describe('an interrupted run leaves no files', () => {
    const expectNothingIn = (parent: string) => expect(fs.readdirSync(parent)).toEqual([]);

    test('GIVEN Ctrl-C half-way (at the runtime question) THEN it stops with 130 and writes nothing', async () => {
      const parent = tempDir();
      const run = runWizard({}, { dir: path.join(parent, 'app'), runtime: CTRL_C });
      await expect(run).rejects.toMatchObject({ code: 'VLG_CANCELLED', exitCode: 130 });
      expectNothingIn(parent);
    });

    test('GIVEN Ctrl-C at the final confirmation, after rendering and synthesizing aside THEN no project and no scratch directory remain', async () => {
      const parent = tempDir();
      const run = runWizard({}, { dir: path.join(parent, 'app'), create: CTRL_C });
      await expect(run).rejects.toBeInstanceOf(WizardCancelled);
      expectNothingIn(parent);
    });

    test('GIVEN "no" at the final confirmation THEN it exits 1 and writes nothing', async () => {
      const parent = tempDir();
      const run = runWizard({}, { dir: path.join(parent, 'app'), create: false });
      await expect(run).rejects.toMatchObject({ exitCode: 1, message: 'Not created: nothing was written.' });
      expectNothingIn(parent);
    });

    test('GIVEN an error after the files were rendered and synthesized THEN nothing is left, not even the scratch directory', async () => {
      const parent = tempDir();
      const fail = jest.spyOn(configIo, 'serializeConfig').mockImplementationOnce(() => {
        throw new Error('disk full');
      });
      try {
        await expect(runNew(newArgs({ dir: path.join(parent, 'app'), yes: true }), { interactive: false, log: () => {} })).rejects.toThrow('disk full');
        expect(fail).toHaveBeenCalled();
      } finally {
        fail.mockRestore();
      }
      expectNothingIn(parent);
    });
  });
});

describe('new: the wizard, into an existing VPC', () => {
  const vpc = 'vpc-0123456789abcdef0';
  const subnets = 'subnet-0123456789abcdef0,subnet-0fedcba9876543210';

  test('GIVEN "an existing VPC" THEN it asks the VPC and its subnets instead of AZs and CIDR, and the VPC\'s own egress needs no more', async () => {
    const dir = path.join(tempDir(), 'bf');
    const r = await ask({ dir }, { vpc: 'existing', 'vpc-id': attempts('vpc-nope', vpc), 'subnet-ids': attempts('subnet-0123456789abcdef0', subnets) });
    const names = r.prompter.asked.map((q) => q.name);
    expect(names.slice(0, 8)).toEqual(['name', 'pattern', 'with', 'region', 'vpc', 'vpc-id', 'subnet-ids', 'public-subnet-id']);
    for (const created of ['azs', 'cidr', 'subnets', 'route-table-ids']) expect(names).not.toContain(created);
    // Each answer is checked as typed, by the config's own validation.
    expect(r.prompter.refused.map((x) => [x.name, x.reason])).toEqual([
      ['vpc-id', expect.stringMatching(/vpc-0123456789abcdef0/)],
      ['subnet-ids', expect.stringMatching(/at least two subnets/)],
    ]);
    expect(r.config.network).toEqual({ existing: { vpcId: vpc, subnetIds: subnets.split(',') } });
    expect(r.config.availabilityZones).toEqual([]);
  });

  test('GIVEN a pattern with a gateway endpoint THEN the route tables are asked, and required', async () => {
    const dir = path.join(tempDir(), 'ep');
    const r = await ask(
      { dir },
      { pattern: 'endpoints', vpc: 'existing', 'vpc-id': vpc, 'subnet-ids': subnets, 'route-table-ids': attempts('', 'rtb-0123456789abcdef0') },
    );
    expect(r.prompter.asked.find((q) => q.name === 'route-table-ids')?.message).toMatch(/for the s3 gateway endpoint/);
    expect(r.prompter.refused.map((x) => x.name)).toEqual(['route-table-ids']);
    expect(r.config.network.existing).toMatchObject({ routeTableIds: ['rtb-0123456789abcdef0'] });
    expect(r.prompter.asked.map((q) => q.name)).not.toContain('public-subnet-id');
  });

  test('GIVEN the flags THEN nothing about the VPC is asked; without a terminal --subnet-ids is required', async () => {
    const dir = path.join(tempDir(), 'bf');
    const r = await ask({ dir, vpcId: vpc, subnetIds: subnets }, {});
    expect(r.prompter.asked.map((q) => q.name)).not.toEqual(expect.arrayContaining(['vpc', 'vpc-id', 'subnet-ids', 'azs', 'cidr']));
    await expect(collectAnswers(newArgs({ dir, vpcId: vpc, yes: true }), { interactive: false, yes: true, log: () => {} })).rejects.toThrow(/--subnet-ids: with --vpc-id/);
  });
});

