// Calls the target function over HTTP(S) from inside the VPC: through a private API, an internal
// ALB or a PrivateLink endpoint, whichever the pattern wired. The pattern sets TARGET_URL.
const TIMEOUT_MS = Number(process.env.TARGET_TIMEOUT_MS || 10000);

exports.handler = async function handler(event) {
  const url = process.env.TARGET_URL;
  if (!url) {
    throw new Error('TARGET_URL is not set: the pattern sets it to the URL of the target (private API, ALB or endpoint); check the function configuration');
  }
  const started = Date.now();
  const payload = { from: process.env.AWS_LAMBDA_FUNCTION_NAME || 'caller', sentAt: new Date(started).toISOString(), event: event ?? null };
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const code = (error && error.cause && error.cause.code) || (error && error.name) || String(error);
    // A timeout means no network path: security group rules, the endpoint or the listener.
    return { ok: false, url, error: String(code), hint: hintFor(code), millis: Date.now() - started };
  }
  const text = await response.text();
  return { ok: response.ok, url, status: response.status, body: parse(text), millis: Date.now() - started };
};

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function hintFor(code) {
  if (/TIMEOUT|TimeoutError|AbortError/i.test(code)) {
    return 'no answer in time: check that the target security group admits this function on the port, and this function may send to it';
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(code)) return 'the host name does not resolve in this VPC: check private DNS of the endpoint, or the DNS record';
  if (/CERT|SSL|TLS/i.test(code)) return 'TLS failed: the URL host must be a name the certificate covers';
  return 'the request failed before an answer arrived';
}
