// Calls an API in the peered VPC. It first checks that the URL's host resolves inside the peer CIDR
// (otherwise the request would never use the peering connection), then sends the request and
// reports the answer, or why none came.
const dns = require('node:dns/promises');
const net = require('node:net');

const TIMEOUT_MS = Number(process.env.PEER_TIMEOUT_MS || 5000);

exports.handler = async function handler(event) {
  const target = (event && event.url) || process.env.PEER_API_URL;
  if (!target) {
    throw new Error('PEER_API_URL is not set: set pattern.peerApiUrl (or --peer-url), or invoke with {"url": "https://10.1.2.3/health"}');
  }
  const url = new URL(target);
  const peerCidr = process.env.PEER_CIDR;
  const started = Date.now();

  const host = url.hostname.replace(/^\[|\]$/g, '');
  let address = host;
  if (!net.isIP(host)) {
    try {
      address = (await dns.lookup(host, { family: 4 })).address;
    } catch (error) {
      return { ok: false, url: target, error: String(error.code || error), hint: `${host} does not resolve from this VPC: use the API's private IP or a name in a zone this VPC can resolve`, millis: Date.now() - started };
    }
  }
  if (peerCidr && !inCidr(address, peerCidr)) {
    return { ok: false, url: target, address, error: 'OUTSIDE_PEER_CIDR', hint: `${host} resolves to ${address}, outside the peer CIDR ${peerCidr}: the request would not go through the peering connection`, millis: Date.now() - started };
  }

  let response;
  try {
    response = await fetch(url, { method: (event && event.method) || 'GET', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const code = String((error && error.cause && error.cause.code) || (error && error.name) || error);
    return { ok: false, url: target, address, error: code, hint: hintFor(code), millis: Date.now() - started };
  }
  const text = await response.text();
  return { ok: response.ok, url: target, address, status: response.status, body: text.slice(0, 2000), millis: Date.now() - started };
};

/** IPv4 only: peered VPC CIDRs here are IPv4. */
function inCidr(address, cidr) {
  const [network, prefix] = cidr.split('/');
  if (!net.isIPv4(address) || !net.isIPv4(network)) return false;
  const bits = Number(prefix);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((toInt(address) & mask) >>> 0) === ((toInt(network) & mask) >>> 0);
}

function toInt(ip) {
  return ip.split('.').reduce((n, octet) => ((n << 8) | Number(octet)) >>> 0, 0);
}

function hintFor(code) {
  if (/TIMEOUT|TimeoutError|AbortError/i.test(code)) {
    return 'no answer in time: check the peering is active, the peer route table has the route back to this VPC, and the API security group admits the Lambda subnets on this port';
  }
  if (/ECONNREFUSED/.test(code)) return 'the peer host answered but nothing listens on that port';
  if (/CERT|SSL|TLS/i.test(code)) return 'TLS failed: the URL host must be a name the certificate covers';
  return 'the request failed before an answer arrived';
}
