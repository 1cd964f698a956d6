/**
 * Lambda functions, aliases and permissions, and the one question every invocation path asks:
 * which function (and which alias) does this ARN, name or reference invoke?
 */
import { bool, literal, objects, type Body, type TfDoc } from './doc';
import { isWholeExpression, refsIn } from './refs';
import type { Resolver } from './resolver';

export interface LambdaFn {
  id: string;
  /** Literal function_name, else the resource name. */
  name: string;
  role: unknown;
  /** Placed in a VPC with subnets this configuration resolves. */
  inVpc: boolean;
  /** A vpc_config whose subnets or groups cannot be resolved statically: what is unknown. */
  placementUnknown?: string;
  /** The subnet expressions of its vpc_config that cannot be resolved statically. */
  subnetsUnknown?: string;
  /** Every security group of its vpc_config resolves (`sgs` is the whole list). */
  sgsKnown: boolean;
  /** How many subnets vpc_config lists, when that is known even if which ones is not. */
  subnetCount?: number;
  subnets: string[];
  sgs: string[];
  env: Record<string, unknown>;
  fileSystems: { accessPoint?: string; mountPath?: string }[];
  publish: boolean;
  replaceSgsOnDestroy: boolean;
  body: Body;
}

export interface Alias {
  id: string;
  fn?: string;
  name?: string;
  version: unknown;
}

export interface Permission {
  id: string;
  fn?: string;
  /** Alias name (or version) the permission is for; undefined = the unqualified function. */
  qualifier?: string;
  principal?: string;
  action?: string;
  sourceArn: unknown;
}

/** What an ARN or reference invokes: a function of this configuration, and the alias or version. */
export interface InvokeTarget {
  fn: string;
  qualifier?: string;
}

export class Lambdas {
  readonly functions = new Map<string, LambdaFn>();
  readonly aliases = new Map<string, Alias>();
  readonly permissions: Permission[] = [];

  constructor(
    private readonly doc: TfDoc,
    r: Resolver,
  ) {
    for (const f of doc.all('aws_lambda_function')) {
      const b = f.body;
      const vpc = objects(b.vpc_config)[0];
      const subnets = vpc ? r.ids(vpc.subnet_ids) : [];
      const unknownSubnets = vpc ? unresolved(doc, vpc.subnet_ids) : [];
      const unknownSgs = vpc ? unresolved(doc, vpc.security_group_ids) : [];
      const unknown = [...unknownSubnets, ...unknownSgs];
      this.functions.set(f.address, {
        id: f.address,
        name: literal(doc.resolve(b.function_name)) ?? f.name,
        role: b.role,
        inVpc: subnets.length > 0 && unknown.length === 0,
        placementUnknown: unknown.length > 0 ? unknown.join(', ') : undefined,
        subnetsUnknown: unknownSubnets.length > 0 ? unknownSubnets.join(', ') : undefined,
        sgsKnown: Boolean(vpc) && unknownSgs.length === 0,
        subnetCount: vpc ? listedIds(doc, vpc.subnet_ids) : undefined,
        subnets,
        sgs: vpc ? r.ids(vpc.security_group_ids) : [],
        env: (objects(objects(b.environment)[0]?.variables)[0] ?? {}) as Record<string, unknown>,
        fileSystems: objects(b.file_system_config).map((fs) => ({
          accessPoint: r.id(fs.arn),
          mountPath: literal(doc.resolve(fs.local_mount_path)),
        })),
        publish: bool(doc.resolve(b.publish)) ?? false,
        replaceSgsOnDestroy: bool(doc.resolve(b.replace_security_groups_on_destroy)) ?? false,
        body: b,
      });
    }
    for (const a of doc.all('aws_lambda_alias')) {
      this.aliases.set(a.address, {
        id: a.address,
        fn: this.functionOf(a.body.function_name),
        name: literal(doc.resolve(a.body.name)),
        version: doc.resolve(a.body.function_version),
      });
    }
    for (const p of doc.all('aws_lambda_permission')) {
      const target = this.target(p.body.function_name);
      const qualifierRef = refsIn(p.body.qualifier)[0];
      const qualifier =
        qualifierRef?.type === 'aws_lambda_alias' ? this.aliases.get(qualifierRef.address)?.name : literal(doc.resolve(p.body.qualifier));
      this.permissions.push({
        id: p.address,
        fn: target?.fn,
        qualifier: qualifier ?? target?.qualifier,
        principal: literal(doc.resolve(p.body.principal)),
        action: literal(p.body.action),
        sourceArn: p.body.source_arn,
      });
    }
  }

  /** The function a function_name argument names (reference, name or ARN). */
  functionOf(value: unknown): string | undefined {
    return this.target(value)?.fn;
  }

  /**
   * What a value invokes: `${aws_lambda_function.x.arn}`, `${aws_lambda_alias.live.invoke_arn}`,
   * `${aws_lambda_function.x.arn}:live`, an API Gateway integration URI around either, a literal
   * name or ARN of a function in this configuration.
   */
  target(value: unknown): InvokeTarget | undefined {
    const v = this.doc.resolve(value);
    if (typeof v !== 'string') return undefined;
    // The first function or alias the value names, wherever it sits (inside a module, after other
    // references such as the partition and region of an invocation URI).
    const ref = refsIn(v).find((r) => r.type === 'aws_lambda_function' || r.type === 'aws_lambda_alias');
    if (ref?.type === 'aws_lambda_alias') {
      const alias = this.aliases.get(ref.address);
      return alias?.fn ? { fn: alias.fn, qualifier: alias.name } : undefined;
    }
    if (ref) {
      if (!this.functions.has(ref.address)) return undefined;
      // `${aws_lambda_function.x.arn}:live` names a qualifier; qualified_arn/qualified_invoke_arn the published version.
      const suffix = new RegExp(`\\$\\{${ref.address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\w+\\}:([\\w$-]+)`).exec(v);
      const qualifier = suffix?.[1] ?? (ref.attr?.startsWith('qualified') ? '(published version)' : undefined);
      return { fn: ref.address, qualifier };
    }
    if (v.includes('${')) return undefined;
    // Literal: "name", "name:qualifier" or an ARN ".../function:name[:qualifier]".
    const arn = /function:([\w-]+)(?::([\w$-]+))?/.exec(v);
    const [name, qualifier] = arn ? [arn[1], arn[2]] : v.split(':');
    const fn = [...this.functions.values()].find((f) => f.name === name);
    return fn ? { fn: fn.id, qualifier } : undefined;
  }

  aliasesOf(fn: string): Alias[] {
    return [...this.aliases.values()].filter((a) => a.fn === fn);
  }
}

/** The parts of a list argument that name no resource and are not literals: `${var.subnet_ids}`, `${module.vpc.private_subnets}`. */
/**
 * How many ids a list argument holds when its length is known even though its values are not: a
 * literal list whose every element names one id (`x.id`, `outputs.subnet_id`; never `..._ids`, a
 * splat or a bare list variable, which Terraform 0.11 would flatten into it).
 */
function listedIds(doc: TfDoc, value: unknown): number | undefined {
  const v = doc.resolve(value);
  if (!Array.isArray(v)) return undefined;
  const single = (x: unknown) =>
    typeof x === 'string' && (!x.includes('${') || (isWholeExpression(x) && /(^|[._])id\}$/.test(x) && !/\*|\[\s*\]/.test(x)));
  return v.every(single) ? v.length : undefined;
}

function unresolved(doc: TfDoc, value: unknown): string[] {
  const v = doc.resolve(value);
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string' && x.includes('${') && refsIn(x).length === 0);
}
