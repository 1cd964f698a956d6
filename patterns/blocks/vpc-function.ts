/**
 * A Lambda function inside the VPC, with everything the field notes require of one: private subnets
 * in ≥2 AZs, its own security group (no rules until a pattern allows a path), a role with
 * AWSLambdaVPCAccessExecutionRole, a log group with retention created before the function, a
 * published version and a `live` alias that follows it, and the destroy-time swap of its security
 * group so Hyperplane ENIs are released quickly.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsLambdaFunction } from '@cdktf/provider-aws/lib/data-aws-lambda-function';
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
import { dependable, Fn, Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { FunctionConfig } from '../../generator/config/schema';
import { terraformLiteral, terraformLiteralValues } from '../../generator/safety/escape';
import { codeAsset } from './code-asset';
import { Connections, type IConnectable } from './connections';
import { awsName } from './naming';
import type { INetwork } from './network';

export const LAMBDA_VPC_ACCESS_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';
export const ALIAS_NAME = 'live';

/**
 * What Terraform leaves alone on an adopted function whose code stays where it is: the code and how
 * it runs (handler, runtime, memory, environment...) are its owner's; the stack manages its VPC
 * placement, its security group, the role's VPC permissions and the `live` alias.
 */
export const ADOPTED_UNMANAGED_ATTRIBUTES = [
  'filename',
  'source_code_hash',
  's3_bucket',
  's3_key',
  's3_object_version',
  'image_uri',
  'package_type',
  'handler',
  'runtime',
  'architectures',
  'memory_size',
  'timeout',
  'environment',
  'layers',
  'description',
  'ephemeral_storage',
  'tracing_config',
  'logging_config',
  'dead_letter_config',
  'kms_key_arn',
  'reserved_concurrent_executions',
  'snap_start',
  'image_config',
  'file_system_config',
  'code_signing_config_arn',
  'tags',
];

/**
 * Never read: an adopted function's code is not redeployed (ignore_changes), and if someone removed
 * that, a missing file fails the apply instead of replacing the function's code with a stub.
 */
export const ADOPTED_CODE_PLACEHOLDER = 'adopted-function-code-stays-in-aws.zip';

export interface VpcFunctionProps {
  stackName: string;
  network: INetwork;
  fn: FunctionConfig;
  /** Absolute directory that `fn.source` is relative to. */
  projectDir: string;
  /** One of CloudWatch's allowed retention values. */
  logRetentionDays: number;
  /** Where the function is in the config, for messages about its code. @default "functions[<name>]" */
  configField?: string;
}

/** What a mounted file system brings: the access point ARN, the mount path and what must exist first. */
export interface FunctionFileSystem {
  accessPointArn: string;
  /** Must start with /mnt/. */
  localMountPath: string;
  dependsOn: ITerraformDependable[];
}

/** The role a function runs with: one the stack creates, or an adopted function's own. */
export interface FunctionRole {
  /** What policies attach to (its name; an IamRole's id is its name too). */
  readonly id: string;
  readonly name: string;
  readonly arn: string;
}

/**
 * A Lambda function in the VPC's private subnets. Get the stack's with `stack.fn(name)`, add one with
 * `stack.addFunction({...})`. It reaches nothing until something allows it: its `connections`, an
 * endpoint's `allowFrom`, a pattern block. Invoke it through `alias` (`live`), never $LATEST.
 *
 * @example
 *   const api = stack.fn('api');
 *   api.addEnvironment('QUEUE_URL', queue.url);
 *   api.addPolicy('send-orders', [{ actions: ['sqs:SendMessage'], resources: [queue.arn] }]);
 *   InterfaceEndpoints.of(stack.network).allowFrom(api, ['sqs']);
 */
export class VpcFunction extends Construct implements IConnectable {
  /** Its entry of `functions`, every default filled in. */
  readonly config: FunctionConfig;
  /** The VPC it runs in: the stack's, or one the pattern gave it (PrivateLink's consumer VPC). */
  readonly network: INetwork;
  /** The function's name in AWS: "<stack>-<name>", or an adopted function's own. */
  readonly awsName: string;
  /** Its own group: no rules until a path is allowed (`connections`). */
  readonly securityGroup: SecurityGroup;
  /** Its execution role (AWSLambdaVPCAccessExecutionRole attached), or an adopted function's own; add grants with `addPolicy`. */
  readonly role: FunctionRole;
  /** /aws/lambda/<awsName>, created first, with the stack's retention; none for an adopted function, whose logs stay as they are. */
  readonly logGroup?: CloudwatchLogGroup;
  /** The aws_lambda_function: `function.arn`, `function.functionName`... */
  readonly function: LambdaFunction;
  /** The `live` alias, following each published version: what callers invoke. */
  readonly alias: LambdaAlias;
  /** Security-group wiring: `fn.connections.allowToCidr(...)`, `other.connections.allowFrom(fn, ...)`. */
  readonly connections: Connections;
  private readonly environment: Record<string, string>;
  private needs: string[] = [];

