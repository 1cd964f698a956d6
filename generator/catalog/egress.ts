/**
 * Egress as its own choice: how the Lambda subnets reach what is outside the VPC (a NAT gateway, a
 * NAT instance, VPC endpoints only, or nothing), with its options and the ports the functions may
 * open to the internet. Each pattern names its default and what it accepts (PatternSpec.egress); the
 * config's `egress` overrides the default. No cdktf here: validation, the wizard and `--help` read it.
 */
import { z } from 'zod';
import { closest } from '../config/errors';
import { listedPort } from './checks';
import { GATEWAY_ENDPOINT_SERVICES, INTERFACE_ENDPOINT_SERVICES } from './endpoint-services';
import { DEFAULT_NAT_INSTANCE_TYPE, natInstanceTypeSchema } from './nat-instance-options';
import type { PatternFlag } from './types';

export const EGRESS_TYPES = ['nat-gateway', 'nat-instance', 'endpoints', 'none'] as const;
export type EgressType = (typeof EGRESS_TYPES)[number];

/** What each kind of egress means, for --help, the wizard and the docs. */
export const EGRESS_TITLES: Record<EgressType, string> = {
  'nat-gateway': 'the internet and AWS APIs through a managed NAT gateway',
  'nat-instance': 'the internet and AWS APIs through a cheap NAT instance',
  endpoints: 'no internet path; AWS APIs through VPC endpoints only',
  none: 'nothing outside the VPC but what the pattern wires (a peer, an ALB, EFS...)',
};

/** The kinds that give the Lambda subnets a default route to the internet. */
export const NAT_EGRESS: readonly EgressType[] = ['nat-gateway', 'nat-instance'];

/** Internet egress ports the functions get when none are named: HTTPS. */
export const DEFAULT_EGRESS_PORTS: readonly number[] = [443];

export function hasInternet(type: EgressType): boolean {
  return NAT_EGRESS.includes(type);
}

const endpointService = z.string().superRefine((service, ctx) => {
  if ((INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(service)) return;
  const hint = closest(service, INTERFACE_ENDPOINT_SERVICES);
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: `unknown endpoint service; ${hint ? `did you mean "${hint}"? ` : ''}use one of ${INTERFACE_ENDPOINT_SERVICES.join(', ')}`,
  });
});

/** An AWS service the functions reach through a VPC endpoint, by endpoint name ("sts", "s3"). */
export const endpointServiceList = z.array(endpointService);

/** `egress` in vpc-lambda-gen.json, as written: every field optional (the pattern's default fills it). */
export const EgressSchema = z
  .object({
    /** How the Lambda subnets reach the outside. @default - the pattern's (see `vpc-lambda-gen patterns`) */
    type: z.enum(EGRESS_TYPES).optional(),
    /** NAT only: one NAT per AZ (no cross-AZ data charges, survives an AZ outage) instead of one shared. @default false */
    perAz: z.boolean().optional(),
    /** nat-instance only: Graviton type of each instance (the image is arm64 Amazon Linux 2023). @default t4g.nano */
    instanceType: natInstanceTypeSchema.removeDefault().optional(),
    /** nat-instance only: AmazonSSMManagedInstanceCore on the instance role; port 22 is never open. @default true */
    ssmAccess: z.boolean().optional(),
    /** NAT only: TCP ports every function may open to 0.0.0.0/0. @default [443] */
    ports: z.array(listedPort).min(1, { message: 'give at least one port, for example [443]' }).optional(),
    /**
     * AWS services reached through VPC endpoints, by endpoint name: each an interface endpoint with
     * private DNS (about 7.5 USD a month per AZ), s3 and dynamodb free gateway endpoints (s3 always
     * gets one). With a NAT they keep that traffic off it; with `endpoints` they are the only way out.
     * @default none (the endpoints pattern: ["lambda"])
     */
    endpoints: endpointServiceList.optional(),
  })
  .strict();

export type RawEgress = z.infer<typeof EgressSchema>;

/** The egress of a validated config: the type, and only the fields that apply to it, defaults filled in. */
export interface EgressConfig {
  type: EgressType;
  perAz?: boolean;
  instanceType?: string;
  ssmAccess?: boolean;
  ports?: number[];
  endpoints?: string[];
}

/** The fields each kind of egress takes (the rest are refused next to it). */
const FIELDS_OF: Record<EgressType, readonly (keyof EgressConfig)[]> = {
  'nat-gateway': ['perAz', 'ports', 'endpoints'],
  'nat-instance': ['perAz', 'instanceType', 'ssmAccess', 'ports', 'endpoints'],
  endpoints: ['endpoints'],
  none: [],
};

