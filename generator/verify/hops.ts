/**
 * Runs one verification step against the deployed stack through the AWS SDK for JavaScript v3 (the
 * modular clients) and says what it saw: PASS, FAIL, WAIT (not ready yet, expected to become ready:
 * a Session Manager agent that has not registered) or SKIP (cannot run unattended).
 */
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CheckFailedError } from '../check';
import { TEST_SUBJECT } from './instructions';
import type { HostStep, HttpStep, InvokeStep, NoteStep, PublishStep, Value, VerifyStep } from './steps';

export type HopStatus = 'PASS' | 'FAIL' | 'WAIT' | 'SKIP';

export interface HopResult {
  status: HopStatus;
  title: string;
  /** What it saw, on one line. */
  detail: string;
  /** What to do next (the probes to run in a host session), one per line. */
  next?: string[];
}

export interface HopContext {
  region: string;
  /** The deployed outputs, by name. */
  outputs: Record<string, unknown>;
  clients: { lambda: LambdaClient; sns: SNSClient; ssm: SSMClient; logs: CloudWatchLogsClient };
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** How long to wait for a subscriber's logs after publishing. */
  logWaitMs: number;
}

export const DEFAULT_LOG_WAIT_MS = 90_000;
const LOG_POLL_MS = 5_000;
const HTTP_TIMEOUT_MS = 10_000;
/** How far before the publish to read logs from (clock skew between this machine and AWS). */
const LOG_SKEW_MS = 5_000;

export function awsClients(region: string): HopContext['clients'] {
  // The SDK warns on Node 20 about its releases of 2027; the one bundled here supports it, and the
  // user cannot act on the warning (the bundled version is ours to move): keep the report clean.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return { lambda: new LambdaClient({ region }), sns: new SNSClient({ region }), ssm: new SSMClient({ region }), logs: new CloudWatchLogsClient({ region }) };
}

export async function runHop(step: VerifyStep, ctx: HopContext): Promise<HopResult> {
  const hop = (status: HopStatus, detail: string, next?: string[]): HopResult => ({ status, title: step.title, detail, ...(next ? { next } : {}) });
  try {
    switch (step.kind) {
      case 'invoke':
        return await invoke(step, ctx, hop);
      case 'http':
        return await httpGet(step, ctx, hop);
      case 'publish':
        return await publish(step, ctx, hop);
      case 'ssm-host':
        return await host(step, ctx, hop);
      case 'note':
        return note(step, hop);
    }
  } catch (err) {
    if (err instanceof MissingValue) return hop('FAIL', err.message);
    throw err;
  }
}

/** Errors of this machine, not of the stack: every hop would fail the same way, so stop at the first. */
function stopOnCredentials(err: unknown): void {
  const name = String((err as Error)?.name ?? '');
  if (name === 'CredentialsProviderError' || /^(ExpiredToken|InvalidClientTokenId|UnrecognizedClient|InvalidSignature)/.test(name)) {
    throw new CheckFailedError(`verify: no usable AWS credentials (${describeError(err)}); set AWS_PROFILE or the AWS_* variables, or log in with "aws sso login"`);
  }
}

type Hop = (status: HopStatus, detail: string, next?: string[]) => HopResult;

async function invoke(step: InvokeStep, ctx: HopContext, hop: Hop): Promise<HopResult> {
  const name = text(step.functionName, ctx);
  if (step.needs) return hop('SKIP', `not invoked: ${step.needs}`);
  let result;
  try {
    result = await ctx.clients.lambda.send(new InvokeCommand({ FunctionName: name, Qualifier: step.qualifier, Payload: Buffer.from(JSON.stringify(step.payload)) }));
  } catch (err) {
    stopOnCredentials(err);
    return hop('FAIL', `${name}:${step.qualifier} could not be invoked: ${describeError(err)}`);
  }
  const raw = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
  const answer = parse(raw);
  if (result.FunctionError) {
    const e = (answer ?? {}) as { errorType?: string; errorMessage?: string };
    return hop('FAIL', `${name}:${step.qualifier} failed (${result.FunctionError}): ${e.errorType ?? 'error'}: ${e.errorMessage ?? short(raw)}`);
  }
  const failure = failureIn(answer);
  if (failure) return hop('FAIL', `${name}:${step.qualifier} answered with a failure${step.calls ? ` on ${step.calls.via.join(' → ')}` : ''}: ${failure}`);
  const seen = `${name}:${step.qualifier} answered (version ${result.ExecutedVersion ?? '?'}): ${short(raw)}`;
  const publicIp = (answer as { publicIp?: unknown } | undefined)?.publicIp;
  if (step.egressIps && typeof publicIp === 'string') {
    const ips = list(step.egressIps, ctx);
    if (!ips.includes(publicIp)) return hop('FAIL', `its internet traffic left from ${publicIp}, which is not one of the NAT's public IPs (${ips.join(', ')}): ${seen}`);
    return hop('PASS', `its internet traffic leaves through NAT ${publicIp}; ${seen}`);
  }
  return hop('PASS', seen);
}

