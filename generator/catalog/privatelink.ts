import { z } from 'zod';
import { callerTargetFlags, checkFunctionRefs, checkTls, wiredRoles } from './checks';
import { ALB_SUBNET_USE, albFlags, albOptionsShape } from './internal-alb';
import { INSIDE_VPC_EGRESS } from './egress';
import type { PatternSpec } from './types';

/** An account ID, or the ARN of an account root, role or user (endpoint services take no ARN paths). */
export const ENDPOINT_SERVICE_PRINCIPAL = /^(?:\d{12}|arn:aws(?:-cn|-us-gov)?:iam::\d{12}:(?:root|role\/[\w+=,.@-]+|user\/[\w+=,.@-]+))$/;

export const privatelink: PatternSpec = {
  id: 'privatelink',
  title: 'PrivateLink to an ALB-fronted function (NLB → ALB → Lambda)',
  useWhen: 'other VPCs or accounts must reach a function privately, through an endpoint service with static IPs and L7 routing behind it',
  options: z
    .object({
      id: z.literal('privatelink'),
      ...albOptionsShape,
      /** Account IDs or IAM role/user ARNs that may create endpoints to the service; required unless allowNoPrincipals. */
      allowedPrincipals: z
        .array(
          z.string().superRefine((value, ctx) => {
            if (value === '*') {
              ctx.addIssue({ code: 'custom', message: '"*" would let every AWS account connect; list the accounts or roles instead' });
            } else if (!ENDPOINT_SERVICE_PRINCIPAL.test(value)) {
              ctx.addIssue({ code: 'custom', message: 'use a 12-digit account ID or an arn:aws:iam::<account>:root|role/<name>|user/<name> ARN (no paths)' });
            }
          }),
        )
        .default([]),
      /** Create the service with no allowed principals (you add them later, outside Terraform). @default false */
      allowNoPrincipals: z.boolean().default(false),
      /** Each connection request waits for the owner's acceptance. @default true */
      acceptanceRequired: z.boolean().default(true),
      /** An interface endpoint to the service in this VPC, called by the caller function, to prove the path. @default true */
      consumerEndpoint: z.boolean().default(true),
    })
    .strict(),
  egress: INSIDE_VPC_EGRESS,
  defaultFunctions: [
    {
      name: 'caller',
      handler: 'http-caller',
      description: 'POSTs through the consumer endpoint (URL in TARGET_URL) and returns the answer',
      role: 'caller',
      environment: ['TARGET_URL'],
      when: (options) => options.consumerEndpoint !== false,
    },
    { name: 'target', handler: 'http-echo', description: 'answers the ALB with what it received', role: 'target' },
  ],
  diagram: [
    'caller["λ caller"] -->|listener port| vpce["Consumer interface endpoint"] -->|PrivateLink| svc["VPC endpoint service"]',
    'consumers(("Consumers in other VPCs and accounts")) -.->|their interface endpoints| svc["VPC endpoint service"]',
    'svc --> nlb["Internal NLB (static IPs)"]',
    'nlb -->|TCP, target group type alb| alb["Internal ALB"] -->|target group type lambda| target["λ target (live alias)"]',
  ],
  pitfalls: [
    'An ALB’s IPs change, so the endpoint service sits on an internal NLB whose target group (type alb, TCP) uses the ALB listener port; it is attached only once that listener exists.',
    'The endpoint service states acceptance explicitly and admits only the listed principals (plus this account when the in-stack consumer endpoint is on); an empty list is refused unless allowNoPrincipals.',
    'The NLB health-checks a path the ALB answers itself, so health checks never invoke the function.',
    'The ALB admits the listener port only from the NLB’s security group, the consumer endpoint only from the caller’s.',
  ],
  flags: {
    ...callerTargetFlags('Which function calls through the consumer endpoint?', 'Which function sits behind the endpoint service?'),
    ...albFlags,
    'allowed-principals': {
      field: 'allowedPrincipals',
      type: 'list',
      describe: 'account IDs or IAM role/user ARNs allowed to connect to the endpoint service',
      required: true,
    },
    'acceptance-required': { field: 'acceptanceRequired', type: 'boolean', describe: 'connection requests wait for acceptance (default true)' },
    'consumer-endpoint': { field: 'consumerEndpoint', type: 'boolean', describe: 'add an interface endpoint to the service in this VPC for the caller (default true)' },
  },
  subnetUse: (options) => [
    ALB_SUBNET_USE,
    { what: 'internal NLB', addresses: 1 },
    ...(options.consumerEndpoint ? [{ what: 'consumer interface endpoint', addresses: 1 }] : []),
  ],
  refine(config, issue) {
    const options = config.pattern as unknown as { allowedPrincipals: string[]; allowNoPrincipals: boolean; consumerEndpoint: boolean };
    checkFunctionRefs(config, issue, wiredRoles(privatelink, config.pattern));
    checkTls(config, issue);
    if (options.allowedPrincipals.length === 0 && !options.allowNoPrincipals) {
      issue(
        ['pattern', 'allowedPrincipals'],
        'list the AWS account IDs or IAM role ARNs that may connect to the endpoint service (for example ["123456789012"], or --allowed-principals 123456789012 with new); to create it with none and add them later, set allowNoPrincipals: true',
      );
    }
    const seen = new Set<string>();
    options.allowedPrincipals.forEach((principal, i) => {
      if (seen.has(principal)) issue(['pattern', 'allowedPrincipals', i], 'listed twice; list each principal once');
      seen.add(principal);
    });
  },
};
