/**
 * Multi-function patterns tell the truth: where a pattern wires one function (efs, sns-slack) or a
 * caller and a target (private-api, internal-alb, privatelink, endpoints), a flag and a wizard
 * question pick which; the Terraform, the sample handlers, the README and its diagram follow that
 * choice, and every other function gets the neutral sample and no claim.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPattern, NEUTRAL_SAMPLE } from '../generator/catalog';
import type { NewArgs } from '../generator/commands/new';
import { ConfigError } from '../generator/config/errors';
import { validateConfig } from '../generator/config/validate';
import { answersToRawConfig } from '../generator/new/answers';
import { createProject } from '../generator/new/project';
import { collectAnswers } from '../generator/new/wizard';
import { tempDir } from './helpers/cli';
import { scriptedPrompter } from './helpers/prompter';
import { HANDLERS_DIR } from './helpers/synth';

type Json = Record<string, any>;

/** `new DIR --yes` with these flags, in-process: the config, the Terraform, the README, the dir. */
async function newProject(flags: Record<string, unknown>) {
  const dir = path.join(tempDir(), 'app');
  const { answers } = await collectAnswers({ yes: true, force: false, local: false, dir, ...flags } as NewArgs, { interactive: false, yes: true, log: () => {} });
  const validated = validateConfig(answersToRawConfig(answers));
  const created = await createProject({ dir, validated });
  const json: Json = JSON.parse(fs.readFileSync(created.synth.file, 'utf8'));
  return { config: validated.config, json, dir, readme: fs.readFileSync(path.join(dir, 'README.md'), 'utf8') };
}

const fnOf = (json: Json, name: string) => json.resource.aws_lambda_function[`fn_${name}_function`];
const envOf = (json: Json, name: string): Record<string, string> => fnOf(json, name).environment?.variables ?? {};
const diagram = (readme: string) => /```mermaid\n([\s\S]*?)```/.exec(readme)![1];
const sampleText = (sample: string) => fs.readFileSync(path.join(HANDLERS_DIR, sample, 'nodejs', 'index.js'), 'utf8');
const codeOf = (dir: string, name: string) => fs.readFileSync(path.join(dir, 'functions', name, 'index.js'), 'utf8');
/** Everything but this function's own resources, as text: what the pattern wired to it. */
function outside(json: Json, name: string): string {
  const strip = (section: Json = {}) =>
    Object.fromEntries(Object.entries(section).map(([type, byName]) => [type, Object.fromEntries(Object.entries(byName as Json).filter(([n]) => !n.startsWith(`fn_${name}_`)))]));
  return JSON.stringify({ resource: strip(json.resource), data: strip(json.data) });
}
/** Whether the pattern wired anything to the function beyond what every function gets. */
function hasPermissionsOrPolicies(json: Json, name: string): boolean {
  const own = (type: string) => Object.keys(json.resource[type] ?? {}).some((n) => n.startsWith(`fn_${name}_`));
  return own('aws_lambda_permission') || own('aws_iam_role_policy') || own('aws_lambda_event_source_mapping');
}

describe('efs: --efs-function picks the function behind the API that mounts EFS', () => {
  let chosen: Awaited<ReturnType<typeof newProject>>;
  let byDefault: Awaited<ReturnType<typeof newProject>>;
  beforeAll(async () => {
    chosen = await newProject({ pattern: 'efs', functions: 'api,worker', 'efs-function': 'worker' });
    byDefault = await newProject({ pattern: 'efs', functions: 'api,worker' });
  });

  test('GIVEN --efs-function worker THEN worker mounts EFS and serves the API; api gets nothing', () => {
    const { json, config } = chosen;
    expect(config.pattern.function).toBe('worker');
    expect(fnOf(json, 'worker').file_system_config).toMatchObject({ local_mount_path: '/mnt/msg' });
    expect(fnOf(json, 'api').file_system_config).toBeUndefined();
    expect(json.resource.aws_apigatewayv2_integration.http_api_integration.integration_uri).toBe('${aws_lambda_alias.fn_worker_alias.invoke_arn}');
    expect(envOf(json, 'worker')).toMatchObject({ EFS_MOUNT_PATH: '/mnt/msg' });
    expect(envOf(json, 'api')).toEqual({});
    expect(hasPermissionsOrPolicies(json, 'api')).toBe(false);
  });

  test('THEN worker has the EFS sample, api the neutral one, and the README and diagram say so', () => {
    const { dir, readme } = chosen;
    expect(codeOf(dir, 'worker')).toBe(sampleText('efs-messages'));
    expect(codeOf(dir, 'api')).toBe(sampleText(NEUTRAL_SAMPLE.handler));
    expect(readme).toContain('Function `app-worker` (nodejs22.x, 256 MB, 15 s): stores messages POSTed to the API');
    expect(readme).toContain(`Function \`app-api\` (nodejs22.x, 256 MB, 15 s): ${NEUTRAL_SAMPLE.description}.`);
    const drawn = diagram(readme);
    expect(drawn).toContain('api -->|Lambda proxy, payload 2.0| fn["λ worker (private subnets)"]');
    expect(drawn).toContain('own_api["λ api (private subnets): your handler, no trigger or target"]');
    expect(drawn).not.toMatch(/-->[^\n]*λ api/);
  });

  test('GIVEN no flag THEN api plays the part (it is still among the functions) and worker is drawn alone', () => {
    const { json, readme, dir } = byDefault;
    expect(fnOf(json, 'api').file_system_config).toBeDefined();
    expect(fnOf(json, 'worker').file_system_config).toBeUndefined();
    expect(codeOf(dir, 'worker')).toBe(sampleText(NEUTRAL_SAMPLE.handler));
    expect(diagram(readme)).toContain('fn["λ api (private subnets)"]');
    expect(diagram(readme)).toContain('own_worker["λ worker');
  });
});

