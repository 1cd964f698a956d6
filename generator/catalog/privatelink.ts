import { z } from 'zod';
import { allocate, canonicalCidr, overlaps, parseCidr } from '../config/cidr';
import { knownVpcCidr } from '../config/existing';
import type { IssueSink, VpcLambdaConfig } from '../config/schema';
import { callerTargetFlags, checkFunctionRefs, checkTls, wiredRoles } from './checks';
import { ALB_SUBNET_USE, albFlags, albOptionsShape } from './internal-alb';
import { ACCOUNT_ID } from './peering';
import { INSIDE_VPC_EGRESS } from './egress';
import type { OtherNetwork, PatternSpec } from './types';

/** An account ID, or the ARN of an account root, role or user (endpoint services take no ARN paths). */
export const ENDPOINT_SERVICE_PRINCIPAL = /^(?:\d{12}|arn:aws(?:-cn|-us-gov)?:iam::\d{12}:(?:root|role\/[\w+=,.@-]+|user\/[\w+=,.@-]+))$/;

/** A role to assume (paths allowed); the account is group 1. */
export const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/**
 * The consumer VPC's CIDR unless the config gives one: the first of these that does not overlap the
 * provider VPC. A VPC is at most a /16, so it overlaps at most one of two distinct /16s.
 */
export const CONSUMER_CIDR_CANDIDATES = ['10.1.0.0/16', '10.2.0.0/16'] as const;
/** /24 = 251 usable addresses per consumer subnet: the caller's ENI, the interface endpoint, and room. */
export const DEFAULT_CONSUMER_SUBNET_MASK = 24;
/** The role AWS Organizations creates in every member account; assumed unless consumerRoleArn names another. */
export const DEFAULT_CONSUMER_ROLE_NAME = 'OrganizationAccountAccessRole';

interface ConsumerOptions {
  consumerEndpoint: boolean;
  acceptanceRequired: boolean;
  caller: string;
  consumerCidr?: string;
  consumerSubnetMask: number;
  consumerAccountId?: string;
  consumerRoleArn?: string;
}

/** The consumer VPC's CIDR: the configured one, else the first candidate apart from the provider VPC. */
export function consumerCidrOf(options: Pick<ConsumerOptions, 'consumerCidr'>, config: Pick<VpcLambdaConfig, 'network'>): string {
  if (options.consumerCidr) return options.consumerCidr;
  const provider = parseCidr(knownVpcCidr(config) ?? '');
  return CONSUMER_CIDR_CANDIDATES.find((c) => !provider || !overlaps(parseCidr(c)!, provider))!;
}

/**
 * One consumer subnet per Lambda subnet of the stack (each placed later in the same AZ, by AZ ID),
 * named like it: by AZ letter in a created VPC, by position in an existing one. Issues go to `issue`.
 */
function consumerNetwork(options: ConsumerOptions, config: VpcLambdaConfig, issue: IssueSink = () => {}): OtherNetwork | undefined {
  if (!options.consumerEndpoint) return undefined;
  const existing = config.network.existing;
  const names = existing ? existing.subnetIds.map((_, i) => String(i)) : config.availabilityZones;
  const cidr = consumerCidrOf(options, config);
  const vpc = parseCidr(cidr);
  const field = ['pattern', 'consumerCidr'];
  if (!vpc) {
    const fixed = canonicalCidr(cidr);
    issue(field, fixed ? `host bits are set; did you mean "${fixed}"?` : 'not an IPv4 CIDR; use a network like "10.1.0.0/16"');
    return undefined;
  }
  if (vpc.mask < 16 || vpc.mask > 28) {
    issue(field, 'AWS VPCs take a prefix from /16 to /28; use for example 10.1.0.0/16');
    return undefined;
  }
  const provider = parseCidr(knownVpcCidr(config) ?? '');
  if (provider && overlaps(vpc, provider)) {
    const free = CONSUMER_CIDR_CANDIDATES.find((c) => !overlaps(parseCidr(c)!, provider));
    issue(
      field,
      `overlaps the provider VPC ${provider.cidr}; PrivateLink would still connect them, but addresses that mean two places break flow logs, CIDR rules and any later peering: use a range apart from it, such as "${free}"`,
    );
  }
  const blocks = allocate(vpc, names.map(() => options.consumerSubnetMask));
  if (!blocks) {
    issue(
      field,
      `${names.length} consumer subnets of /${options.consumerSubnetMask} (one per Lambda subnet) do not fit in ${cidr}; use a larger consumer CIDR or raise pattern.consumerSubnetMask`,
    );
    return undefined;
  }
  return {
    what: 'consumer VPC',
    cidr,
    subnets: names.map((az, i) => ({ az, privateCidr: blocks[i].cidr })),
    functions: [options.caller],
    uses: [{ what: 'consumer interface endpoint', addresses: 1 }],
    notes: consumerNotes(options, config),
  };
}

