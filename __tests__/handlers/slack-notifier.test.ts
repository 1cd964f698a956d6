// The notifier, with the SSM client (virtual: the Lambda runtime provides it) and fetch mocked.
const send = jest.fn();
jest.mock(
  '@aws-sdk/client-ssm',
  () => ({
    SSMClient: jest.fn(() => ({ send })),
    GetParameterCommand: jest.fn((input: unknown) => ({ input })),
  }),
  { virtual: true },
);

const notifier = require('../../templates/handlers/slack-notifier/nodejs/index.js');
const WEBHOOK = 'https://hooks.slack.com/services/T0/B0/secret';
const snsEvent = (...messages: { Subject?: string; Message: string }[]) => ({
  Records: messages.map((m, i) => ({ EventSource: 'aws:sns', Sns: { MessageId: `m-${i}`, ...m } })),
});

describe('slack-notifier handler', () => {
  const realFetch = global.fetch;
  let log: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => {});
    process.env.SLACK_WEBHOOK_PARAMETER = '/demo/slack-webhook';
    send.mockReset().mockResolvedValue({ Parameter: { Value: WEBHOOK } });
    global.fetch = jest.fn().mockResolvedValue({ ok: true, status: 200, text: async () => 'ok' }) as never;
    notifier._resetCache();
  });
  afterEach(() => {
    global.fetch = realFetch;
    log.mockRestore();
  });

  test('reads the webhook from the SecureString parameter (decrypted) and posts each message to it', async () => {
    await expect(notifier.handler(snsEvent({ Subject: 'Deploy', Message: 'v42 is live' }, { Message: 'second' }))).resolves.toEqual({ delivered: 2 });
    // Each delivered message id is logged (verify reads it), never the webhook or the text.
    expect(log.mock.calls.map((c) => c.join(' '))).toEqual(['delivered SNS message m-0 to Slack', 'delivered SNS message m-1 to Slack']);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0].input).toEqual({ Name: '/demo/slack-webhook', WithDecryption: true });
    const calls = (global.fetch as jest.Mock).mock.calls;
    expect(calls.map(([url]) => url)).toEqual([WEBHOOK, WEBHOOK]);
    expect(JSON.parse(calls[0][1].body)).toEqual({ text: '*Deploy*\nv42 is live' });
    expect(calls[0][1]).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
  });

  test('turns a CloudWatch alarm into one readable line', async () => {
    const alarm = { AlarmName: 'orders-5xx', NewStateValue: 'ALARM', NewStateReason: 'Threshold crossed' };
    await notifier.handler(snsEvent({ Subject: 'ALARM', Message: JSON.stringify(alarm) }));
    expect(JSON.parse((global.fetch as jest.Mock).mock.calls[0][1].body).text).toBe(':rotating_light: *orders-5xx* is ALARM: Threshold crossed');
  });

  test('reads the parameter once for several invocations', async () => {
    await notifier.handler(snsEvent({ Message: 'a' }));
    await notifier.handler(snsEvent({ Message: 'b' }));
    expect(send).toHaveBeenCalledTimes(1);
  });

  test('a missing parameter fails with the command that creates it, without calling Slack', async () => {
    send.mockRejectedValue(Object.assign(new Error('not found'), { name: 'ParameterNotFound' }));
    await expect(notifier.handler(snsEvent({ Message: 'x' }))).rejects.toThrow(/aws ssm put-parameter --type SecureString --name \/demo\/slack-webhook/);
    expect(global.fetch).not.toHaveBeenCalled();
  });

  test('a parameter that does not hold an https URL is refused', async () => {
    send.mockResolvedValue({ Parameter: { Value: 'not-a-url' } });
    await expect(notifier.handler(snsEvent({ Message: 'x' }))).rejects.toThrow(/does not hold an https:\/\/ webhook URL/);
  });

  test('a refused post throws (so SNS retries), never revealing the URL, and a revoked webhook is read again', async () => {
    global.fetch = jest.fn().mockResolvedValue({ ok: false, status: 404, text: async () => 'no_service' }) as never;
    const error = await notifier.handler(snsEvent({ Message: 'x' })).catch((e: Error) => e);
    expect(error.message).toMatch(/Slack refused message m-0: HTTP 404 no_service/);
    expect(error.message).not.toContain(WEBHOOK);
    // Not delivered, so not logged as delivered (verify would take it for a success).
    expect(log).not.toHaveBeenCalled();
    await notifier.handler(snsEvent({ Message: 'y' })).catch(() => undefined);
    expect(send).toHaveBeenCalledTimes(2);
  });

  test('ignores records that are not from SNS, and needs its parameter name', async () => {
    await expect(notifier.handler({ Records: [{ EventSource: 'aws:sqs' }] })).resolves.toEqual({ delivered: 0 });
    delete process.env.SLACK_WEBHOOK_PARAMETER;
    await expect(notifier.handler(snsEvent({ Message: 'x' }))).rejects.toThrow(/SLACK_WEBHOOK_PARAMETER is not set/);
  });
});

// A module, not a script: each test file keeps its own `handler`, `send`... (ts-jest type-checks them together).
export {};
