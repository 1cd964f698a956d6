/**
 * IAM roles with the statements they carry: inline_policy blocks, aws_iam_role_policy, attached
 * customer policies (aws_iam_policy), and the few AWS managed policies whose content matters to a
 * VPC function. Policies are read from literal JSON or aws_iam_policy_document data sources; a
 * policy built any other way (jsonencode expressions) is recorded as unreadable, never guessed.
 */
import { items, literal, objects, type Body, type TfDoc } from './doc';
import { refsIn } from './refs';
import type { Resolver } from './resolver';

export interface Statement {
  /** Where the statement comes from (policy resource, data source, attachment). */
  source: string;
  allow: boolean;
  actions: string[];
  notActions: string[];
  /** Raw resource strings, references kept ("${aws_lambda_function.x.arn}:*"). */
  resources: string[];
  /** From an AWS managed policy: says what the role may do, not what the code calls. */
  managed?: boolean;
}

export interface Role {
  id: string;
  /** Literal role name, for policies that name the role instead of referencing it. */
  name?: string;
  statements: Statement[];
  /** Managed policy names (the part after "policy/"), literal or as written. */
  managed: string[];
  /** Policies whose text could not be read statically. */
  unreadable: string[];
  /** AWS managed policy ARNs that do not exist (a known name under the wrong path): attaching them fails. */
  missing: { source: string; arn: string; expected: string }[];
}

const ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];
const LOG_ACTIONS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];

/** What the AWS managed policies relevant here allow (on every resource). */
export const MANAGED_POLICY_ACTIONS: Record<string, string[]> = {
  AWSLambdaVPCAccessExecutionRole: [...ENI_ACTIONS, ...LOG_ACTIONS],
  AWSLambdaENIManagementAccess: ENI_ACTIONS,
  AWSLambdaBasicExecutionRole: LOG_ACTIONS,
  AWSLambdaRole: ['lambda:InvokeFunction'],
  AmazonElasticFileSystemClientReadOnlyAccess: ['elasticfilesystem:ClientMount', 'elasticfilesystem:DescribeMountTargets'],
  AmazonElasticFileSystemClientReadWriteAccess: [
    'elasticfilesystem:ClientMount',
    'elasticfilesystem:ClientWrite',
    'elasticfilesystem:DescribeMountTargets',
  ],
  AmazonElasticFileSystemClientFullAccess: [
    'elasticfilesystem:ClientMount',
    'elasticfilesystem:ClientWrite',
    'elasticfilesystem:ClientRootAccess',
    'elasticfilesystem:DescribeMountTargets',
  ],
  AmazonSSMManagedInstanceCore: ['ssm:UpdateInstanceInformation', 'ssmmessages:*', 'ec2messages:*', 'ssm:GetParameter*'],
  AdministratorAccess: ['*'],
  PowerUserAccess: ['*'],
};

/**
 * AWS managed policies and the path each lives under: an ARN that names one under another path
 * does not exist (`policy/AWSLambdaVPCAccessExecutionRole` without `service-role/` is the classic),
 * and attaching it fails. Names not listed here are not judged.
 */
export const MANAGED_POLICY_PATHS: Record<string, string> = {
  AWSLambdaVPCAccessExecutionRole: 'service-role/',
  AWSLambdaBasicExecutionRole: 'service-role/',
  AWSLambdaENIManagementAccess: 'service-role/',
  AWSLambdaRole: 'service-role/',
  AWSLambdaSQSQueueExecutionRole: 'service-role/',
  AWSLambdaKinesisExecutionRole: 'service-role/',
  AWSLambdaDynamoDBExecutionRole: 'service-role/',
  AWSLambdaMSKExecutionRole: 'service-role/',
  AmazonSSMManagedInstanceCore: '',
  AmazonElasticFileSystemClientReadOnlyAccess: '',
  AmazonElasticFileSystemClientReadWriteAccess: '',
  AmazonElasticFileSystemClientFullAccess: '',
  AmazonElasticFileSystemFullAccess: '',
  AWSXRayDaemonWriteAccess: '',
  CloudWatchLambdaInsightsExecutionRolePolicy: '',
  AWSLambda_FullAccess: '',
  AWSLambda_ReadOnlyAccess: '',
  AdministratorAccess: '',
  PowerUserAccess: '',
  ReadOnlyAccess: '',
  ViewOnlyAccess: 'job-function/',
  AmazonS3ReadOnlyAccess: '',
  AmazonS3FullAccess: '',
  AmazonDynamoDBFullAccess: '',
  AmazonDynamoDBReadOnlyAccess: '',
  AmazonSQSFullAccess: '',
  AmazonSNSFullAccess: '',
  SecretsManagerReadWrite: '',
  AmazonSSMReadOnlyAccess: '',
  AmazonRDSDataFullAccess: '',
};