/** What the README says about the consumer side: its only way out, its account, acceptance. */
function consumerNotes(options: ConsumerOptions, config: VpcLambdaConfig): string[] {
  const account = options.consumerAccountId;
  const role = options.consumerRoleArn ?? `arn:aws:iam::${account}:role/${DEFAULT_CONSUMER_ROLE_NAME}`;
  return [
    `No internet gateway or NAT: its one way out is the interface endpoint \`${config.name}-consumer-endpoint\` to the endpoint service, called by the endpoint's own DNS name (\`terraform output -raw consumer_endpoint_url\`): a private DNS name needs a domain the service owner has verified.`,
    account
      ? `Built in account ${account} through the second AWS provider \`aws.consumer\`, which assumes \`${role}\` (your credentials must be allowed to) and refuses any other account; the endpoint service admits \`arn:aws:iam::${account}:root\`.`
      : 'Built in this account (set `pattern.consumerAccountId` to build it in another one, through a second provider); the endpoint service admits this account.',
    options.acceptanceRequired
      ? "The service requires acceptance: this Terraform accepts the consumer endpoint as the service owner (`aws_vpc_endpoint_connection_accepter`, on the owner's provider). Any other consumer's endpoint stays pendingAcceptance until you accept it: VPC console → Endpoint services → Endpoint connections, or `aws ec2 accept-vpc-endpoint-connections --service-id <endpoint_service_id> --vpc-endpoint-ids <vpce-id>`."
      : 'Connection requests from allowed principals are accepted automatically (`acceptanceRequired: false`).',
  ];
}

/** Fields that describe the consumer side, refused when there is none. */
const CONSUMER_FIELDS = ['consumerCidr', 'consumerAccountId', 'consumerRoleArn'] as const;

