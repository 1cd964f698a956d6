/**
 * `vpc-lambda-gen verify` against deployed stacks, with the AWS SDK mocked (aws-sdk-client-mock) and
 * the outputs in a local state file, as `cdktf deploy` leaves them: every hop PASS, each way a hop
 * fails, a host whose agent has not registered (WAIT), and a stack that is not deployed. Then the
 * built CLI: `--help` never loads the SDK bundle, and the bundle itself talks to a local stub of the
 * AWS APIs (no network).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { readOutputs, locateStack } from '../generator/verify/deployed';
import { readLogs } from '../generator/verify/hops';
import { runVerify, type VerifyDeps, type VerifyReport } from '../generator/verify/run';
import { synthPattern } from './check/pattern-stacks';
import { CLI, tempDir } from './helpers/cli';

const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const ssm = mockClient(SSMClient);
const logs = mockClient(CloudWatchLogsClient);

const NAT_IP = '203.0.113.10';
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:demo-notifications';
const INSTANCE = 'i-0123456789abcdef0';

/** A synthesized project with a local state holding these outputs (or no state at all). */
function deployed(id: string, outputs: Record<string, unknown> | undefined, options: Record<string, unknown> = {}, config: Record<string, unknown> = {}): string {
  const { projectDir } = synthPattern(id, options, config);
  const state = path.join(projectDir, 'terraform.demo.tfstate');
  fs.rmSync(state, { force: true });
  if (outputs) {
    const body = { version: 4, resources: [{ mode: 'managed', type: 'aws_vpc', name: 'network_vpc' }], outputs: Object.fromEntries(Object.entries(outputs).map(([k, value]) => [k, { value }])) };
    fs.writeFileSync(state, JSON.stringify(body));
  }
  return projectDir;
}

const payload = (value: unknown) => Buffer.from(JSON.stringify(value)) as never;

/** Runs verify with the clock, waiting and printing under the test's control. */
async function verify(dir: string, deps: VerifyDeps = {}): Promise<{ report?: VerifyReport; error?: Error & { exitCode?: number }; lines: string[]; sleeps: number[] }> {
  const lines: string[] = [];
  const sleeps: number[] = [];
  let clock = Date.UTC(2026, 10, 20, 12, 0, 0);
  const base: VerifyDeps = {
    log: (l) => lines.push(l),
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    logWaitMs: 60_000,
  };
  try {
    return { report: await runVerify({ dir }, { ...base, ...deps }), lines, sleeps };
  } catch (error) {
    return { error: error as Error, lines, sleeps };
  }
}

const statuses = (r: { report?: VerifyReport; lines: string[] }) => r.lines.filter((l) => /^(PASS|FAIL|WAIT|SKIP) /.test(l)).map((l) => l.split(/\s+/)[0]);

beforeEach(() => {
  for (const client of [lambda, sns, ssm, logs]) client.reset();
});

