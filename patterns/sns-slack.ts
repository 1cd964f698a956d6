/**
 * Scenario 7, SNS → VPC function → Slack: an encrypted topic delivers to the notifier's `live` alias;
 * the notifier reads the webhook URL from an SSM SecureString at run time (only the parameter's name
 * is in Terraform) and posts through NAT; an S3 gateway endpoint keeps S3 traffic off the NAT.
 */
import { Fn, Op } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_DB_PORT, slackParameterOf } from '../generator/catalog/sns-slack';
import { Connections, Port } from './blocks/connections';
import { NotificationTopic } from './blocks/notification-topic';
import { readSecureParameterStatements } from './blocks/ssm-parameter';
import { stackVariable } from './blocks/variables';
import { gatewayEndpoint } from './blocks/vpc-endpoints';
import { definePattern } from './pattern';

export interface SnsSlackOptions {
  function: string;
  slackParameter?: string;
  slackParameterKmsKeyArn?: string;
  dbSecurityGroupId?: string;
  dbPort?: number;
  publisherArns: string[];
}

/** Slack is on the internet: the stack's egress is a NAT (catalog/sns-slack.ts allows no other). */
export default definePattern<SnsSlackOptions>({
  build({ scope, config, options, network, fn, output }) {
    const notifier = fn(options.function);
    const parameter = slackParameterVariable(scope, slackParameterOf(options, config.name)).stringValue;

    const topic = new NotificationTopic(scope, 'notifications', { stackName: config.name, region: config.region, publisherArns: options.publisherArns });
    topic.subscribe(notifier);

    // Only the name: the URL itself is read at run time and never touches Terraform.
    notifier.addEnvironment('SLACK_WEBHOOK_PARAMETER', parameter);
    notifier.addPolicy(
      'read-slack-webhook',
      readSecureParameterStatements(scope, { name: parameter, region: config.region, kmsKeyArn: options.slackParameterKmsKeyArn }),
    );
    notifier.connections.allowToCidr('0.0.0.0/0', Port.tcp(443), 'Slack and SSM over HTTPS through NAT');
    notifier.declareNeeds('internet');
    gatewayEndpoint(network, 's3');

    if (options.dbSecurityGroupId) {
      const db = {
        connections: new Connections({
          scope: new Construct(scope, 'database'),
          securityGroupId: options.dbSecurityGroupId,
          name: 'database',
          defaultPort: Port.tcp(options.dbPort ?? DEFAULT_DB_PORT),
        }),
      };
      db.connections.allowDefaultPortFrom(notifier, 'Notifier reads the database');
    }

    output('topic_arn', topic.topic.arn, 'SNS topic to publish notifications to (alarms, apps)');
    output(
      'sns_publisher_policy',
      topic.publisherPolicy.json,
      "IAM policy (JSON) a publisher's role needs: sns:Publish on the topic, kms:GenerateDataKey* and kms:Decrypt on its key (the roles in publisherArns are also admitted by the topic and key policies)",
    );
    output('slack_webhook_parameter', parameter, 'SSM SecureString parameter the notifier reads the Slack webhook URL from: create it before the first message');
  },
});

/** var.slack_parameter_name: the SSM parameter's name (never the URL), defaulted from the config. */
function slackParameterVariable(scope: Construct, name: string) {
  return stackVariable(scope, 'slack_parameter_name', {
    type: 'string',
    default: name,
    description: 'Name of the SSM SecureString parameter holding the Slack webhook URL (the URL itself never goes into Terraform); the notifier reads it at run time',
    checks: (v) => [
      {
        condition: Op.and(
          Op.and(Fn.can(Fn.regex('^((/[A-Za-z0-9_.-]+)+|[A-Za-z0-9_.-]+)$', v.stringValue)), Op.lte(Fn.lengthOf(v.stringValue), 1011)),
          Op.not(Fn.can(Fn.regex('^(?i)/?(aws|ssm)', v.stringValue))),
        ),
        errorMessage: 'slack_parameter_name must be an SSM parameter name such as "/my-app/slack-webhook" (letters, digits, _ . - and /, not starting with aws or ssm), never the webhook URL.',
      },
    ],
  });
}