describe('sns-slack: --notifier-function picks the subscribed function', () => {
  test('GIVEN --notifier-function reporter THEN the topic delivers to reporter, which reads the webhook; notifier gets nothing', async () => {
    const { json, dir, readme } = await newProject({ pattern: 'sns-slack', functions: 'notifier,reporter', 'notifier-function': 'reporter' });
    const [subscription] = Object.values(json.resource.aws_sns_topic_subscription) as Json[];
    expect(subscription.endpoint).toBe('${aws_lambda_alias.fn_reporter_alias.arn}');
    expect(Object.keys(envOf(json, 'reporter'))).toContain('SLACK_WEBHOOK_PARAMETER');
    expect(envOf(json, 'notifier')).toEqual({});
    expect(hasPermissionsOrPolicies(json, 'notifier')).toBe(false);
    expect(codeOf(dir, 'reporter')).toBe(sampleText('slack-notifier'));
    expect(codeOf(dir, 'notifier')).toBe(sampleText(NEUTRAL_SAMPLE.handler));
    expect(diagram(readme)).toContain('fn["λ reporter (private subnets)"]');
    expect(diagram(readme)).toContain('own_notifier[');
  });
});

describe.each(['private-api', 'internal-alb', 'privatelink', 'endpoints'])('%s: --caller-function and --target-function', (pattern) => {
  const required = pattern === 'privatelink' ? { 'allowed-principals': '123456789012' } : {};
  let project: Awaited<ReturnType<typeof newProject>>;
  beforeAll(async () => {
    project = await newProject({ pattern, functions: 'alpha,beta,gamma', 'caller-function': 'gamma', 'target-function': 'alpha', ...required });
  });

  test('GIVEN caller gamma and target alpha THEN gamma gets the target address and alpha is wired behind the pattern', () => {
    const { json, config } = project;
    expect(config.pattern).toMatchObject({ caller: 'gamma', target: 'alpha' });
    expect(Object.keys(envOf(json, 'gamma')).filter((k) => k.startsWith('TARGET_')).length).toBeGreaterThan(0);
    expect(Object.keys(envOf(json, 'alpha')).filter((k) => k.startsWith('TARGET_'))).toEqual([]);
    expect(outside(json, 'alpha')).toContain('aws_lambda_alias.fn_alpha_alias');
  });

  test('THEN beta, which plays no part, has the neutral sample, no target, nothing invoking it, and no path in the diagram', () => {
    const { json, dir, readme } = project;
    expect(Object.keys(envOf(json, 'beta')).filter((k) => k.startsWith('TARGET_'))).toEqual([]);
    expect(hasPermissionsOrPolicies(json, 'beta')).toBe(false);
    expect(outside(json, 'beta')).not.toContain('aws_lambda_alias.fn_beta_alias');
    expect(codeOf(dir, 'beta')).toBe(sampleText(NEUTRAL_SAMPLE.handler));
    expect(codeOf(dir, 'gamma')).toBe(sampleText(findPattern(pattern)!.defaultFunctions.find((f) => f.role === 'caller')!.handler));
    expect(codeOf(dir, 'alpha')).toBe(sampleText(findPattern(pattern)!.defaultFunctions.find((f) => f.role === 'target')!.handler));
    const drawn = diagram(readme);
    expect(drawn).toMatch(/λ gamma/);
    expect(drawn).toMatch(/λ alpha/);
    expect(drawn.split('\n').filter((l) => l.includes('λ beta'))).toEqual(['  own_beta["λ beta (private subnets): your handler, no trigger or target"]']);
  });
});