/** What a sample's answer says went wrong: `ok: false`, an HTTP error status, a proxy 5xx. */
function failureIn(answer: unknown): string | undefined {
  if (!answer || typeof answer !== 'object') return undefined;
  const a = answer as { ok?: unknown; status?: unknown; statusCode?: unknown; error?: unknown; hint?: unknown };
  if (a.ok === false) return [a.status !== undefined ? `HTTP ${a.status}` : undefined, a.error, a.hint].filter((x) => x !== undefined).map(String).join('; ') || short(JSON.stringify(answer));
  if (typeof a.status === 'number' && a.status >= 400) return `HTTP ${a.status}: ${short(JSON.stringify(answer))}`;
  if (typeof a.statusCode === 'number' && a.statusCode >= 500) return `status code ${a.statusCode}: ${short(JSON.stringify(answer))}`;
  return undefined;
}

async function httpGet(step: HttpStep, ctx: HopContext, hop: Hop): Promise<HopResult> {
  const url = `${text(step.url, ctx).replace(/\/+$/, '')}${step.path}`;
  let response: Response;
  try {
    response = await ctx.fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return hop('FAIL', `GET ${url}: no answer (${e.cause?.code ?? e.name ?? String(err)})`);
  }
  const body = short(await response.text().catch(() => ''));
  if (response.status >= 400) return hop('FAIL', `GET ${url}: HTTP ${response.status} ${body}`);
  return hop('PASS', `GET ${url}: HTTP ${response.status} ${body}`);
}

async function publish(step: PublishStep, ctx: HopContext, hop: Hop): Promise<HopResult> {
  const topic = text(step.topic, ctx);
  const publishedAt = ctx.now();
  let messageId: string;
  try {
    const r = await ctx.clients.sns.send(new PublishCommand({ TopicArn: topic, Subject: TEST_SUBJECT, Message: `Test message from vpc-lambda-gen verify at ${new Date(publishedAt).toISOString()}` }));
    messageId = r.MessageId ?? '?';
  } catch (err) {
    stopOnCredentials(err);
    const key = step.kmsKey ? ` and kms:GenerateDataKey* and kms:Decrypt on its KMS key (${step.kmsKey})` : '';
    const denied = /AuthorizationError|AccessDenied|KMS/i.test(String((err as Error).name));
    return hop('FAIL', `publish to ${topic} ${denied ? 'denied' : 'failed'}: ${describeError(err)}${denied ? `; the publisher needs sns:Publish on the topic${key}` : ''}`);
  }
  const seen: string[] = [];
  for (const subscriber of step.subscribers) {
    const group = text(subscriber.logGroup, ctx);
    const outcome = await awaitLogs(group, messageId, publishedAt, ctx);
    if (outcome.status !== 'PASS') return hop(outcome.status, `published ${messageId}; ${group}: ${outcome.detail}`);
    seen.push(`${group}: ${outcome.detail}`);
  }
  return hop('PASS', `published ${messageId}; ${seen.join('; ')}`);
}

/** Polls a log group from the publish on, until the message is handled, an error shows, or time runs out. */
async function awaitLogs(group: string, messageId: string, since: number, ctx: HopContext): Promise<{ status: HopStatus; detail: string }> {
  const deadline = since + ctx.logWaitMs;
  for (;;) {
    let events: FilteredLogEvent[];
    try {
      events = await logEvents(group, since - LOG_SKEW_MS, ctx);
    } catch (err) {
      stopOnCredentials(err);
      return { status: 'FAIL', detail: `cannot read the logs: ${describeError(err)}` };
    }
    const verdict = readLogs(events, messageId);
    if (verdict) return verdict;
    if (ctx.now() >= deadline) {
      return {
        status: 'FAIL',
        detail: `no invocation logged within ${Math.round(ctx.logWaitMs / 1000)} s of publishing: SNS did not invoke the function (its subscription or invoke permission), or the logs are late; run verify again`,
      };
    }
    await ctx.sleep(LOG_POLL_MS);
  }
}

async function logEvents(group: string, startTime: number, ctx: HopContext): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 10; page++) {
    const r = await ctx.clients.logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime, nextToken }));
    events.push(...(r.events ?? []));
    nextToken = r.nextToken;
    if (!nextToken) break;
  }
  return events;
}

/**
 * What the function's log says since the publish: the message handled (its id logged), an error
 * (plain-text or JSON log format), or an invocation that ended cleanly; undefined while nothing has.
 */