describe('GIVEN a deployed sns-slack stack with the SSM host', () => {
  const outputs = { topic_arn: TOPIC, egress_public_ips: [NAT_IP], ssm_host_instance_id: INSTANCE };
  const dir = () => deployed('sns-slack', outputs, {}, { ssmHost: true });
  const healthy = () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '3', Payload: payload({ delivered: 0 }) });
    sns.on(PublishCommand).resolves({ MessageId: 'mid-1' });
    logs.on(FilterLogEventsCommand).resolves({ events: [{ timestamp: 1, message: JSON.stringify({ level: 'INFO', message: 'delivered SNS message mid-1 to Slack' }) }] });
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [{ InstanceId: INSTANCE, PingStatus: 'Online', PlatformName: 'Amazon Linux', AgentVersion: '3.3' }] });
  };

  test('WHEN every hop answers THEN each passes, with what it saw, and the calls name this stack', async () => {
    healthy();
    const r = await verify(dir());
    expect(r.error).toBeUndefined();
    expect(statuses(r)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(r.lines[0]).toMatch(/^Verifying stack demo in eu-west-1 \(outputs from .*terraform\.demo\.tfstate\)$/);
    expect(lambda.commandCalls(InvokeCommand)[0].args[0].input).toMatchObject({ FunctionName: 'demo-notifier', Qualifier: 'live' });
    expect(sns.commandCalls(PublishCommand)[0].args[0].input).toMatchObject({ TopicArn: TOPIC, Subject: 'vpc-lambda-gen verify' });
    const filter = logs.commandCalls(FilterLogEventsCommand)[0].args[0].input;
    expect(filter.logGroupName).toBe('/aws/lambda/demo-notifier');
    expect(filter.startTime).toBeLessThanOrEqual(Date.UTC(2026, 10, 20, 12, 0, 0));
    expect(ssm.commandCalls(DescribeInstanceInformationCommand)[0].args[0].input).toEqual({ Filters: [{ Key: 'InstanceIds', Values: [INSTANCE] }] });
    expect(r.lines.join('\n')).toContain('delivered SNS message mid-1 to Slack');
    expect(r.lines.join('\n')).toContain(`open a shell: aws ssm start-session --region eu-west-1 --target ${INSTANCE}`);
    expect(r.lines.at(-1)).toBe('3 hop(s): 3 passed');
  });

  test('WHEN the agent has not registered yet THEN the host WAITs (not FAIL), verify exits 0, and says what to run next with the real values', async () => {
    healthy();
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
    const r = await verify(dir());
    expect(r.error).toBeUndefined();
    expect(statuses(r)).toEqual(['PASS', 'PASS', 'WAIT']);
    const text = r.lines.join('\n');
    expect(text).toMatch(/has not registered yet: that can take ten minutes or more/);
    expect(text).toContain(`then: aws ssm start-session --region eu-west-1 --target ${INSTANCE}`);
    expect(text).toContain(`curl -sS -m 5 https://checkip.amazonaws.com  → one of ${NAT_IP}`);
    expect(r.lines.at(-1)).toBe('3 hop(s): 2 passed, 1 waiting');
  });

  test('WHEN the agent lost its connection THEN the host FAILs', async () => {
    healthy();
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [{ InstanceId: INSTANCE, PingStatus: 'ConnectionLost' }] });
    const r = await verify(dir());
    expect(statuses(r)).toEqual(['PASS', 'PASS', 'FAIL']);
    expect(r.error?.exitCode).toBe(1);
  });

  test('WHEN publishing is denied by the topic key THEN the hop FAILs naming the permissions, and no log is read', async () => {
    healthy();
    sns.on(PublishCommand).rejects(Object.assign(new Error('User is not authorized to perform kms:GenerateDataKey'), { name: 'KMSAccessDeniedException' }));
    const r = await verify(dir());
    expect(statuses(r)).toEqual(['PASS', 'FAIL', 'PASS']);
    expect(r.lines.join('\n')).toMatch(/publish to .*demo-notifications denied: KMSAccessDeniedException: .*; the publisher needs sns:Publish on the topic and kms:GenerateDataKey\* and kms:Decrypt on its KMS key \(aws_kms_key\.notifications_key\)/);
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
    expect(r.error?.message).toBe('verify: 1 of 3 hop(s) failed (report above)');
    expect(r.error?.exitCode).toBe(1);
  });

  test('WHEN the notifier logs the message only on the second look THEN it waits in between and passes', async () => {
    healthy();
    logs.on(FilterLogEventsCommand).resolvesOnce({ events: [] }).resolves({ events: [{ message: 'delivered SNS message mid-1 to Slack' }] });
    const r = await verify(dir());
    expect(statuses(r)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(r.sleeps).toEqual([5000]);
  });

  test('WHEN the notifier fails THEN the hop FAILs with its error from the log', async () => {
    healthy();
    const error = { level: 'ERROR', message: 'Invoke Error', errorType: 'Error', errorMessage: 'SSM parameter /demo/slack-webhook does not exist' };
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: JSON.stringify(error) }] });
    const r = await verify(dir());
    expect(statuses(r)).toEqual(['PASS', 'FAIL', 'PASS']);
    expect(r.lines.join('\n')).toContain('the function failed: Error: SSM parameter /demo/slack-webhook does not exist');
  });

  test('WHEN nothing is logged in time THEN the hop FAILs saying what SNS may lack, after polling until the deadline', async () => {
    healthy();
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const r = await verify(dir());
    expect(statuses(r)).toEqual(['PASS', 'FAIL', 'PASS']);
    expect(r.lines.join('\n')).toMatch(/no invocation logged within 60 s of publishing: SNS did not invoke the function/);
    expect(r.sleeps).toHaveLength(12);
  });

  test('WHEN the function itself fails THEN its error payload is the FAIL reason', async () => {
    healthy();
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload({ errorType: 'Runtime.ImportModuleError', errorMessage: "Cannot find module 'index'" }) });
    const r = await verify(dir());
    expect(statuses(r)[0]).toBe('FAIL');
    expect(r.lines.join('\n')).toContain("demo-notifier:live failed (Unhandled): Runtime.ImportModuleError: Cannot find module 'index'");
  });
});

