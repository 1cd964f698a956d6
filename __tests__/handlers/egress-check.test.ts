// The sample handler, with fetch mocked at the boundary.
const { handler } = require('../../templates/handlers/egress-check/nodejs/index.js');

describe('egress-check handler', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  test('reports the public IP the request left through', async () => {
    global.fetch = jest.fn().mockResolvedValue({ ok: true, status: 200, text: async () => '203.0.113.7\n' }) as never;
    await expect(handler()).resolves.toMatchObject({ ok: true, status: 200, publicIp: '203.0.113.7' });
    expect(global.fetch).toHaveBeenCalledWith('https://checkip.amazonaws.com', expect.objectContaining({ signal: expect.anything() }));
  });

  test('reports a timeout as a failed egress instead of throwing', async () => {
    global.fetch = jest.fn().mockRejectedValue(Object.assign(new Error('fetch failed'), { cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } })) as never;
    await expect(handler()).resolves.toMatchObject({ ok: false, error: 'UND_ERR_CONNECT_TIMEOUT' });
  });
});

// A module, not a script: each test file keeps its own `handler`, `send`... (ts-jest type-checks them together).
export {};