export function readLogs(events: FilteredLogEvent[], messageId: string): { status: HopStatus; detail: string } | undefined {
  let ended = false;
  for (const event of events) {
    const message = event.message ?? '';
    const json = parse(message) as { level?: string; type?: string; message?: string; errorMessage?: string; errorType?: string; record?: { status?: string; errorType?: string } } | undefined;
    const error =
      json && typeof json === 'object'
        ? json.level === 'ERROR' || ((json.type === 'platform.report' || json.type === 'platform.runtimeDone') && json.record?.status !== undefined && json.record.status !== 'success')
        : /(^|\t)ERROR\t|Task timed out|Runtime\.\w+/.test(message);
    if (error) {
      const what = json && typeof json === 'object' ? [json.errorType ?? json.record?.errorType ?? json.record?.status, json.errorMessage ?? json.message].filter(Boolean).join(': ') : message;
      return { status: 'FAIL', detail: `the function failed: ${short(what.trim())}` };
    }
    if (message.includes(messageId)) return { status: 'PASS', detail: `handled it: ${short((json && typeof json === 'object' && json.message) || message.trim())}` };
    if ((json && typeof json === 'object' && json.type === 'platform.report') || message.startsWith('REPORT RequestId')) ended = true;
  }
  return ended ? { status: 'PASS', detail: 'an invocation after the publish ended without error (the function does not log message ids)' } : undefined;
}

async function host(step: HostStep, ctx: HopContext, hop: Hop): Promise<HopResult> {
  const id = text(step.instance, ctx);
  const probes = step.probes.map((p) => `${p.what}: ${fill(p.command, p.values, ctx)}  → ${fill(p.expect, p.values, ctx)}`);
  const session = `aws ssm start-session --region ${ctx.region} --target ${id}`;
  let info;
  try {
    const r = await ctx.clients.ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [id] }] }));
    info = r.InstanceInformationList?.[0];
  } catch (err) {
    stopOnCredentials(err);
    return hop('FAIL', `cannot ask Systems Manager about ${id}: ${describeError(err)}`);
  }
  if (!info) {
    return hop('WAIT', `the Session Manager agent on ${id} has not registered yet: that can take ten minutes or more after the instance starts; run verify again later`, [`then: ${session}`, ...probes]);
  }
  if (info.PingStatus !== 'Online') {
    return hop('FAIL', `the agent on ${id} is ${info.PingStatus} (last ping ${info.LastPingDateTime?.toISOString() ?? 'never'}): the instance is stopped, or lost its path to the ssm, ssmmessages and ec2messages endpoints (or NAT)`);
  }
  return hop('PASS', `the agent on ${id} is Online (${[info.PlatformName, info.PlatformVersion].filter(Boolean).join(' ')}, agent ${info.AgentVersion ?? '?'})`, [`open a shell: ${session}`, ...probes]);
}

function note(step: NoteStep, hop: Hop): HopResult {
  return hop('SKIP', step.text);
}

// ---- values from the outputs --------------------------------------------------------------------

class MissingValue extends Error {}

/** A deployed value: the literal, or the output's value (an entry of a map output). */
function resolve(value: Value, ctx: HopContext): unknown {
  if ('literal' in value) return value.literal;
  if ('missing' in value) throw new MissingValue(`no output holds ${value.missing}, so verify cannot find it; add an output for it`);
  if (!(value.output in ctx.outputs)) throw new MissingValue(`the state has no output "${value.output}": run "npx cdktf deploy" again so the outputs match this Terraform`);
  const found = ctx.outputs[value.output];
  if (value.key === undefined) return found;
  const entry = found && typeof found === 'object' ? (found as Record<string, unknown>)[value.key] : undefined;
  if (entry === undefined) throw new MissingValue(`the output "${value.output}" has no "${value.key}": run "npx cdktf deploy" again`);
  return entry;
}

function text(value: Value, ctx: HopContext): string {
  const v = resolve(value, ctx);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function list(value: Value, ctx: HopContext): string[] {
  const v = resolve(value, ctx);
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

/** A probe's `<name>` placeholders replaced with the deployed values. */
function fill(template: string, values: Record<string, Value>, ctx: HopContext): string {
  return template.replace(/<([a-z_]+)>/g, (all, name: string) => {
    const value = values[name];
    if (!value) return all;
    try {
      return list(value, ctx).join(', ');
    } catch {
      return all;
    }
  });
}

// ---- formatting ---------------------------------------------------------------------------------

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function short(text: string, max = 300): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function describeError(err: unknown): string {
  const e = err as Error;
  return `${e?.name ?? 'Error'}: ${short(e?.message ?? String(err), 200)}`;
}
