/**
 * What every EC2 instance we emit (NAT instances, the SSM debug host) shares: one lookup of the
 * current arm64 Amazon Linux 2023 image per stack, IMDSv2 only, an encrypted root volume, and a role
 * that Session Manager can use instead of SSH.
 */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { InstanceConfig } from '@cdktf/provider-aws/lib/instance';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { isArm64InstanceType } from '../../generator/catalog/nat-instance-options';

/** AWS's public parameter that always names the newest AL2023 arm64 image of the region. */
export const AL2023_ARM64_AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';
/** Address of the lookup in the synthesized stack (tests override it for offline plans). */
export const AL2023_ARM64_AMI_DATA = 'data.aws_ssm_parameter.al2023_arm64_ami';
export const SSM_MANAGED_INSTANCE_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';

/**
 * The image id, read at plan time from AWS's public SSM parameter: no per-region AMI table to keep
 * current, and never the retired amzn-ami-vpc-nat. One data source per stack, shared by all instances.
 */
export function al2023Arm64ImageId(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  const id = 'al2023-arm64-ami';
  const lookup =
    (stack.node.tryFindChild(id) as DataAwsSsmParameter | undefined) ??
    new DataAwsSsmParameter(stack, id, { name: AL2023_ARM64_AMI_PARAMETER });
  // A public String parameter: insecure_value keeps the AMI id readable in plans (value is marked sensitive).
  return lookup.insecureValue;
}

/**
 * Arguments every instance gets. The image is ignored after creation: a new AL2023 release would
 * otherwise replace the instance (and cut NAT egress) on the next apply; roll it deliberately with
 * `terraform apply -replace=<address>`.
 */
export function al2023InstanceDefaults(
  scope: Construct,
  instanceType: string,
): Pick<InstanceConfig, 'ami' | 'instanceType' | 'metadataOptions' | 'rootBlockDevice' | 'lifecycle'> {
  if (!isArm64InstanceType(instanceType)) {
    throw new Error(`VLG_INSTANCE_TYPE: ${instanceType} is not a Graviton (arm64) type; the image is arm64 AL2023: use for example t4g.nano`);
  }
  return {
    ami: al2023Arm64ImageId(scope),
    instanceType,
    // IMDSv2 only: a session token is required, so an SSRF through the instance cannot read its credentials.
    metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, volumeType: 'gp3' },
    lifecycle: { ignoreChanges: ['ami'] },
  };
}

/** An EC2 role with AmazonSSMManagedInstanceCore and its instance profile: shell access without port 22. */
export class SsmInstanceRole extends Construct {
  readonly role: IamRole;
  readonly profile: IamInstanceProfile;
  readonly attachment: IamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: { name: string }) {
    super(scope, id);
    const assumeRole = new DataAwsIamPolicyDocument(this, 'assume-role-policy', {
      statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] }],
    });
    this.role = new IamRole(this, 'role', { name: props.name, assumeRolePolicy: assumeRole.json, tags: { Name: props.name } });
    this.attachment = new IamRolePolicyAttachment(this, 'core-policy', {
      role: this.role.name,
      policyArn: SSM_MANAGED_INSTANCE_POLICY_ARN,
    });
    this.profile = new IamInstanceProfile(this, 'profile', { name: props.name, role: this.role.name, tags: { Name: props.name } });
  }
}