test('privatelink without the consumer endpoint: the caller plays no part, and the diagram draws no caller path', async () => {
  const { json, dir, readme } = await newProject({ pattern: 'privatelink', 'allowed-principals': '123456789012', 'consumer-endpoint': false });
  expect(envOf(json, 'caller')).toEqual({});
  expect(codeOf(dir, 'caller')).toBe(sampleText(NEUTRAL_SAMPLE.handler));
  expect(codeOf(dir, 'target')).toBe(sampleText('http-echo'));
  expect(diagram(readme)).not.toContain('vpce[');
  expect(diagram(readme)).not.toContain('consumer_vpc');
  expect(diagram(readme)).toContain('consumers(("Consumers in other VPCs and accounts"))');
});

describe('the wizard asks which function plays a part only when there is a choice', () => {
  test('GIVEN efs with functions api,worker THEN it offers both for the EFS part, and the answer is the config', async () => {
    const prompter = scriptedPrompter({ pattern: 'efs', functions: 'api,worker', 'efs-function': 'worker' });
    const { answers } = await collectAnswers({ yes: false, force: false, local: false, dir: path.join(tempDir(), 'wiz') } as NewArgs, { interactive: true, yes: false, prompter, log: () => {} });
    const question = prompter.asked.find((q) => q.name === 'efs-function')!;
    expect(question).toMatchObject({ kind: 'select', message: 'Which function serves the HTTP API and mounts EFS?', default: 'api', choices: ['api', 'worker'] });
    const names = prompter.asked.map((q) => q.name);
    expect(names.indexOf('efs-function')).toBe(names.indexOf('functions') + 1);
    expect(validateConfig(answersToRawConfig(answers)).config.pattern.function).toBe('worker');
  });

  test('GIVEN caller and target to choose THEN the target question no longer offers the caller', async () => {
    const prompter = scriptedPrompter({ pattern: 'private-api', functions: 'alpha,beta,gamma', 'caller-function': 'beta' });
    const { answers } = await collectAnswers({ yes: false, force: false, local: false, dir: path.join(tempDir(), 'wiz') } as NewArgs, { interactive: true, yes: false, prompter, log: () => {} });
    expect(prompter.asked.find((q) => q.name === 'caller-function')).toMatchObject({ default: 'alpha', choices: ['alpha', 'beta', 'gamma'] });
    // beta was the target by position; now it calls, so Enter takes the first function left.
    expect(prompter.asked.find((q) => q.name === 'target-function')).toMatchObject({ default: 'alpha', choices: ['alpha', 'gamma'] });
    expect(validateConfig(answersToRawConfig(answers)).config.pattern).toMatchObject({ caller: 'beta', target: 'alpha' });
  });

  test('GIVEN the functions renamed one for one THEN nothing is asked and the part follows the rename', async () => {
    const prompter = scriptedPrompter({ pattern: 'internal-alb', functions: 'front,back' });
    const { answers } = await collectAnswers({ yes: false, force: false, local: false, dir: path.join(tempDir(), 'wiz') } as NewArgs, { interactive: true, yes: false, prompter, log: () => {} });
    expect(prompter.asked.map((q) => q.name)).not.toContain('caller-function');
    expect(validateConfig(answersToRawConfig(answers)).config.pattern).toMatchObject({ caller: 'front', target: 'back' });
  });

  test('GIVEN no terminal, no --yes and more functions than parts THEN the flag is required by name', async () => {
    const run = collectAnswers({ yes: false, force: false, local: false, dir: path.join(tempDir(), 'wiz'), pattern: 'efs', name: 'wiz', region: 'eu-west-1', azs: '2', cidr: '10.0.0.0/16', functions: 'api,worker', runtime: 'nodejs22.x', memory: 256, ssmHost: false, 'efs-root-path': '/lambda', 'efs-mount-path': '/mnt/msg', 'efs-read-only': false } as NewArgs, { interactive: false, yes: false, log: () => {} });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([expect.objectContaining({ field: '--efs-function', message: expect.stringMatching(/not given, and there is no terminal to ask; pass --efs-function <value>, or add --yes to take the default \(api\)/) })]);
  });

  test('GIVEN a function that is not among the functions THEN validation names the option and the choices', async () => {
    const run = newProject({ pattern: 'efs', functions: 'api,worker', 'efs-function': 'job' });
    await expect(run).rejects.toThrow(/pattern\.function .*no function named "job" in functions; use one of api, worker/);
  });
});