export class Iam {
  readonly roles = new Map<string, Role>();
  /** aws_iam_instance_profile → role id. */
  readonly profiles = new Map<string, string>();

  constructor(
    private readonly doc: TfDoc,
    private readonly r: Resolver,
  ) {
    for (const role of doc.all('aws_iam_role')) {
      const entry: Role = { id: role.address, name: literal(role.body.name), statements: [], managed: [], unreadable: [], missing: [] };
      this.roles.set(role.address, entry);
      for (const inline of objects(role.body.inline_policy)) this.addPolicy(entry, `${role.address} inline_policy`, inline.policy);
      for (const arn of items(role.body.managed_policy_arns)) this.addManaged(entry, role.address, arn);
    }
    for (const p of doc.all('aws_iam_role_policy')) {
      const role = this.roleFor(p.body.role);
      if (role) this.addPolicy(role, p.address, p.body.policy);
    }
    for (const a of doc.all('aws_iam_role_policy_attachment')) {
      const role = this.roleFor(a.body.role);
      if (role) this.addManaged(role, a.address, a.body.policy_arn);
    }
    for (const a of doc.all('aws_iam_policy_attachment')) {
      for (const roleValue of items(a.body.roles)) {
        const role = this.roleFor(roleValue);
        if (role) this.addManaged(role, a.address, a.body.policy_arn);
      }
    }
    for (const p of doc.all('aws_iam_instance_profile')) {
      const role = this.roleFor(p.body.role);
      if (role) this.profiles.set(p.address, role.id);
    }
  }

  /** The role a `role` argument (ARN, name or id, as a reference or a literal name) points to. */
  roleFor(value: unknown): Role | undefined {
    const id = this.r.id(value);
    if (!id) return undefined;
    return this.roles.get(id) ?? [...this.roles.values()].find((role) => role.name !== undefined && (role.name === id || id.endsWith(`:role/${role.name}`)));
  }

  /** The first Allow statement of the role that grants `action` on a resource `resource` accepts. */
  allows(role: Role, action: string, resource: (raw: string) => boolean = () => true): Statement | undefined {
    return role.statements.find(
      (s) =>
        s.allow &&
        (s.actions.some((a) => wildcardMatch(a, action)) || (s.notActions.length > 0 && !s.notActions.some((a) => wildcardMatch(a, action)))) &&
        s.resources.some((res) => res === '*' || resource(res)),
    );
  }

  /**
   * A policy as text, for plain questions ("does it mention aws:SourceVpce?"), with the addresses it
   * references: literal JSON, a policy document data source, or the expression as written.
   */
  policyText(value: unknown): { text: string; refs: string[] } | undefined {
    const v = this.doc.resolve(value);
    const text = literal(v);
    if (text !== undefined) return { text, refs: [] };
    const ref = refsIn(v)[0];
    const data = ref?.data && ref.type === 'aws_iam_policy_document' ? this.doc.get(ref.address) : undefined;
    if (data) return { text: JSON.stringify(data.body), refs: this.doc.refs(data.body).map((r) => r.address) };
    return typeof v === 'string' ? { text: v, refs: this.doc.refs(v).map((r) => r.address) } : undefined;
  }