describe('GIVEN a deployed internal-alb stack', () => {
  const dir = () => deployed('internal-alb', { alb_url: 'http://internal-demo.eu-west-1.elb.amazonaws.com:80/invoke' });

  test('WHEN the caller reports the ALB timed out THEN its hop FAILs with the sample hint and the path it took, and the target still passes', async () => {
    lambda.on(InvokeCommand, { FunctionName: 'demo-target' }).resolves({ StatusCode: 200, ExecutedVersion: '2', Payload: payload({ statusCode: 200, body: '{"ok":true}' }) });
    lambda.on(InvokeCommand, { FunctionName: 'demo-caller' }).resolves({ StatusCode: 200, ExecutedVersion: '2', Payload: payload({ ok: false, error: 'TimeoutError', hint: 'no answer in time: check that the target security group admits this function' }) });
    const r = await verify(dir());
    expect(statuses(r)).toEqual(['PASS', 'FAIL']);
    expect(r.lines.join('\n')).toContain('demo-caller:live answered with a failure on internal ALB aws_lb.alb_load_balancer → λ demo-target: TimeoutError; no answer in time');
    expect(r.error?.exitCode).toBe(1);
  });

  test('WHEN the target answers the caller with a 5xx THEN the caller hop FAILs', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ ok: false, status: 502, body: 'Bad Gateway' }) });
    const r = await verify(dir());
    expect(statuses(r)).toEqual(['FAIL', 'FAIL']);
    expect(r.lines.join('\n')).toContain('HTTP 502');
  });
});

describe('GIVEN a deployed nat-gateway stack', () => {
  test('WHEN the function sees the NAT IP THEN it passes; WHEN another IP THEN it FAILs naming both', async () => {
    const dir = deployed('nat-gateway', { egress_public_ips: [NAT_IP] });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '1', Payload: payload({ ok: true, status: 200, publicIp: NAT_IP }) });
    const good = await verify(dir);
    expect(statuses(good)).toEqual(['PASS']);
    expect(good.lines.join('\n')).toContain(`its internet traffic leaves through NAT ${NAT_IP}`);

    lambda.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '1', Payload: payload({ ok: true, status: 200, publicIp: '198.51.100.7' }) });
    const bad = await verify(dir);
    expect(statuses(bad)).toEqual(['FAIL']);
    expect(bad.lines.join('\n')).toContain(`left from 198.51.100.7, which is not one of the NAT's public IPs (${NAT_IP})`);
  });

  test('WHEN the state lacks an output the Terraform has THEN the hop FAILs asking for a new deploy', async () => {
    const dir = deployed('nat-gateway', { vpc_id: 'vpc-1' });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ ok: true, publicIp: NAT_IP }) });
    const r = await verify(dir);
    expect(statuses(r)).toEqual(['FAIL']);
    expect(r.lines.join('\n')).toContain('the state has no output "egress_public_ips": run "npx cdktf deploy" again');
  });
});

describe('GIVEN a deployed efs stack, its HTTP API served locally', () => {
  let server: http.Server;
  let status = 200;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.statusCode = status;
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  const dir = () => deployed('efs', { http_api_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });

  test('WHEN the API answers 200 THEN the HTTP hop passes on GET /', async () => {
    status = 200;
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ statusCode: 200, body: '{"count":0}' }) });
    const r = await verify(dir());
    expect(statuses(r)).toEqual(['PASS', 'PASS']);
    expect(r.lines.join('\n')).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/: HTTP 200 \{"path":"\/","method":"GET"\}/);
  });

  test('WHEN the API answers 502 THEN the HTTP hop FAILs with the status', async () => {
    status = 502;
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ statusCode: 200, body: '{}' }) });
    const r = await verify(dir());
    expect(statuses(r)).toEqual(['PASS', 'FAIL']);
    expect(r.lines.join('\n')).toMatch(/HTTP 502/);
  });
});

