// The caller handler, with fetch mocked at the boundary.
const { handler } = require('../../templates/handlers/http-caller/nodejs/index.js');

describe('http-caller handler', () => {
  const realFetch = global.fetch;
  const url = 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1/invoke';
  beforeEach(() => {
    process.env.TARGET_URL = url;
  });
  afterEach(() => {
    global.fetch = realFetch;
    delete process.env.TARGET_URL;
  });

  test('POSTs the event as JSON to TARGET_URL and returns the target’s parsed answer', async () => {
    global.fetch = jest.fn().mockResolvedValue({ ok: true, status: 200, text: async () => '{"ok":true,"via":"rest-api"}' }) as never;
    await expect(handler({ hello: 'world' })).resolves.toMatchObject({ ok: true, status: 200, url, body: { ok: true, via: 'rest-api' } });
    const [calledUrl, init] = (global.fetch as jest.Mock).mock.calls[0];
    expect(calledUrl).toBe(url);
    expect(init).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' }, signal: expect.anything() });
    expect(JSON.parse(init.body)).toMatchObject({ event: { hello: 'world' } });
  });

  test('reports a non-2xx answer with its status and body', async () => {
    global.fetch = jest.fn().mockResolvedValue({ ok: false, status: 403, text: async () => '{"message":"Forbidden"}' }) as never;
    await expect(handler({})).resolves.toMatchObject({ ok: false, status: 403, body: { message: 'Forbidden' } });
  });

  test('turns a timeout into a failed call with a hint about security groups', async () => {
    global.fetch = jest.fn().mockRejectedValue(Object.assign(new Error('fetch failed'), { cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } })) as never;
    await expect(handler({})).resolves.toMatchObject({ ok: false, error: 'UND_ERR_CONNECT_TIMEOUT', hint: expect.stringMatching(/security group/) });
  });

  test('an unresolvable host points at DNS', async () => {
    global.fetch = jest.fn().mockRejectedValue(Object.assign(new Error('fetch failed'), { cause: { code: 'ENOTFOUND' } })) as never;
    await expect(handler({})).resolves.toMatchObject({ ok: false, hint: expect.stringMatching(/private DNS/) });
  });

  test('without TARGET_URL it fails clearly instead of calling anything', async () => {
    delete process.env.TARGET_URL;
    global.fetch = jest.fn() as never;
    await expect(handler({})).rejects.toThrow(/TARGET_URL is not set/);
    expect(global.fetch).not.toHaveBeenCalled();
  });
});

// A module, not a script: each test file keeps its own `handler`, `send`... (ts-jest type-checks them together).
export {};