  private addManaged(role: Role, source: string, arnValue: unknown): void {
    const arn = this.doc.resolve(arnValue);
    const ref = refsIn(arn)[0];
    const policy = ref?.type === 'aws_iam_policy' ? this.doc.get(ref.address) : undefined;
    if (policy && !ref!.data) {
      this.addPolicy(role, `${source} → ${policy.address}`, policy.body.policy);
      return;
    }
    // A data source that looks up a managed policy by ARN or name: the policy it names.
    const looked = policy ? (literal(this.doc.resolve(policy.body.arn)) ?? literal(this.doc.resolve(policy.body.name)) ?? lastSegment(policy.body.arn)) : arn;
    const name = typeof looked === 'string' ? looked.slice(looked.lastIndexOf('/') + 1) : undefined;
    if (!name) return;
    const path = typeof looked === 'string' ? /:policy\/(.*\/)?[^/]+$/.exec(looked)?.[1] ?? '' : '';
    const expected = typeof looked === 'string' && /:iam::aws:policy\//.test(looked) ? MANAGED_POLICY_PATHS[name] : undefined;
    if (expected !== undefined && path !== expected) {
      role.missing.push({ source, arn: String(looked), expected: `arn:aws:iam::aws:policy/${expected}${name}` });
      return;
    }
    role.managed.push(name);
    const actions = MANAGED_POLICY_ACTIONS[name];
    if (actions) role.statements.push({ source: `${source} (${name})`, allow: true, actions, notActions: [], resources: ['*'], managed: true });
  }

  private addPolicy(role: Role, source: string, policy: unknown): void {
    const statements = this.statementsOf(source, policy, 0);
    if (statements) role.statements.push(...statements);
    else role.unreadable.push(source);
  }

  /** Statements of a policy value: literal JSON or a policy document data source; undefined if unreadable. */
  private statementsOf(source: string, policy: unknown, depth: number): Statement[] | undefined {
    if (depth > 5) return undefined;
    const value = this.doc.resolve(policy);
    // Literal JSON, or JSON whose strings hold references (jsonencode() of ARNs): read as written.
    const text = typeof value === 'string' && value.trimStart().startsWith('{') ? value : literal(value);
    if (text !== undefined) {
      try {
        const json = JSON.parse(text) as { Statement?: unknown };
        return items(json.Statement).map((s) => fromJsonStatement(source, s as Body));
      } catch {
        return undefined;
      }
    }
    const ref = refsIn(value)[0];
    const data = ref?.data && ref.type === 'aws_iam_policy_document' ? this.doc.get(ref.address) : undefined;
    if (!data) return undefined;
    const out: Statement[] = [];
    for (const key of ['source_policy_documents', 'override_policy_documents']) {
      for (const doc of items(data.body[key])) out.push(...(this.statementsOf(data.address, doc, depth + 1) ?? []));
    }
    for (const s of objects(data.body.statement)) {
      out.push({
        source: data.address,
        allow: (literal(s.effect) ?? 'Allow') === 'Allow',
        actions: strings(this.doc.resolve(s.actions)),
        notActions: strings(this.doc.resolve(s.not_actions)),
        resources: s.resources === undefined && s.not_resources === undefined ? ['*'] : strings(this.doc.resolve(s.resources)),
      });
    }
    return out;
  }
}

function fromJsonStatement(source: string, s: Body): Statement {
  return {
    source,
    allow: s.Effect === 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: s.Resource === undefined ? [] : strings(s.Resource),
  };
}

function strings(v: unknown): string[] {
  return items(v).filter((x): x is string => typeof x === 'string');
}

/** IAM-style match: `*` any run, `?` one character, case-insensitive. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(value);
}

/** "AWSLambdaVPCAccessExecutionRole" from "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole". */
function lastSegment(value: unknown): string | undefined {
  return typeof value === 'string' && /\/[\w+=,.@-]+$/.test(value) ? value.slice(value.lastIndexOf('/') + 1) : undefined;
}