  constructor(scope: Construct, id: string, props: VpcFunctionProps) {
    super(scope, id);
    const { fn, network } = props;
    this.config = fn;
    this.network = network;
    const ownName = awsName(props.stackName, fn.name);
    this.awsName = fn.adopt?.functionName ?? ownName;

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${ownName}-fn`,
      description: `Lambda function ${this.awsName}: no traffic allowed unless a rule below says so`,
      vpcId: network.vpc.id,
      tags: { Name: `${ownName}-fn` },
      // A changed group must exist before the function moves off the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    this.connections = new Connections({ scope: this, securityGroupId: this.securityGroup.id, name: `fn-${fn.name}` });

    this.role = fn.adopt ? adoptedRole(this, fn.adopt.functionName) : newRole(this, this.awsName);
    // Lets Lambda create and delete the Hyperplane ENIs in the subnets, and write logs.
    const vpcAccess = new IamRolePolicyAttachment(this, 'vpc-access-policy', {
      role: this.role.name,
      policyArn: LAMBDA_VPC_ACCESS_POLICY_ARN,
    });
    // Created before the function, so Lambda never makes a log group without retention. An adopted
    // function's group exists already (or not, if it never ran): its logs stay as they are.
    this.logGroup = fn.adopt
      ? undefined
      : new CloudwatchLogGroup(this, 'log-group', {
          name: `/aws/lambda/${this.awsName}`,
          retentionInDays: props.logRetentionDays,
        });

    // The user's values, written literally: Terraform must not evaluate a "${...}" in them.
    this.environment = terraformLiteralValues(fn.environment);
    const code =
      fn.source === undefined ? undefined : codeAsset(this, { projectDir: props.projectDir, source: fn.source, field: `${props.configField ?? `functions[${fn.name}]`}.source` });
    const runs = code
      ? {
          runtime: fn.runtime,
          handler: fn.handler,
          architectures: [fn.architecture],
          memorySize: fn.memoryMb,
          timeout: fn.timeoutSeconds,
          filename: code.path,
          sourceCodeHash: code.sha256,
          environment: this.environmentBlock(),
        }
      : { filename: ADOPTED_CODE_PLACEHOLDER };
    this.function = new LambdaFunction(this, 'function', {
      functionName: this.awsName,
      role: this.role.arn,
      ...runs,
      publish: true,
      vpcConfig: { subnetIds: network.privateSubnetIds, securityGroupIds: [this.securityGroup.id] },
      // On destroy, move the function onto a rule-less group first, so its own group is released
      // without waiting for AWS to reclaim the Hyperplane ENIs.
      replaceSecurityGroupsOnDestroy: true,
      replacementSecurityGroupIds: [network.replacementSecurityGroup.id],
      loggingConfig: this.logGroup ? { logFormat: 'JSON', logGroup: this.logGroup.name } : undefined,
      dependsOn: this.logGroup ? [vpcAccess, this.logGroup] : [vpcAccess],
      // Someone's running function: never deleted by a destroy of this stack (release it with
      // `terraform state rm` first); without a source its code and settings stay its owner's.
      lifecycle: fn.adopt ? { preventDestroy: true, ignoreChanges: code ? ['tags'] : ADOPTED_UNMANAGED_ATTRIBUTES } : undefined,
    });
    if (fn.adopt) this.function.importFrom(fn.adopt.functionName);
    // Follows the version Terraform publishes: never a literal number that would pin old code.
    this.alias = new LambdaAlias(this, 'alias', {
      name: ALIAS_NAME,
      description: `Latest published version of ${this.awsName}`,
      functionName: this.function.functionName,
      functionVersion: this.function.version,
    });
    if (fn.adopt?.liveAliasExists) this.alias.importFrom(`${fn.adopt.functionName}/${ALIAS_NAME}`);
  }

  /**
   * Adds an environment variable (never a secret: read those from SSM or Secrets Manager at run time).
   * A reference (`queue.url`) is resolved by Terraform; a literal string is written as it is.
   */
  addEnvironment(key: string, value: string): void {
    if (this.config.source === undefined) {
      throw new Error(`VLG_ADOPTED_ENVIRONMENT: ${this.awsName} is adopted without a source, so its environment is its owner's; config validation should have refused wiring it`);
    }
    // A plain string is the user's text, written literally ("${...}" included); a token (queue.url) stays a reference.
    this.environment[key] = Token.isUnresolved(value) ? value : terraformLiteral(value);
    this.function.putEnvironment({ variables: { ...this.environment } });
  }

  /**
   * States what the function needs beyond its VPC ("internet", or AWS services such as "sqs"), as
   * the `vlg:needs` tag that `check` verifies (an open egress rule alone promises nothing).
   */
  declareNeeds(...needs: string[]): void {
    this.needs = [...new Set([...this.needs, ...needs])];
    // The function carries no other tags of its own (the provider's default tags reach it anyway).
    this.function.tags = { 'vlg:needs': this.needs.join(',') };
  }

  /**
   * Grants the role an inline policy, named for what it allows ("invoke-target", "send-orders"). The
   * check reads these grants: an AWS API the function may call must have a path (endpoint or NAT).
   */
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

/** A role for a new function: Lambda may assume it; policies are attached below. */
function newRole(scope: Construct, name: string): IamRole {
  const assumeRole = new DataAwsIamPolicyDocument(scope, 'assume-role-policy', {
    statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }],
  });
  return new IamRole(scope, 'role', { name, assumeRolePolicy: assumeRole.json, tags: { Name: name } });
}

/** An adopted function keeps its own role, read from the function; the stack adds what the VPC needs to it. */
function adoptedRole(scope: Construct, functionName: string): FunctionRole {
  const current = new DataAwsLambdaFunction(scope, 'adopted', { functionName });
  // arn:aws:iam::<account>:role/<path/>name: the name is the last segment.
  const name = Fn.regex('[^/]+$', current.role);
  return { id: name, name, arn: current.role };
}