function checkConsumer(config: VpcLambdaConfig, issue: IssueSink): void {
  const options = config.pattern as unknown as ConsumerOptions;
  if (!options.consumerEndpoint) {
    for (const field of CONSUMER_FIELDS.filter((f) => options[f] !== undefined)) {
      issue(['pattern', field], 'describes the consumer side, which consumerEndpoint: false leaves out; remove it, or set consumerEndpoint: true');
    }
    return;
  }
  consumerNetwork(options, config, issue);
  const roleAccount = options.consumerRoleArn && ROLE_ARN.exec(options.consumerRoleArn)?.[1];
  if (options.consumerRoleArn && !options.consumerAccountId) {
    issue(['pattern', 'consumerRoleArn'], `needs consumerAccountId: give the consumer account (${roleAccount}) too, so the provider side can admit it and the consumer provider can refuse any other`);
  } else if (roleAccount && roleAccount !== options.consumerAccountId) {
    issue(['pattern', 'consumerRoleArn'], `is a role of account ${roleAccount}, but consumerAccountId is ${options.consumerAccountId}; assume a role in the consumer account`);
  }
}

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
      /**
       * The consumer side: a VPC of its own with the caller function and an interface endpoint to the
       * service, proving the path from another VPC. @default true
       */
      consumerEndpoint: z.boolean().default(true),
      /** CIDR of the consumer VPC, /16–/28, apart from the provider VPC. @default 10.1.0.0/16 (10.2.0.0/16 when the provider VPC overlaps it) */
      consumerCidr: z.string().optional(),
      /** Prefix length of each consumer subnet (one per Lambda subnet, same AZs), 16–28. @default 24 */
      consumerSubnetMask: z.number().int().min(16).max(28).default(DEFAULT_CONSUMER_SUBNET_MASK),
      /** Builds the consumer side in this account, through a second AWS provider (alias "consumer"). @default - this account */
      consumerAccountId: z.string().regex(ACCOUNT_ID, { message: 'use the 12-digit AWS account id of the consumer side' }).optional(),
      /** Role the consumer provider assumes in consumerAccountId. @default arn:aws:iam::<consumerAccountId>:role/OrganizationAccountAccessRole */
      consumerRoleArn: z.string().regex(ROLE_ARN, { message: 'use an IAM role ARN, for example arn:aws:iam::210987654321:role/terraform' }).optional(),
    })
    .strict(),
  egress: INSIDE_VPC_EGRESS,
  defaultFunctions: [
    {
      name: 'caller',
      handler: 'http-caller',
      description: 'runs in the consumer VPC and POSTs through its interface endpoint (URL in TARGET_URL), returning the answer',
      role: 'caller',
      environment: ['TARGET_URL'],
      when: (options) => options.consumerEndpoint !== false,
    },
    { name: 'target', handler: 'http-echo', description: 'answers the ALB with what it received', role: 'target' },
  ],
  diagram: [
    'caller["λ caller"] -->|listener port| vpce["Consumer interface endpoint (its own DNS name)"] -->|PrivateLink| svc["VPC endpoint service"]',
    'consumers(("Consumers in other VPCs and accounts")) -.->|their interface endpoints| svc["VPC endpoint service"]',
    'svc --> nlb["Internal NLB (static IPs)"]',
    'nlb -->|TCP, target group type alb| alb["Internal ALB"] -->|target group type lambda| target["λ target (live alias)"]',
  ],
  pitfalls: [
    'An ALB’s IPs change, so the endpoint service sits on an internal NLB whose target group (type alb, TCP) uses the ALB listener port; it is attached only once that listener exists.',
    'The endpoint service states acceptance explicitly and admits only the listed principals (plus the consumer side’s account); an empty list is refused unless allowNoPrincipals.',
    'The consumer side is another VPC, as real consumers are: its own CIDR apart from the provider’s, its own subnets in the same AZs (by AZ ID, which names the same zone in every account), security groups, no internet path, and the caller calling through the interface endpoint’s own DNS name (a service without a verified domain has no private DNS name).',
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
    'consumer-endpoint': {
      field: 'consumerEndpoint',
      type: 'boolean',
      describe: 'build the consumer side: a VPC of its own with the caller and an interface endpoint to the service (default true)',
    },
    'consumer-cidr': {
      field: 'consumerCidr',
      type: 'string',
      describe: `CIDR of the consumer VPC, apart from the provider VPC [default: ${CONSUMER_CIDR_CANDIDATES[0]}, or ${CONSUMER_CIDR_CANDIDATES[1]} when that overlaps]`,
      when: (options) => options.consumerEndpoint !== false,
    },
    'consumer-account-id': {
      field: 'consumerAccountId',
      type: 'string',
      describe: 'build the consumer side in this other account (a second AWS provider assumes a role there) [default: this account]',
      when: (options) => options.consumerEndpoint !== false,
    },
    'consumer-role-arn': {
      field: 'consumerRoleArn',
      type: 'string',
      describe: `role the consumer side's provider assumes in --consumer-account-id [default: its ${DEFAULT_CONSUMER_ROLE_NAME}]`,
      when: (options) => options.consumerEndpoint !== false && !!options.consumerAccountId,
    },
  },
  subnetUse: () => [ALB_SUBNET_USE, { what: 'internal NLB', addresses: 1 }],
  diagramGroups: (options, config) => {
    const consumer = consumerNetwork(options as unknown as ConsumerOptions, config);
    const account = (options as unknown as ConsumerOptions).consumerAccountId;
    const provider = config.network.existing ? `existing VPC ${config.network.existing.vpcId}` : `VPC ${config.network.cidr}`;
    return [
      { id: 'provider_vpc', label: `Provider: ${provider}`, nodes: ['nlb', 'alb', 'target', 'subnets', 'ssmhost'] },
      ...(consumer ? [{ id: 'consumer_vpc', label: `Consumer: VPC ${consumer.cidr}${account ? `, account ${account}` : ''}`, nodes: ['caller', 'vpce'] }] : []),
    ];
  },
  otherNetwork: (options, config) => consumerNetwork(options as unknown as ConsumerOptions, config),
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
    checkConsumer(config, issue);
  },
};
