/** Option schemas and whole-config checks that several pattern entries share. */
import { z } from 'zod';
import { FUNCTION_NAME_PATTERN, type IssueSink, type VpcLambdaConfig } from '../config/schema';
import type { PatternFlag, PatternSpec, SubnetUse } from './types';

/** A pattern option naming one of `functions` (checked by checkFunctionRefs). */
export function functionRef(defaultName: string) {
  return z
    .string()
    .regex(FUNCTION_NAME_PATTERN, { message: 'name a function of "functions" (lowercase letters, digits, hyphens)' })
    .default(defaultName);
}

/**
 * The options naming the functions the pattern wires with these options ("function"; "caller",
 * "target"), from its defaultFunctions' roles.
 */
export function wiredRoles(spec: Pick<PatternSpec, 'defaultFunctions'>, options: Record<string, unknown>): string[] {
  return spec.defaultFunctions.filter((f) => f.role !== undefined && (f.when?.(options) ?? true)).map((f) => f.role!);
}

/** The `new` flag that picks which function plays a part (--efs-function, --target-function...). */
export function functionFlag(field: string, describe: string, prompt: string): PatternFlag {
  return { field, type: 'string', describe, prompt, choosesFunction: true };
}

/** --caller-function and --target-function: several patterns share them, with their own questions. */
export function callerTargetFlags(callerPrompt: string, targetPrompt: string): Record<string, PatternFlag> {
  return {
    'caller-function': functionFlag('caller', 'function that calls the other one through the pattern [default: caller]', callerPrompt),
    'target-function': functionFlag('target', 'function the caller reaches through the pattern [default: target]', targetPrompt),
  };
}

/** Each named option must name a configured function, and no two of them the same one. */
export function checkFunctionRefs(config: VpcLambdaConfig, issue: IssueSink, fields: readonly string[]): void {
  const names = config.functions.map((fn) => fn.name);
  const seen = new Map<string, string>();
  for (const field of fields) {
    const value = config.pattern[field] as string;
    const adopted = config.functions.find((fn) => fn.name === value && fn.adopt && !fn.source);
    if (!names.includes(value)) {
      issue(['pattern', field], `no function named "${value}" in functions; use one of ${names.join(', ')}, or add a function with that name`);
    } else if (adopted) {
      issue(
        ['pattern', field],
        `"${value}" is an adopted function whose code and settings stay as they are, so the pattern cannot wire it: name another function, or give it a "source" directory to manage its code`,
      );
    } else if (seen.has(value)) {
      issue(['pattern', field], `is the same function as pattern.${seen.get(value)}; use two different functions`);
    }
    seen.set(value, field);
  }
}

export const portNumber = z
  .number()
  .int({ message: 'use a whole port number 1–65535' })
  .min(1, { message: 'use a port 1–65535' })
  .max(65535, { message: 'use a port 1–65535' });

/** A port in a list flag (`--peer-port 443,8443`, `--egress-ports 443,80`) arrives as a string. */
export const listedPort = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v), portNumber);

/** arn:<partition>:acm:<region>:<account>:certificate/<uuid> */
export const ACM_CERTIFICATE_ARN = /^arn:aws(?:-cn|-us-gov)?:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;

/** A fully qualified DNS name, lowercase, for example "api.internal.example.com". */
export const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function certificateArnOption() {
  return z
    .string()
    .regex(ACM_CERTIFICATE_ARN, { message: 'use an ACM certificate ARN, for example arn:aws:acm:eu-west-1:123456789012:certificate/<uuid>' })
    .optional();
}

export function domainNameOption() {
  return z.string().regex(DOMAIN_NAME, { message: 'use a lowercase DNS name, for example "api.internal.example.com"' }).optional();
}

/** An HTTPS listener needs a certificate of the stack's region and a name the certificate covers. */
export function checkTls(config: VpcLambdaConfig, issue: IssueSink): void {
  const certificateArn = config.pattern.certificateArn as string | undefined;
  if (!certificateArn) return;
  const region = ACM_CERTIFICATE_ARN.exec(certificateArn)?.[1];
  if (region !== config.region) {
    issue(['pattern', 'certificateArn'], `the certificate is in ${region}, the stack in ${config.region}; a load balancer can only use a certificate of its own region`);
  }
  if (!config.pattern.domainName) {
    issue(
      ['pattern', 'domainName'],
      'required with certificateArn: no certificate covers the load balancer’s own DNS name, so the caller would fail TLS verification; give the name the certificate covers, and point a private DNS record for it at what the caller calls',
    );
  }
}

/** An interface endpoint has one network interface, so one address, in every Lambda subnet. */
export function interfaceEndpointUse(service: string): SubnetUse {
  return { what: `interface endpoint ${service}`, addresses: 1, endpoint: service };
}