/** How a pattern's egress is chosen: its default, what it accepts, and why it refuses the rest. */
export interface EgressRule {
  default(options: Record<string, unknown>): EgressType;
  /** The kinds this pattern works with; a capability (`with`) must accept the stack's egress too. */
  allowed: readonly EgressType[];
  /** Why another kind cannot work, with the fix: "Slack is on the internet: use --egress nat-gateway". */
  refusal: string;
  /** Endpoint services the pattern itself calls through when it has endpoints (the endpoints pattern: lambda). */
  requiredEndpoints?: readonly string[];
  /**
   * Fields of the pattern's options that earlier versions used for its egress, read as the egress
   * fields they map to, so saved projects keep working (sns-slack's `nat`, nat-instance's `natPerAz`...).
   */
  legacyFields?: Record<string, (value: unknown) => Partial<RawEgress>>;
}

/**
 * The rule of patterns whose own path stays inside the VPC (or goes to a peer): no egress unless
 * asked for, and any kind works beside them.
 */
export const INSIDE_VPC_EGRESS: EgressRule = { default: () => 'none', allowed: EGRESS_TYPES, refusal: '' };

/** The ordinary old-field mappings, shared by the NAT patterns. */
export const LEGACY_NAT_FIELDS = {
  natPerAz: (v: unknown) => ({ perAz: v as boolean }),
  natInstanceType: (v: unknown) => ({ instanceType: v as string }),
  natSsmAccess: (v: unknown) => ({ ssmAccess: v as boolean }),
};

/** Gateway endpoint services of an endpoint list: s3 always (it is free and keeps S3 off everything else), dynamodb when listed. */
export function gatewayServicesOf(services: readonly string[]): (typeof GATEWAY_ENDPOINT_SERVICES)[number][] {
  return GATEWAY_ENDPOINT_SERVICES.filter((s) => s === 's3' || services.includes(s));
}

/** The listed services that become interface endpoints. */
export function interfaceServicesOf(services: readonly string[]): string[] {
  return services.filter((s) => !(GATEWAY_ENDPOINT_SERVICES as readonly string[]).includes(s));
}

/** Whether the stack has VPC endpoints for the functions (and so gateway endpoints on the route tables). */
export function hasEndpoints(egress: EgressConfig): boolean {
  return egress.type === 'endpoints' || (egress.endpoints ?? []).length > 0;
}

export interface ResolvedEgress {
  egress: EgressConfig;
  /** The pattern options without the legacy egress fields (they now live in `egress`). */
  options: Record<string, unknown>;
}

/**
 * The stack's egress: the config's `egress`, else what legacy pattern fields say, else the pattern's
 * default; then checked against what the pattern accepts and what the kind takes. Issues are
 * reported at `egress.<field>` (or at the legacy field that said it).
 */
export function resolveEgress(
  given: RawEgress | undefined,
  rule: EgressRule,
  patternId: string,
  options: Record<string, unknown>,
  issue: (path: (string | number)[], message: string) => void,
): ResolvedEgress {
  const { options: rest, egress: legacy, fieldOf: legacyFieldOf } = splitLegacyEgress(rule, options);
  for (const [key, value] of Object.entries(legacy) as [keyof RawEgress, unknown][]) {
    const own = given?.[key];
    if (own !== undefined && JSON.stringify(own) !== JSON.stringify(value)) {
      issue(['pattern', legacyFieldOf[key]!], `says ${JSON.stringify(value)} but egress.${key} says ${JSON.stringify(own)}: drop pattern.${legacyFieldOf[key]} (an earlier version's field) and keep egress.${key}`);
    }
  }
  const merged: RawEgress = { ...legacy, ...given };
  const type = merged.type ?? rule.default(options);
  const typeAt = given?.type !== undefined || legacyFieldOf.type === undefined ? ['egress', 'type'] : ['pattern', legacyFieldOf.type];
  if (!rule.allowed.includes(type)) issue(typeAt, `pattern ${patternId} does not work with egress ${type}: ${rule.refusal}`);

  const allowed = FIELDS_OF[type];
  for (const key of Object.keys(merged) as (keyof RawEgress)[]) {
    if (key === 'type' || merged[key] === undefined || allowed.includes(key)) continue;
    const at = given?.[key] !== undefined ? ['egress', key] : ['pattern', legacyFieldOf[key]!];
    const kinds = egressKindsTaking(key);
    issue(at, `applies to ${kinds} egress, not ${type}: drop it, or choose ${kinds} egress (--egress, egress.type)`);
  }

  const egress: EgressConfig = { type };
  if (hasInternet(type)) {
    egress.perAz = merged.perAz ?? false;
    if (type === 'nat-instance') {
      egress.instanceType = merged.instanceType ?? DEFAULT_NAT_INSTANCE_TYPE;
      egress.ssmAccess = merged.ssmAccess ?? true;
    }
    egress.ports = merged.ports ?? [...DEFAULT_EGRESS_PORTS];
  }
  if (type !== 'none') {
    const endpoints = [...new Set([...(type === 'endpoints' ? (rule.requiredEndpoints ?? []) : []), ...(merged.endpoints ?? [])])];
    if (type === 'endpoints' || endpoints.length > 0) egress.endpoints = endpoints;
  }
  egress.ports?.forEach((port, i) => {
    if (egress.ports!.indexOf(port) !== i) issue(['egress', 'ports', i], 'listed twice; list each port once');
  });
  return { egress, options: rest };
}

