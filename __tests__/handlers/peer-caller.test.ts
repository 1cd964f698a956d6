// The peering pattern's sample, with DNS and fetch mocked at the boundary.
const lookup = jest.fn();
jest.mock('node:dns/promises', () => ({ lookup }));

const { handler } = require('../../templates/handlers/peer-caller/nodejs/index.js');

describe('peer-caller handler', () => {
  const realFetch = global.fetch;
  beforeEach(() => {
    lookup.mockReset();
    process.env.PEER_CIDR = '10.1.0.0/16';
    process.env.PEER_API_URL = 'https://api.peer.internal/health';
  });
  afterEach(() => {
    global.fetch = realFetch;
  });
  afterAll(() => {
    delete process.env.PEER_CIDR;
    delete process.env.PEER_API_URL;
  });

  test('GIVEN the host resolves inside the peer CIDR THEN it calls the API and reports the answer', async () => {
    lookup.mockResolvedValue({ address: '10.1.2.3', family: 4 });
    global.fetch = jest.fn().mockResolvedValue({ ok: true, status: 200, text: async () => 'healthy' }) as never;
    await expect(handler({})).resolves.toMatchObject({ ok: true, status: 200, address: '10.1.2.3', body: 'healthy' });
    expect(lookup).toHaveBeenCalledWith('api.peer.internal', { family: 4 });
    expect(global.fetch).toHaveBeenCalledWith(new URL('https://api.peer.internal/health'), expect.objectContaining({ method: 'GET', signal: expect.anything() }));
  });

  test('GIVEN the host resolves outside the peer CIDR THEN it does not call and says why', async () => {
    lookup.mockResolvedValue({ address: '52.95.110.1', family: 4 });
    global.fetch = jest.fn() as never;
    const result = await handler({});
    expect(result).toMatchObject({ ok: false, error: 'OUTSIDE_PEER_CIDR' });
    expect(result.hint).toMatch(/resolves to 52\.95\.110\.1, outside the peer CIDR 10\.1\.0\.0\/16/);
    expect(global.fetch).not.toHaveBeenCalled();
  });

  test('an IP URL from the event needs no DNS; a timeout points at peering, route back and security group', async () => {
    global.fetch = jest.fn().mockRejectedValue(Object.assign(new Error('fetch failed'), { cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } })) as never;
    const result = await handler({ url: 'http://10.1.9.9:8080/ping' });
    expect(lookup).not.toHaveBeenCalled();
    expect(result).toMatchObject({ ok: false, address: '10.1.9.9', error: 'UND_ERR_CONNECT_TIMEOUT' });
    expect(result.hint).toMatch(/route back to this VPC/);
  });

  test('the edges of the peer CIDR are inside, the next address is not', async () => {
    global.fetch = jest.fn().mockResolvedValue({ ok: true, status: 204, text: async () => '' }) as never;
    await expect(handler({ url: 'http://10.1.255.255/' })).resolves.toMatchObject({ ok: true });
    await expect(handler({ url: 'http://10.2.0.0/' })).resolves.toMatchObject({ ok: false, error: 'OUTSIDE_PEER_CIDR' });
  });

  test('refuses to run without a URL, saying how to set one', async () => {
    delete process.env.PEER_API_URL;
    await expect(handler({})).rejects.toThrow(/PEER_API_URL is not set: set pattern\.peerApiUrl/);
  });
});

// A module, not a script: each test file keeps its own `handler`, `send`... (ts-jest type-checks them together).
export {};
