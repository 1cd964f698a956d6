/**
 * What a function needs beyond its VPC, from evidence only: a literal URL with a public host name in
 * its environment, or what its owner states (the `vlg:needs` tag, or `check --expect`). An egress
 * rule to 0.0.0.0/0 is permission, not evidence: it promises nothing by itself. The AWS services a
 * function calls (its role's grants, the resources its environment names) are read in
 * rules/aws-services.ts, with the services stated here.
 */
import type { TfDocument } from './eval/expand';
import { objects } from './doc';
import type { LambdaFn } from './lambda';
import type { Model } from './model';

/** The tag that states what a function needs: `vlg:needs = "internet,sqs"` (AWS service endpoint names). */
export const NEEDS_TAG = 'vlg:needs';

/** What the tag (or --expect) states for a function: lower-case names, "internet" or an AWS service. */
export function declaredNeeds(m: Model, fn: LambdaFn): string[] {
  const tags = objects(fn.body.tags)[0] ?? {};
  const value = m.doc.resolve(tags[NEEDS_TAG]);
  if (typeof value !== 'string' || value.includes('${')) return [];
  return parseNeeds(value);
}

export function parseNeeds(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).map((n) => n.trim().toLowerCase()).filter((n) => n && n !== 'none'))];
}

/** Why the function needs the internet (empty: no evidence that it does). */
export function internetReasons(m: Model, fn: LambdaFn): string[] {
  return internetEvidence(m, fn).map((e) => e.reason);
}

/**
 * The TCP ports the internet evidence needs, so a fix opens exactly those: each public URL's (http 80,
 * https 443, or its own :port) and HTTPS for a stated `internet` need (AWS APIs and most services).
 */
export function internetPorts(m: Model, fn: LambdaFn): number[] {
  return [...new Set(internetEvidence(m, fn).map((e) => e.port))].sort((a, b) => a - b);
}

/** The URLs in the function's environment, with the host and the TCP port each is called on. */
export function environmentUrls(m: Model, fn: LambdaFn): { key: string; url: string; host: string; port: number }[] {
  return Object.entries(fn.env).flatMap(([key, raw]) => {
    const value = m.doc.resolve(raw);
    if (typeof value !== 'string') return [];
    const match = /^(https?):\/\/([^/:?#\s$]+)(?::(\d+))?/i.exec(value);
    if (!match) return [];
    const port = match[3] ? Number(match[3]) : match[1].toLowerCase() === 'http' ? 80 : 443;
    return [{ key, url: value.split('?')[0], host: match[2], port }];
  });
}

function internetEvidence(m: Model, fn: LambdaFn): { reason: string; port: number }[] {
  const evidence: { reason: string; port: number }[] = [];
  if (declaredNeeds(m, fn).includes('internet')) evidence.push({ reason: `${NEEDS_TAG} says internet`, port: 443 });
  for (const { key, url, host, port } of environmentUrls(m, fn)) {
    if (isPublicHost(host)) evidence.push({ reason: `environment ${key} calls ${url}`, port });
  }
  return evidence;
}

/** A name or address that the internet serves (not a private address, not an in-VPC or AWS-internal name). */
export function isPublicHost(host: string): boolean {
  const h = host.toLowerCase();
  const ip = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(h);
  if (ip) {
    const [a, b] = [Number(ip[1]), Number(ip[2])];
    return !(a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127));
  }
  if (!h.includes('.')) return false;
  // VPC endpoints, internal load balancers and private zones resolve inside the VPC.
  return !/(\.internal|\.local|\.localhost|\.vpce\.amazonaws\.com|\.compute\.internal|^internal-[^.]+\.[^.]+\.elb\.amazonaws\.com)$/.test(h) && !/^internal-/.test(h);
}

/**
 * `check --expect NAME=NEEDS`: states needs for the functions named (function_name or address, `*`
 * for all) by adding them to their vlg:needs tag in the documents, before the model is built.
 */
export function applyExpectations(documents: TfDocument[], expects: string[]): TfDocument[] {
  const rules = expects.map((e) => {
    const at = e.indexOf('=');
    return at < 0 ? { who: '*', needs: parseNeeds(e) } : { who: e.slice(0, at).trim(), needs: parseNeeds(e.slice(at + 1)) };
  });
  if (rules.length === 0) return documents;
  return documents.map((d) => {
    const functions = (d.json.resource as Record<string, Record<string, Record<string, unknown>>> | undefined)?.aws_lambda_function;
    if (!functions) return d;
    const copy = structuredClone(d);
    const fns = (copy.json.resource as Record<string, Record<string, Record<string, unknown>>>).aws_lambda_function;
    for (const [name, body] of Object.entries(fns)) {
      const address = `${d.module ? `${d.module}.` : ''}aws_lambda_function.${name}`;
      const wanted = rules.filter((r) => r.who === '*' || r.who === address || r.who === body.function_name).flatMap((r) => r.needs);
      if (wanted.length === 0) continue;
      const tags = { ...((objects(body.tags)[0] ?? {}) as Record<string, unknown>) };
      const existing = typeof tags[NEEDS_TAG] === 'string' ? parseNeeds(tags[NEEDS_TAG] as string) : [];
      tags[NEEDS_TAG] = [...new Set([...existing, ...wanted])].join(',');
      body.tags = tags;
    }
    return copy;
  });
}
