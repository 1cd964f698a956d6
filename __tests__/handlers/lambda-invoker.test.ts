// The caller of the endpoints pattern, with the Lambda client mocked at the SDK boundary.
const send = jest.fn();
const commands: Record<string, unknown>[] = [];
const clientConfigs: Record<string, unknown>[] = [];
jest.mock(
  '@aws-sdk/client-lambda',
  () => ({
    LambdaClient: jest.fn().mockImplementation((config: Record<string, unknown>) => {
      clientConfigs.push(config);
      return { send };
    }),
    InvokeCommand: jest.fn().mockImplementation((input: Record<string, unknown>) => {
      commands.push(input);
      return { input };
    }),
  }),
  { virtual: true },
);

const { handler } = require('../../templates/handlers/lambda-invoker/nodejs/index.js');

describe('lambda-invoker handler', () => {
  beforeEach(() => {
    send.mockReset();
    commands.length = 0;
    process.env.TARGET_FUNCTION_NAME = 'demo-target';
    process.env.TARGET_QUALIFIER = 'live';
  });
  afterAll(() => {
    delete process.env.TARGET_FUNCTION_NAME;
    delete process.env.TARGET_QUALIFIER;
  });

  test('fails fast when the API is unreachable instead of waiting out the function timeout', () => {
    expect(clientConfigs[0]).toMatchObject({ maxAttempts: 2, requestHandler: { connectionTimeout: 3000 } });
  });

  test('invokes the target’s live alias with the event and returns its answer', async () => {
    send.mockResolvedValue({ StatusCode: 200, ExecutedVersion: '7', Payload: new TextEncoder().encode(JSON.stringify({ ok: true, answeredBy: 'demo-target' })) });
    const result = await handler({ hello: 'world' });
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ FunctionName: 'demo-target', Qualifier: 'live' });
    expect(JSON.parse(Buffer.from(commands[0].Payload as Uint8Array).toString('utf8'))).toMatchObject({ event: { hello: 'world' } });
    expect(result).toMatchObject({ ok: true, target: 'demo-target:live', status: 200, executedVersion: '7', body: { answeredBy: 'demo-target' } });
  });

  test('reports a failing target as a failure with its error payload', async () => {
    send.mockResolvedValue({ StatusCode: 200, FunctionError: 'Unhandled', Payload: new TextEncoder().encode('{"errorMessage":"boom"}') });
    await expect(handler({})).resolves.toMatchObject({ ok: false, error: 'the target failed (Unhandled)', body: { errorMessage: 'boom' } });
  });

  test('explains a timeout as a missing path to the Lambda API (endpoint or security group)', async () => {
    send.mockRejectedValue(Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' }));
    const result = await handler({});
    expect(result).toMatchObject({ ok: false, error: 'TimeoutError' });
    expect(result.hint).toMatch(/lambda interface endpoint/);
  });

  test('explains a denied call as the role’s narrow invoke right', async () => {
    send.mockRejectedValue(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    expect((await handler({})).hint).toMatch(/may invoke only the target's live alias/);
  });

  test('refuses to run without a target name, saying where it comes from', async () => {
    delete process.env.TARGET_FUNCTION_NAME;
    await expect(handler({})).rejects.toThrow(/TARGET_FUNCTION_NAME is not set/);
    expect(send).not.toHaveBeenCalled();
  });
});

// A module, not a script: each test file keeps its own `handler`, `send`... (ts-jest type-checks them together).
export {};
