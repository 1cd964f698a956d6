import { z } from 'zod';
import { checkFunctionRefs, functionFlag, functionRef, portNumber, wiredRoles } from './checks';
import { LEGACY_NAT_FIELDS, NAT_EGRESS } from './egress';
import { natInstanceTypeSchema } from './nat-instance-options';
import type { PatternSpec } from './types';

export const NAT_KINDS = ['gateway', 'instance'] as const;
export const DEFAULT_DB_PORT = 5432;
/** SSM parameter names: letters, digits, _ . - and / (a hierarchical name starts with /). */
const SSM_PARAMETER_NAME = /^(?:(?:\/[A-Za-z0-9_.-]+)+|[A-Za-z0-9_.-]+)$/;
const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const KMS_KEY_ARN = /^arn:aws(?:-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/(?:mrk-)?[0-9a-f-]+$/;
/** A role or user that publishes: arn:aws:iam::<account>:role/<path/>name (or :user/...). */
export const PUBLISHER_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:(?:role|user)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;

/** The SSM parameter the notifier reads at run time: the configured one, else the stack's default. */
export function slackParameterOf(options: { slackParameter?: unknown }, stackName: string): string {
  return (options.slackParameter as string | undefined) ?? `/${stackName}/slack-webhook`;
}

const slackParameter = z
  .string()
  .superRefine((value, ctx) => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'this is a URL, not the name of an SSM parameter: a webhook URL is a secret and must never be in the config, Terraform or state. Store it with "aws ssm put-parameter --type SecureString --name /<stack>/slack-webhook --value <url>" and put that name here',
      });
    } else if (!SSM_PARAMETER_NAME.test(value) || value.length > 1011) {
      ctx.addIssue({ code: 'custom', message: 'use an SSM parameter name such as "/my-app/slack-webhook" (letters, digits, _ . - and /)' });
    } else if (/^\/?(aws|ssm)/i.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'SSM reserves names starting with "aws" or "ssm"; use for example "/my-app/slack-webhook"' });
    } else if (value.split('/').filter(Boolean).length > 15) {
      ctx.addIssue({ code: 'custom', message: 'SSM allows at most 15 levels in a parameter name' });
    }
  })
  .optional();

