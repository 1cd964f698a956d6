/**
 * A Lambda function inside the VPC, with everything the field notes require of one: private subnets
 * in ≥2 AZs, its own security group (no rules until a pattern allows a path), a role with
 * AWSLambdaVPCAccessExecutionRole, a log group with retention created before the function, a
 * published version and a `live` alias that follows it, and the destroy-time swap of its security
 * group so Hyperplane ENIs are released quickly.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { dependable, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { FunctionConfig } from '../../generator/config/schema';
import { codeAsset } from './code-asset';
import { Connections, type IConnectable } from './connections';
import { awsName } from './naming';
import type { INetwork } from './network';

export const LAMBDA_VPC_ACCESS_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';
export const ALIAS_NAME = 'live';

export interface VpcFunctionProps {
  stackName: string;
  network: INetwork;
  fn: FunctionConfig;
  /** Absolute directory that `fn.source` is relative to. */
  projectDir: string;
  /** One of CloudWatch's allowed retention values. */
  logRetentionDays: number;
}

/** What a mounted file system brings: the access point ARN, the mount path and what must exist first. */
export interface FunctionFileSystem {
  accessPointArn: string;
  /** Must start with /mnt/. */
  localMountPath: string;
  dependsOn: ITerraformDependable[];
}

export class VpcFunction extends Construct implements IConnectable {
  readonly config: FunctionConfig;
  readonly awsName: string;
  readonly securityGroup: SecurityGroup;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly function: LambdaFunction;
  readonly alias: LambdaAlias;
  readonly connections: Connections;
  private readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: VpcFunctionProps) {
    super(scope, id);
    const { fn, network } = props;
    this.config = fn;
    this.awsName = awsName(props.stackName, fn.name);

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${this.awsName}-fn`,
      description: `Lambda function ${this.awsName}: no traffic allowed unless a rule below says so`,
      vpcId: network.vpc.id,
      tags: { Name: `${this.awsName}-fn` },
      // A changed group must exist before the function moves off the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    this.connections = new Connections({ scope: this, securityGroupId: this.securityGroup.id, name: `fn-${fn.name}` });

    const assumeRole = new DataAwsIamPolicyDocument(this, 'assume-role-policy', {
      statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }],
    });
    this.role = new IamRole(this, 'role', {
      name: this.awsName,
      assumeRolePolicy: assumeRole.json,
      tags: { Name: this.awsName },
    });
    // Lets Lambda create and delete the Hyperplane ENIs in the subnets, and write logs.
    const vpcAccess = new IamRolePolicyAttachment(this, 'vpc-access-policy', {
      role: this.role.name,
      policyArn: LAMBDA_VPC_ACCESS_POLICY_ARN,
    });
    // Created before the function, so Lambda never makes a log group without retention.
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/lambda/${this.awsName}`,
      retentionInDays: props.logRetentionDays,
    });

    const code = codeAsset(this, `${props.projectDir}/${fn.source}`);
    this.environment = { ...fn.environment };
    this.function = new LambdaFunction(this, 'function', {
      functionName: this.awsName,
      role: this.role.arn,
      runtime: fn.runtime,
      handler: fn.handler,
      architectures: [fn.architecture],
      memorySize: fn.memoryMb,
      timeout: fn.timeoutSeconds,
      filename: code.path,
      sourceCodeHash: code.sha256,
      publish: true,
      vpcConfig: { subnetIds: network.privateSubnetIds, securityGroupIds: [this.securityGroup.id] },
      // On destroy, move the function onto a rule-less group first, so its own group is released
      // without waiting for AWS to reclaim the Hyperplane ENIs.
      replaceSecurityGroupsOnDestroy: true,
      replacementSecurityGroupIds: [network.replacementSecurityGroup.id],
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      environment: this.environmentBlock(),
      dependsOn: [vpcAccess, this.logGroup],
    });
    // Follows the version Terraform publishes: never a literal number that would pin old code.
    this.alias = new LambdaAlias(this, 'alias', {
      name: ALIAS_NAME,
      description: `Latest published version of ${this.awsName}`,
      functionName: this.function.functionName,
      functionVersion: this.function.version,
    });
  }

  /** Adds an environment variable (never a secret: read those from SSM or Secrets Manager at run time). */
  addEnvironment(key: string, value: string): void {
    this.environment[key] = value;
    this.function.putEnvironment({ variables: { ...this.environment } });
  }

  /** Grants the role an inline policy, named for what it allows ("invoke-target", "efs-client"). */
  addPolicy(name: string, statements: DataAwsIamPolicyDocumentStatement[]): IamRolePolicy {
    const doc = new DataAwsIamPolicyDocument(this, `${name}-policy-document`, { statement: statements });
    return new IamRolePolicy(this, `${name}-policy`, { name, role: this.role.id, policy: doc.json });
  }

  /** Lets a service principal invoke the `live` alias, scoped to one source ARN. */
  allowInvoke(id: string, principal: string, sourceArn: string): LambdaPermission {
    return new LambdaPermission(this, `${id}-permission`, {
      statementId: `AllowInvokeFrom${id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`,
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      qualifier: this.alias.name,
      principal,
      sourceArn,
    });
  }

  /** Mounts a file system; the function is created only after what the mount depends on exists. */
  mount(fileSystem: FunctionFileSystem): void {
    this.function.putFileSystemConfig({ arn: fileSystem.accessPointArn, localMountPath: fileSystem.localMountPath });
    // dependable(), not .fqn: depends_on takes bare addresses, and .fqn renders as "${…}".
    this.function.dependsOn = [...(this.function.dependsOn ?? []), ...fileSystem.dependsOn.map((d) => dependable(d))];
  }

  get outputs() {
    return {
      functionName: this.function.functionName,
      functionArn: this.function.arn,
      aliasArn: this.alias.arn,
      aliasInvokeArn: this.alias.invokeArn,
      securityGroupId: this.securityGroup.id,
    };
  }

  private environmentBlock() {
    return Object.keys(this.environment).length > 0 ? { variables: { ...this.environment } } : undefined;
  }
}