/** Legacy egress fields of a pattern's options, as the egress fields they say, and the options without them. */
export function splitLegacyEgress<T extends Record<string, unknown>>(
  rule: EgressRule,
  options: T,
): { options: T; egress: Partial<RawEgress>; fieldOf: Partial<Record<keyof RawEgress, string>> } {
  const egress: Partial<RawEgress> = {};
  const fieldOf: Partial<Record<keyof RawEgress, string>> = {};
  const rest = { ...options };
  for (const [field, map] of Object.entries(rule.legacyFields ?? {})) {
    if (options[field] === undefined) continue;
    delete rest[field];
    for (const [key, value] of Object.entries(map(options[field])) as [keyof RawEgress, never][]) {
      egress[key] = value;
      fieldOf[key] = field;
    }
  }
  return { options: rest, egress, fieldOf };
}

function egressKindsTaking(key: keyof EgressConfig): string {
  const kinds = EGRESS_TYPES.filter((t) => FIELDS_OF[t].includes(key));
  return kinds.length === 1 ? kinds[0] : kinds.slice(0, -1).join(', ') + ' or ' + kinds[kinds.length - 1];
}

/** A `new` flag that sets one field of `egress` (asked by the wizard when `when` holds for the egress so far). */
export interface EgressFlag extends Omit<PatternFlag, 'field' | 'choosesFunction'> {
  field: keyof RawEgress;
  /** Without a terminal its default is taken even without --yes (options newer than the scripts that call `new`). */
  assumed?: boolean;
}

export const EGRESS_FLAGS: Record<string, EgressFlag> = {
  egress: {
    field: 'type',
    type: 'string',
    describe: "how the Lambda subnets reach the outside: nat-gateway, nat-instance, endpoints or none [default: the pattern's]",
    prompt: 'Egress: how do the functions reach what is outside the VPC?',
    choices: EGRESS_TYPES,
  },
  'nat-per-az': { field: 'perAz', type: 'boolean', describe: 'one NAT per AZ instead of one shared (more cost, no cross-AZ hop)', when: (e) => hasInternet(e.type as EgressType) },
  'nat-instance-type': {
    field: 'instanceType',
    type: 'string',
    describe: `Graviton (arm64) EC2 type of each NAT instance [default: ${DEFAULT_NAT_INSTANCE_TYPE}]`,
    when: (e) => e.type === 'nat-instance',
  },
  'nat-ssm-access': {
    field: 'ssmAccess',
    type: 'boolean',
    describe: 'let Session Manager into the NAT instance (--no-nat-ssm-access: no role) [default: true]',
    when: (e) => e.type === 'nat-instance',
    default: true,
  },
  'egress-ports': {
    field: 'ports',
    type: 'list',
    describe: `TCP ports every function may open to the internet through the NAT [default: ${DEFAULT_EGRESS_PORTS.join(',')}]`,
    prompt: 'Which TCP ports may the functions open to the internet?',
    assumed: true,
    when: (e) => hasInternet(e.type as EgressType),
  },
  endpoints: {
    field: 'endpoints',
    type: 'list',
    describe: `AWS services the functions reach through VPC endpoints (with any egress but none); s3/dynamodb become gateway endpoints (${INTERFACE_ENDPOINT_SERVICES.length} known)`,
    prompt: 'Which AWS services do the functions call? (each becomes a VPC endpoint)',
    choices: INTERFACE_ENDPOINT_SERVICES,
    when: (e) => e.type === 'endpoints',
  },
};
