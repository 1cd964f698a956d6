import { z } from 'zod';
import { callerTargetFlags, certificateArnOption, checkFunctionRefs, checkTls, domainNameOption, functionRef, portNumber, wiredRoles } from './checks';
import { INSIDE_VPC_EGRESS } from './egress';
import type { PatternFlag, PatternSpec, SubnetUse } from './types';

/** Options an internal ALB in front of a function takes; privatelink reuses them. */
export const albOptionsShape = {
  /** The function that calls the ALB (gets its URL in TARGET_URL). @default "caller" */
  caller: functionRef('caller'),
  /** The function behind the ALB. @default "target" */
  target: functionRef('target'),
  /** Listener port, 1–65535. @default 443 with certificateArn, else 80 */
  listenerPort: portNumber.optional(),
  /** ACM certificate (same region): the listener is HTTPS. @default - HTTP */
  certificateArn: certificateArnOption(),
  /** DNS name the caller uses, covered by the certificate; needed with certificateArn. @default - the load balancer's DNS name */
  domainName: domainNameOption(),
};

/** AWS wants 8 free addresses in each ALB subnet (its nodes scale into them) and a /27 at least. */
export const ALB_SUBNET_USE: SubnetUse = { what: 'internal ALB (AWS wants 8 free)', addresses: 8, maxPrefix: 27 };

export const albFlags: Record<string, PatternFlag> = {
  'listener-port': { field: 'listenerPort', type: 'number', describe: 'ALB listener port (default 80, or 443 with --certificate-arn)' },
  'certificate-arn': { field: 'certificateArn', type: 'string', describe: 'ACM certificate ARN: the ALB listener becomes HTTPS (needs --domain-name)' },
  'domain-name': {
    field: 'domainName',
    type: 'string',
    describe: 'DNS name the caller uses, covered by the certificate',
    when: (options) => !!options.certificateArn,
  },
};

export const internalAlb: PatternSpec = {
  id: 'internal-alb',
  title: 'Internal ALB in front of a function, no internet gateway',
  useWhen: 'one VPC function calls another over plain HTTP(S) in a VPC with no internet path, through an internal load balancer',
  options: z.object({ id: z.literal('internal-alb'), ...albOptionsShape }).strict(),
  egress: INSIDE_VPC_EGRESS,
  defaultFunctions: [
    { name: 'caller', handler: 'http-caller', description: 'POSTs to the internal ALB (URL in TARGET_URL) and returns the answer', role: 'caller', environment: ['TARGET_URL'] },
    { name: 'target', handler: 'http-echo', description: 'answers the ALB with what it received', role: 'target' },
  ],
  diagram: [
    'caller["λ caller (private subnets)"] -->|listener port| alb["Internal ALB (private subnets, ≥2 AZs)"]',
    'alb -->|target group type lambda| target["λ target (live alias)"]',
  ],
  pitfalls: [
    'The ALB is internal, in the private subnets of every AZ; there is no internet gateway or NAT.',
    'The target group is of type lambda; the attachment waits for the invoke permission elasticloadbalancing.amazonaws.com has on the `live` alias, scoped to that target group.',
    'The ALB security group admits the listener port only from the caller’s security group; the caller may send only to it.',
    'Health checks are off, so no check invokes the function or flaps on a slow one.',
  ],
  flags: { ...callerTargetFlags('Which function calls the internal ALB?', 'Which function sits behind the ALB?'), ...albFlags },
  subnetUse: () => [ALB_SUBNET_USE],
  refine(config, issue) {
    checkFunctionRefs(config, issue, wiredRoles(internalAlb, config.pattern));
    checkTls(config, issue);
  },
};