describe('GIVEN a peering stack without a URL into the peer', () => {
  test('THEN its function is not invoked but SKIPped with what it needs, and verify exits 0', async () => {
    const r = await verify(deployed('peering', { vpc_id: 'vpc-1' }));
    expect(statuses(r)).toEqual(['SKIP']);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(r.error).toBeUndefined();
  });
});

describe('GIVEN a stack that is not deployed, or bad input', () => {
  test('WHEN there is no state THEN one line says so, exit 1, and nothing is called', async () => {
    const r = await verify(deployed('nat-gateway', undefined));
    expect(r.error?.message).toMatch(/^verify: stack demo is not deployed yet \(no state at .*terraform\.demo\.tfstate\); run "npx cdktf deploy" first$/);
    expect(r.error?.exitCode).toBe(1);
    expect(lambda.calls()).toHaveLength(0);
  });

  test('WHEN there are no AWS credentials THEN one line says so, exit 1, after the first call', async () => {
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const r = await verify(deployed('internal-alb', { alb_url: 'http://internal-demo:80/invoke' }));
    expect(r.error?.message).toMatch(/^verify: no usable AWS credentials \(CredentialsProviderError: Could not load credentials from any providers\); set AWS_PROFILE/);
    expect(r.error?.exitCode).toBe(1);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
  });

  test('WHEN the state holds no resources (destroyed) THEN it is not deployed', async () => {
    const dir = deployed('nat-gateway', {});
    fs.writeFileSync(path.join(dir, 'terraform.demo.tfstate'), JSON.stringify({ version: 4, resources: [], outputs: {} }));
    expect((await verify(dir)).error?.message).toMatch(/not deployed yet \(its state .* holds no resources\)/);
  });

  test.each([
    [{ region: 'EU' }, '--region (got "EU")'],
    [{ stack: 'other' }, '--stack (got "other"): no such stack'],
  ])('WHEN %j THEN exit 2 naming the flag', async (flags, message) => {
    const dir = deployed('nat-gateway', { egress_public_ips: [NAT_IP] });
    await expect(runVerify({ dir, ...flags }, { log: () => {} })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(message) });
  });

  test('WHEN the directory holds no synthesized stack THEN exit 2 naming --dir', async () => {
    await expect(runVerify({ dir: tempDir() }, { log: () => {} })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--dir .*holds no synthesized stack/) });
  });
});

describe('GIVEN an S3 backend THEN the outputs come from terraform output -json in the stack folder', () => {
  const stack = () => {
    const s = locateStack(synthPattern('nat-gateway').projectDir);
    return { ...s, json: { ...s.json, terraform: { backend: { s3: { bucket: 'b', key: 'k' } } } } };
  };
  const fake = (status: number, stdout: string, stderr = '') => jest.fn(() => ({ status, stdout, stderr })) as never;

  test('WHEN it prints outputs THEN they are read from it, run where the state is', () => {
    const run = fake(0, JSON.stringify({ egress_public_ips: { value: [NAT_IP], type: ['list', 'string'] } }));
    expect(readOutputs(stack(), run).values).toEqual({ egress_public_ips: [NAT_IP] });
    expect((run as jest.Mock).mock.calls[0]).toEqual(['terraform', ['output', '-json'], expect.objectContaining({ cwd: stack().dir })]);
  });

  test('WHEN it prints none THEN the stack is not deployed; WHEN it fails THEN its first error line is shown', () => {
    expect(() => readOutputs(stack(), fake(0, '{}'))).toThrow(/not deployed yet \(its state holds no outputs\)/);
    expect(() => readOutputs(stack(), fake(1, '', '╷\n│ Error: Backend initialization required, please run "terraform init"\n'))).toThrow(
      /terraform output -json" failed in .*: Backend initialization required, please run "terraform init"; run "terraform init" there/,
    );
  });
});

