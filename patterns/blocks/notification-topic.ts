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
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { accountId, accountRootArn, partitionOf } from './account';
import { awsName } from './naming';
import type { VpcFunction } from './vpc-function';

export interface NotificationTopicProps {
  stackName: string;
  region: string;
  /**
   * Roles (or users) that publish, in this account or another: the topic policy lets them
   * sns:Publish and the key policy lets them use the key through SNS. @default none (no topic policy)
   */
  publisherArns?: string[];
}

/** What a publisher does with the topic's key when SNS encrypts its message. */
const PUBLISHER_KMS_ACTIONS = ['kms:GenerateDataKey*', 'kms:Decrypt'];

export class NotificationTopic extends Construct {
  readonly key: KmsKey;
  readonly topic: SnsTopic;
  /** The IAM policy (JSON) a publisher's role needs: sns:Publish on the topic, the KMS actions on its key. */
  readonly publisherPolicy: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    const name = awsName(props.stackName, 'notifications');
    const publishers = props.publisherArns ?? [];
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
        // A publisher encrypts through SNS: the key must admit it (its own IAM policy must too).
        ...(publishers.length > 0
          ? [
              {
                sid: 'PublishersEncryptThroughSns',
                principals: [{ type: 'AWS', identifiers: publishers }],
                actions: PUBLISHER_KMS_ACTIONS,
                resources: ['*'],
                condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`sns.${props.region}.amazonaws.com`] }],
              },
            ]
          : []),
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
    if (publishers.length > 0) {
      const topicPolicy = new DataAwsIamPolicyDocument(this, 'topic-policy-document', {
        statement: [
          // The topic's own account keeps what the default policy gave it (a topic policy replaces that default).
          {
            sid: 'AccountOwnsTheTopic',
            principals: [{ type: 'AWS', identifiers: [accountRootArn(partitionOf(props.region), accountId(this))] }],
            actions: ['sns:Publish', 'sns:Subscribe', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:DeleteTopic', 'sns:AddPermission', 'sns:RemovePermission'],
            resources: [this.topic.arn],
          },
          {
            sid: 'CloudWatchAlarmsPublish',
            principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
            actions: ['sns:Publish'],
            resources: [this.topic.arn],
            condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId(this)] }],
          },
          { sid: 'PublishersPublish', principals: [{ type: 'AWS', identifiers: publishers }], actions: ['sns:Publish'], resources: [this.topic.arn] },
        ],
      });
      new SnsTopicPolicy(this, 'topic-policy', { arn: this.topic.arn, policy: topicPolicy.json });
    }
    // What any publisher's own IAM policy needs: publish to this topic and encrypt with its key.
    this.publisherPolicy = new DataAwsIamPolicyDocument(this, 'publisher-policy-document', {
      statement: [
        { sid: 'PublishToTheTopic', actions: ['sns:Publish'], resources: [this.topic.arn] },
        { sid: 'EncryptWithTheTopicKey', actions: PUBLISHER_KMS_ACTIONS, resources: [this.key.arn] },
      ],
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
