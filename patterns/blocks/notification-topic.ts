/**
 * An SNS topic for operational notifications, encrypted at rest with its own customer managed KMS key
 * (the AWS managed aws/sns key cannot be used by CloudWatch alarms, so alarms could not publish), and
 * `subscribe(fn)`: a lambda subscription on the function's `live` alias plus the invoke permission
 * for sns.amazonaws.com scoped to this topic.
 */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { accountId, accountRootArn, partitionOf } from './account';
import { awsName } from './naming';
import type { VpcFunction } from './vpc-function';

export interface NotificationTopicProps {
  stackName: string;
  region: string;
}

export class NotificationTopic extends Construct {
  readonly key: KmsKey;
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    const name = awsName(props.stackName, 'notifications');
    const keyPolicy = new DataAwsIamPolicyDocument(this, 'key-policy-document', {
      statement: [
        {
          // Without it nobody (not even the account's admins) could manage the key.
          sid: 'AccountAdministersTheKeyThroughIam',
          principals: [{ type: 'AWS', identifiers: [accountRootArn(partitionOf(props.region), accountId(this))] }],
          actions: ['kms:*'],
          resources: ['*'],
        },
        {
          sid: 'CloudWatchAlarmsPublishEncrypted',
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        },
      ],
    });
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the SNS topic ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
      tags: { Name: name },
    });
    new KmsAlias(this, 'key-alias', { name: `alias/${name}`, targetKeyId: this.key.keyId });
    this.topic = new SnsTopic(this, 'topic', {
      name,
      kmsMasterKeyId: this.key.arn,
      tags: { Name: name },
    });
  }

  /** Delivers every message to the function's `live` alias; SNS may invoke it for this topic only. */
  subscribe(fn: VpcFunction): { subscription: SnsTopicSubscription; permission: LambdaPermission } {
    const permission = fn.allowInvoke('sns', 'sns.amazonaws.com', this.topic.arn);
    const subscription = new SnsTopicSubscription(this, `subscription-${fn.config.name}`, {
      topicArn: this.topic.arn,
      protocol: 'lambda',
      endpoint: fn.alias.arn,
      dependsOn: [permission],
    });
    return { subscription, permission };
  }
}