describe('GIVEN plain-text function logs', () => {
  test('THEN a REPORT line without error passes, and a timeout or ERROR line fails', () => {
    expect(readLogs([{ message: 'START RequestId: 1' }, { message: 'REPORT RequestId: 1 Duration: 3 ms' }], 'mid')).toEqual({ status: 'PASS', detail: expect.stringMatching(/ended without error/) });
    expect(readLogs([{ message: '2026-11-20T12:00:00Z 1 Task timed out after 15.02 seconds' }], 'mid')?.status).toBe('FAIL');
    expect(readLogs([{ message: '2026-11-20T12:00:00Z\t1\tERROR\tInvoke Error' }], 'mid')?.status).toBe('FAIL');
    expect(readLogs([{ message: 'START RequestId: 1' }], 'mid')).toBeUndefined();
  });
});

describe('GIVEN the built CLI', () => {
  const node = (args: string[], env: NodeJS.ProcessEnv, cwd: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, args, { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
  const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: tempDir(), AWS_EC2_METADATA_DISABLED: 'true', ...extra });

  test('WHEN --help or verify --help runs THEN the AWS SDK bundle is never loaded', async () => {
    const hook = path.join(tempDir(), 'hook.js');
    fs.writeFileSync(hook, "const M = require('module'); const load = M._load; M._load = function (r) { if (/aws\\.js$|@aws-sdk/.test(r)) process.stderr.write('LOADED ' + r + '\\n'); return load.apply(this, arguments); };");
    for (const args of [['--help'], ['verify', '--help']]) {
      const r = await node(['-r', hook, CLI, ...args], cleanEnv(), tempDir());
      expect({ args, code: r.code, loaded: r.stderr }).toEqual({ args, code: 0, loaded: '' });
    }
  });

  test('WHEN the stack is not deployed THEN exit 1 with one line; WHEN --dir is no project THEN exit 2', async () => {
    const dir = deployed('nat-gateway', undefined);
    const r = await node([CLI, 'verify', '--dir', dir], cleanEnv(), tempDir());
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^verify: stack demo is not deployed yet/)]);
    expect((await node([CLI, 'verify', '--dir', tempDir()], cleanEnv(), tempDir())).code).toBe(2);
  });

  describe('WHEN the AWS endpoints point at a local stub of the Lambda API', () => {
    let stub: http.Server;
    const requests: { url?: string; auth?: string }[] = [];
    let functionError: string | undefined;
    beforeAll(async () => {
      stub = http.createServer((req, res) => {
        req.resume().on('end', () => {
          requests.push({ url: req.url, auth: String(req.headers.authorization ?? '') });
          res.setHeader('x-amz-executed-version', '4');
          if (functionError) res.setHeader('x-amz-function-error', functionError);
          res.end(JSON.stringify(functionError ? { errorType: 'Error', errorMessage: 'boom' } : { ok: true, status: 200, publicIp: NAT_IP }));
        });
      });
      await new Promise<void>((done) => stub.listen(0, '127.0.0.1', done));
    });
    afterAll(() => new Promise<void>((done) => stub.close(() => done())));

    test('THEN the bundled SDK signs and sends the invoke, and the exit status follows the hop', async () => {
      const dir = deployed('nat-gateway', { egress_public_ips: [NAT_IP] });
      const env = cleanEnv({ AWS_ENDPOINT_URL: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`, AWS_ACCESS_KEY_ID: 'AKIDVERIFYTEST', AWS_SECRET_ACCESS_KEY: 'secret' });
      functionError = undefined;
      const ok = await node([CLI, 'verify', '--dir', dir], env, tempDir());
      expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
      expect(ok.stdout).toMatch(/^PASS {2}1\. λ demo-api, through its live alias$/m);
      expect(requests.at(-1)).toEqual({ url: '/2015-03-31/functions/demo-api/invocations?Qualifier=live', auth: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=AKIDVERIFYTEST\//) });

      functionError = 'Unhandled';
      const failed = await node([CLI, 'verify', '--dir', dir], env, tempDir());
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('demo-api:live failed (Unhandled): Error: boom');
      expect(failed.stderr.trim()).toBe('verify: 1 of 1 hop(s) failed (report above)');
    });
  });
});
