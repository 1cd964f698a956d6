/**
 * Reading one SSM SecureString parameter at run time, the way to keep a secret (a webhook URL, a
 * token) out of Terraform, its state and the function's environment: the config holds only the
 * parameter's name, the role may read only that parameter and decrypt only its value.
 */
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Fn, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { accountId, partitionOf } from './account';

export interface SecureParameterProps {
  /** Parameter name: "/team/slack-webhook" (hierarchical) or "slack-webhook". */
  name: string;
  region: string;
  /**
   * Customer managed KMS key the parameter is encrypted with.
   * @default - the account's AWS managed key for SSM (alias/aws/ssm)
   */
  kmsKeyArn?: string;
}

/** The exact ARN of a parameter in the deploying account (a hierarchical name keeps its path). */
export function ssmParameterArn(scope: Construct, region: string, name: string): string {
  // A name from a variable is known only at plan time: Terraform drops the leading slash then.
  const path = Token.isUnresolved(name) ? Fn.trimprefix(name, '/') : name.replace(/^\//, '');
  return `arn:${partitionOf(region)}:ssm:${region}:${accountId(scope)}:parameter/${path}`;
}

/**
 * ssm:GetParameter on that one parameter, and kms:Decrypt only when SSM asks on behalf of that
 * parameter (SSM puts its ARN in the encryption context), with the configured key or any key of
 * the account (which covers alias/aws/ssm without a lookup).
 */
export function readSecureParameterStatements(scope: Construct, props: SecureParameterProps): DataAwsIamPolicyDocumentStatement[] {
  const { region } = props;
  const parameterArn = ssmParameterArn(scope, region, props.name);
  const keys = props.kmsKeyArn ? [props.kmsKeyArn] : [`arn:${partitionOf(region)}:kms:${region}:${accountId(scope)}:key/*`];
  return [
    { sid: 'ReadTheParameter', actions: ['ssm:GetParameter'], resources: [parameterArn] },
    {
      sid: 'DecryptOnlyThatParameterThroughSsm',
      actions: ['kms:Decrypt'],
      resources: keys,
      condition: [
        { test: 'StringEquals', variable: 'kms:ViaService', values: [`ssm.${region}.amazonaws.com`] },
        { test: 'StringEquals', variable: 'kms:EncryptionContext:PARAMETER_ARN', values: [parameterArn] },
      ],
    },
  ];
}
