/**
 * The deploying account and the region's partition, for ARNs that must name them exactly (an SSM
 * parameter, a key policy, the owner of an endpoint service). The account is one
 * `data.aws_caller_identity.account` per stack, read at plan time (offline plans override it).
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

/** Construct id of the one caller-identity data source of a stack: `data.aws_caller_identity.account`. */
export const ACCOUNT_DATA_ID = 'account';

/** The account ID Terraform deploys into (a token resolved at plan time). */
export function accountId(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(ACCOUNT_DATA_ID) as DataAwsCallerIdentity | undefined;
  return (existing ?? new DataAwsCallerIdentity(stack, ACCOUNT_DATA_ID)).accountId;
}

/** The ARN partition of a region, known without a lookup. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** "123456789012" → "arn:aws:iam::123456789012:root" (every principal of that account). */
export function accountRootArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`;
}
