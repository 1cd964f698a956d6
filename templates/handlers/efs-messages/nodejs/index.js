// Behind the HTTP API: POST stores the request body as a message in a file on EFS, GET lists the
// stored messages. The file lives under the mount path the pattern sets (EFS_MOUNT_PATH), so every
// instance of the function, in every AZ, sees the same messages.
const fs = require('node:fs/promises');
const path = require('node:path');

const FILE_NAME = 'messages.jsonl';
const MAX_MESSAGE_BYTES = 10 * 1024;
const DEFAULT_LIMIT = 20;

exports.handler = async function handler(event) {
  const mountPath = process.env.EFS_MOUNT_PATH;
  if (!mountPath) return reply(500, { error: 'EFS_MOUNT_PATH is not set: the pattern sets it to the mount path (for example /mnt/msg)' });
  const file = path.join(mountPath, FILE_NAME);
  const method = (event && event.requestContext && event.requestContext.http && event.requestContext.http.method) || 'GET';
  try {
    await fs.access(mountPath);
  } catch {
    return reply(500, { error: `nothing is mounted at ${mountPath}: check the function's file system configuration` });
  }
  try {
    if (method === 'POST') return await store(file, event);
    if (method === 'GET') return await list(file, event);
    return reply(405, { error: `use GET to list messages or POST to store one, not ${method}` });
  } catch (error) {
    if (error.code === 'EACCES' || error.code === 'EROFS') {
      return reply(500, { error: `no permission to write ${file} (${error.code}): check the access point's POSIX user and directory permissions` });
    }
    throw error;
  }
};

async function store(file, event) {
  if (process.env.EFS_READ_ONLY === 'true') return reply(403, { error: 'the file system is mounted read-only: only GET is allowed' });
  let text = event.body || '';
  if (event.isBase64Encoded) text = Buffer.from(text, 'base64').toString('utf8');
  if (!text.trim()) return reply(400, { error: 'send the message as the request body' });
  if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) return reply(413, { error: `messages are limited to ${MAX_MESSAGE_BYTES} bytes` });
  const message = { at: new Date().toISOString(), message: text };
  await fs.appendFile(file, JSON.stringify(message) + '\n', 'utf8');
  // Read back what is on the file system, so the answer proves the write landed.
  const messages = await readAll(file);
  return reply(201, { stored: messages[messages.length - 1], count: messages.length, file });
}

async function list(file, event) {
  const requested = Number(event && event.queryStringParameters && event.queryStringParameters.limit);
  const limit = Number.isInteger(requested) && requested > 0 ? requested : DEFAULT_LIMIT;
  const messages = await readAll(file);
  return reply(200, { count: messages.length, messages: messages.slice(-limit), file });
}

async function readAll(file) {
  let text;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

function reply(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