export const snsSlack: PatternSpec = {
  id: 'sns-slack',
  title: 'SNS → VPC function → Slack',
  useWhen: 'operational notifications published to SNS should reach a Slack channel from a function inside the VPC',
  options: z
    .object({
      id: z.literal('sns-slack'),
      /** The subscribed function that posts to Slack. @default "notifier" */
      function: functionRef('notifier'),
      /** Name of the SSM SecureString parameter holding the webhook URL (never the URL itself). @default "/<stack>/slack-webhook" */
      slackParameter,
      /** Customer managed KMS key the parameter is encrypted with. @default - the AWS managed aws/ssm key */
      slackParameterKmsKeyArn: z.string().regex(KMS_KEY_ARN, { message: 'use a KMS key ARN, for example arn:aws:kms:eu-west-1:123456789012:key/<id>' }).optional(),
      // Earlier versions' fields, read as egress.type ("gateway" → nat-gateway), egress.perAz and egress.instanceType.
      nat: z.enum(NAT_KINDS).optional(),
      natPerAz: z.boolean().optional(),
      natInstanceType: natInstanceTypeSchema.removeDefault().optional(),
      /** Security group of a database the function reads (in this VPC or a peered one): allowed on dbPort. */
      dbSecurityGroupId: z.string().regex(SECURITY_GROUP_ID, { message: 'use a security group ID such as "sg-0123456789abcdef0"' }).optional(),
      /** Port of that database. @default 5432 */
      dbPort: portNumber.optional(),
      /**
       * Roles (or users) that publish to the topic, in this account or another: the topic policy lets
       * them sns:Publish and the key policy lets them use the topic's KMS key through SNS. Each still
       * needs the `sns_publisher_policy` output in its own IAM policy. @default []
       */
      publisherArns: z
        .array(z.string().regex(PUBLISHER_ARN, { message: 'use an IAM role or user ARN, for example arn:aws:iam::123456789012:role/alarms' }))
        .default([]),
    })
    .strict(),
  egress: {
    default: () => 'nat-gateway',
    allowed: NAT_EGRESS,
    refusal: 'Slack is on the internet, so the notifier needs a NAT: use --egress nat-gateway or nat-instance',
    legacyFields: {
      nat: (v) => ({ type: v === 'instance' ? 'nat-instance' : 'nat-gateway' }),
      natPerAz: LEGACY_NAT_FIELDS.natPerAz,
      natInstanceType: LEGACY_NAT_FIELDS.natInstanceType,
    },
  },
  routeTableUse: () => ['the s3 gateway endpoint'],
  defaultFunctions: [
    { name: 'notifier', handler: 'slack-notifier', description: 'posts every SNS message to Slack, with the webhook URL read from SSM at run time', role: 'function', environment: ['SLACK_WEBHOOK_PARAMETER'] },
  ],
  diagram: [
    'pub(("Alarms / apps / publisher roles")) --> sns["SNS topic (KMS-encrypted)"] -->|lambda subscription| fn["λ notifier (private subnets)"]',
    'fn -->|ssm:GetParameter at run time| ssm["SSM SecureString: webhook URL"]',
    'fn -->|HTTPS 443, 0.0.0.0/0| nat["NAT (gateway or instance)"] --> slack(("Slack webhook"))',
    'fn -.->|S3 gateway endpoint| s3[("S3")]',
  ],
  pitfalls: [
    'Publishers need sns:Publish on the topic and kms:GenerateDataKey* and kms:Decrypt on its customer managed key: the sns_publisher_policy output is that policy, and the roles in publisherArns are admitted by the topic and key policies.',
    'The webhook URL is a secret: only the SSM parameter name is in the config; the function reads it at run time, so it is never in Terraform, state or environment variables.',
    'The role may read only that parameter, and decrypt only when SSM asks on behalf of it.',
    'A function in a private subnet reaches Slack only through NAT; S3 traffic takes the gateway endpoint instead.',
    'The topic is encrypted with its own KMS key, which CloudWatch alarms may use (they cannot use the AWS managed aws/sns key).',
    'SNS may invoke only the notifier’s `live` alias, and only for this topic.',
  ],
  flags: {
    'notifier-function': functionFlag('function', 'function subscribed to the topic, posting to Slack [default: notifier]', 'Which function receives the SNS messages and posts them to Slack?'),
    'slack-parameter': { field: 'slackParameter', type: 'string', describe: 'SSM SecureString parameter holding the Slack webhook URL (default /<stack>/slack-webhook)' },
    'db-security-group-id': { field: 'dbSecurityGroupId', type: 'string', describe: 'security group of a database the function may reach' },
    'db-port': { field: 'dbPort', type: 'number', describe: `port of that database [default: ${DEFAULT_DB_PORT}]`, when: (options) => !!options.dbSecurityGroupId },
    'sns-publisher-arns': {
      field: 'publisherArns',
      type: 'list',
      describe: 'IAM role ARNs that publish to the topic: the topic and key policies admit them (sns:Publish, kms:GenerateDataKey*, kms:Decrypt)',
    },
  },
  refine(config, issue) {
    checkFunctionRefs(config, issue, wiredRoles(snsSlack, config.pattern));
    const options = config.pattern as unknown as { dbSecurityGroupId?: string; dbPort?: number; publisherArns: string[] };
    if (options.dbPort !== undefined && !options.dbSecurityGroupId) {
      issue(['pattern', 'dbPort'], 'needs dbSecurityGroupId: name the database security group the function may reach');
    }
    options.publisherArns.forEach((arn, i) => {
      if (options.publisherArns.indexOf(arn) !== i) issue(['pattern', 'publisherArns', i], 'listed twice; list each publisher once');
    });
    // A webhook pasted anywhere else in the config is refused by validateConfig's secret detector.
  },
};
