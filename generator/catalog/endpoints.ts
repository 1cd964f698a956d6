import { z } from 'zod';
import { closest } from '../config/errors';
import { callerTargetFlags, checkFunctionRefs, functionRef, interfaceEndpointUse, wiredRoles } from './checks';
import { GATEWAY_ENDPOINT_SERVICES, INTERFACE_ENDPOINT_SERVICES } from './endpoint-services';
import type { PatternSpec } from './types';

/** The caller reaches the target through this one, so it is always there. */
export const REQUIRED_ENDPOINT = 'lambda';

const endpointService = z.string().superRefine((service, ctx) => {
  if ((INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(service)) return;
  const hint = closest(service, INTERFACE_ENDPOINT_SERVICES);
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: `unknown endpoint service; ${hint ? `did you mean "${hint}"? ` : ''}use one of ${INTERFACE_ENDPOINT_SERVICES.join(', ')}`,
  });
});

export const endpoints: PatternSpec = {
  id: 'endpoints',
  title: 'VPC endpoints instead of NAT, no internet path at all',
  useWhen: 'functions call only AWS APIs (another function, STS, SSM, SQS...) and must have no internet path',
  options: z
    .object({
      id: z.literal('endpoints'),
      /**
       * AWS services the functions call, by endpoint name. Each becomes an interface endpoint with
       * private DNS (about 7.5 USD a month per AZ each), except s3 and dynamodb, which become free
       * gateway endpoints. `lambda` is always added. @default ["lambda"]
       */
      endpoints: z
        .array(endpointService)
        .default([REQUIRED_ENDPOINT])
        .transform((list) => [...new Set([REQUIRED_ENDPOINT, ...list])]),
      /** The function that invokes the other through the lambda endpoint. @default "caller" */
      caller: functionRef('caller'),
      /** The function it invokes (its `live` alias). @default "target" */
      target: functionRef('target'),
    })
    .strict(),
  internetEgress: () => false,
  defaultFunctions: [
    { name: 'caller', handler: 'lambda-invoker', description: 'invokes the target function through the lambda interface endpoint and returns its answer', role: 'caller' },
    { name: 'target', handler: 'invoke-target', description: 'answers the caller with what it received', role: 'target' },
  ],
  diagram: [
    'caller["λ caller (private subnets)"] -->|HTTPS 443| vpce["lambda interface endpoint (private DNS)"]',
    'vpce -->|Invoke live alias| target["λ target"]',
    'caller -.->|S3 prefix list, 443| s3gw["S3 gateway endpoint (route tables)"]',
  ],
  pitfalls: [
    'No internet gateway, no NAT: without an endpoint, a call to Lambda, STS or SSM from a VPC function times out.',
    'Interface endpoints have private DNS on, so the SDK needs no endpoint URL, and sit in every Lambda subnet (≥ 2 AZs).',
    'One endpoint security group admits HTTPS only from the function security groups, which may send HTTPS only to it (and to the S3/DynamoDB prefix lists).',
    'The caller may invoke only the target’s `live` alias, nothing else.',
  ],
  flags: {
    ...callerTargetFlags('Which function invokes the other through the lambda endpoint?', 'Which function does it invoke?'),
    endpoints: {
      field: 'endpoints',
      type: 'list',
      describe: `AWS services the functions call; lambda is always included; s3/dynamodb become gateway endpoints (${INTERFACE_ENDPOINT_SERVICES.length} known) [default: lambda]`,
      prompt: 'Which AWS services do the functions call? (each becomes a VPC endpoint)',
      choices: INTERFACE_ENDPOINT_SERVICES,
    },
  },
  subnetUse: (options) => interfaceServicesOf(options.endpoints as string[]).map(interfaceEndpointUse),
  routeTableUse: (options) => gatewayServicesOf(options.endpoints as string[]).map((s) => `the ${s} gateway endpoint`),
  refine(config, issue) {
    checkFunctionRefs(config, issue, wiredRoles(endpoints, config.pattern));
  },
};

/** Which of the chosen services become gateway endpoints (s3 always does). */
export function gatewayServicesOf(services: readonly string[]): (typeof GATEWAY_ENDPOINT_SERVICES)[number][] {
  return GATEWAY_ENDPOINT_SERVICES.filter((s) => s === 's3' || services.includes(s));
}

/** The chosen services that become interface endpoints. */
export function interfaceServicesOf(services: readonly string[]): string[] {
  return services.filter((s) => !(GATEWAY_ENDPOINT_SERVICES as readonly string[]).includes(s));
}
