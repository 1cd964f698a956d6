import { z } from 'zod';
import { callerTargetFlags, checkFunctionRefs, functionRef, interfaceEndpointUse, wiredRoles } from './checks';
import { INSIDE_VPC_EGRESS } from './egress';
import type { PatternSpec } from './types';

/** API Gateway stage names: letters, digits, underscores. */
const STAGE_NAME = /^[A-Za-z0-9_]{1,128}$/;

export const privateApi: PatternSpec = {
  id: 'private-api',
  title: 'Private REST API between functions, no internet gateway',
  useWhen: 'one VPC function calls another over HTTPS in a VPC with no internet path, through a private API Gateway',
  options: z
    .object({
      id: z.literal('private-api'),
      /** The function that calls the API (gets its URL in TARGET_URL). @default "caller" */
      caller: functionRef('caller'),
      /** The function behind the API. @default "target" */
      target: functionRef('target'),
      /** Stage of the REST API, part of the invoke URL. @default "v1" */
      stageName: z.string().regex(STAGE_NAME, { message: 'use letters, digits and underscores, for example "v1"' }).default('v1'),
    })
    .strict(),
  egress: INSIDE_VPC_EGRESS,
  defaultFunctions: [
    { name: 'caller', handler: 'http-caller', description: 'POSTs to the private API (URL in TARGET_URL) and returns the answer', role: 'caller', environment: ['TARGET_URL'] },
    { name: 'target', handler: 'http-echo', description: 'answers the API with what it received', role: 'target' },
  ],
  diagram: [
    'caller["λ caller (private subnets)"] -->|HTTPS 443| vpce["execute-api interface endpoint (private DNS)"]',
    'vpce --> api["Private REST API: POST /invoke (policy: this endpoint only)"]',
    'api -->|AWS_PROXY| target["λ target (live alias)"]',
  ],
  pitfalls: [
    'There is no internet gateway or NAT: the caller reaches API Gateway only through the execute-api interface endpoint, with private DNS on.',
    'The endpoint security group admits HTTPS only from the caller’s security group, and the caller may send HTTPS only to it.',
    'The resource policy denies every request that does not come through that endpoint (aws:SourceVpce), then allows the rest.',
    'The deployment is replaced whenever the API or its policy changes: a private API serves a policy only once deployed.',
    'API Gateway may invoke only the target’s `live` alias, and only for this API’s POST /invoke.',
  ],
  flags: callerTargetFlags('Which function calls the private API?', 'Which function serves the private API?'),
  subnetUse: () => [interfaceEndpointUse('execute-api')],
  refine(config, issue) {
    checkFunctionRefs(config, issue, wiredRoles(privateApi, config.pattern));
  },
};
