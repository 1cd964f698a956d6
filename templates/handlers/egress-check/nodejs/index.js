// Proves the function's internet egress: from a private subnet, this request only succeeds
// through the NAT. The address it reports is the NAT's public IP.
const CHECK_URL = process.env.EGRESS_CHECK_URL || 'https://checkip.amazonaws.com';
const TIMEOUT_MS = 5000;

exports.handler = async function handler() {
  const started = Date.now();
  try {
    const response = await fetch(CHECK_URL, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await response.text()).trim();
    return { ok: response.ok, status: response.status, publicIp: body, millis: Date.now() - started };
  } catch (error) {
    // A timeout here means no route out: check the private route table's 0.0.0.0/0 target.
    return { ok: false, error: String((error && error.cause && error.cause.code) || error), millis: Date.now() - started };
  }
};
