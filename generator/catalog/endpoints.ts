import { z } from 'zod';
import { callerTargetFlags, checkFunctionRefs, functionRef, wiredRoles } from './checks';
import { endpointServiceList } from './egress';
import type { PatternSpec } from './types';

/** The caller reaches the target through this one, so it is always there. */
export const REQUIRED_ENDPOINT = 'lambda';

export const endpoints: PatternSpec = {
  id: 'endpoints',
  title: 'VPC endpoints instead of NAT, no internet path at all',
  useWhen: 'functions call only AWS APIs (another function, STS, SSM, SQS...) and must have no internet path',
  options: z
    .object({
      id: z.literal('endpoints'),
      /** An earlier version's field, read as egress.endpoints (where the services are listed now). */
      endpoints: endpointServiceList.optional(),
      /** The function that invokes the other through the lambda endpoint. @default "caller" */
      caller: functionRef('caller'),
      /** The function it invokes (its `live` alias). @default "target" */
      target: functionRef('target'),
    })
    .strict(),
  egress: {
    default: () => 'endpoints',
    allowed: ['endpoints'],
    refusal: 'its whole point is no internet path at all: for VPC endpoints next to a NAT use --pattern nat-gateway (or nat-instance) with --endpoints',
    requiredEndpoints: [REQUIRED_ENDPOINT],
    legacyFields: { endpoints: (v) => ({ endpoints: v as string[] }) },
  },
  defaultFunctions: [
    { name: 'caller', handler: 'lambda-invoker', description: 'invokes the target function through the lambda interface endpoint and returns its answer', role: 'caller', environment: ['TARGET_FUNCTION_NAME', 'TARGET_QUALIFIER'] },
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
  // The services it calls are the egress's (--endpoints: generator/catalog/egress.ts); lambda is always one.
  flags: callerTargetFlags('Which function invokes the other through the lambda endpoint?', 'Which function does it invoke?'),
  refine(config, issue) {
    checkFunctionRefs(config, issue, wiredRoles(endpoints, config.pattern));
  },
};
