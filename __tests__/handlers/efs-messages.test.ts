// The EFS handler against a real directory standing in for the mount path.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const { handler } = require('../../templates/handlers/efs-messages/nodejs/index.js');

const request = (method: string, body?: string, query?: Record<string, string>) => ({
  requestContext: { http: { method } },
  body,
  isBase64Encoded: false,
  queryStringParameters: query,
});
const parse = (r: { statusCode: number; body: string }) => ({ status: r.statusCode, body: JSON.parse(r.body) });

describe('efs-messages handler', () => {
  let mount: string;
  beforeEach(() => {
    mount = fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-efs-'));
    process.env.EFS_MOUNT_PATH = mount;
    delete process.env.EFS_READ_ONLY;
  });
  afterEach(() => fs.rmSync(mount, { recursive: true, force: true }));

  test('POST writes the message to a file under the mount path, and reads it back', async () => {
    const { status, body } = parse(await handler(request('POST', 'first')));
    expect(status).toBe(201);
    expect(body).toMatchObject({ count: 1, stored: { message: 'first' }, file: path.join(mount, 'messages.jsonl') });
    expect(fs.readFileSync(path.join(mount, 'messages.jsonl'), 'utf8')).toMatch(/"message":"first"/);
  });

  test('GET lists what earlier requests stored, newest last, limited on request', async () => {
    for (const m of ['a', 'b', 'c']) await handler(request('POST', m));
    expect(parse(await handler(request('GET'))).body).toMatchObject({ count: 3, messages: [{ message: 'a' }, { message: 'b' }, { message: 'c' }] });
    expect(parse(await handler(request('GET', undefined, { limit: '1' }))).body.messages).toEqual([expect.objectContaining({ message: 'c' })]);
  });

  test('GET before any message returns an empty list', async () => {
    expect(parse(await handler(request('GET')))).toEqual({ status: 200, body: { count: 0, messages: [], file: path.join(mount, 'messages.jsonl') } });
  });

  test('refuses empty bodies, other methods, and writes when mounted read-only', async () => {
    expect(parse(await handler(request('POST', '  '))).status).toBe(400);
    expect(parse(await handler(request('DELETE'))).status).toBe(405);
    process.env.EFS_READ_ONLY = 'true';
    expect(parse(await handler(request('POST', 'x')))).toMatchObject({ status: 403, body: { error: expect.stringMatching(/read-only/) } });
    expect(fs.existsSync(path.join(mount, 'messages.jsonl'))).toBe(false);
  });

  test('says so when nothing is mounted at the mount path', async () => {
    process.env.EFS_MOUNT_PATH = path.join(mount, 'missing');
    expect(parse(await handler(request('GET')))).toMatchObject({ status: 500, body: { error: expect.stringMatching(/nothing is mounted/) } });
  });
});
