/**
 * Terraform JSON merged from one or more files into addressable resources, with the small value
 * readers every model builder uses: nested blocks may be an object or a list of objects, scalars may
 * be strings ("true", "443"), and `${var.x}` / `${local.x}` resolve to their literal values.
 */
import { cidrSubnet } from '../config/cidr';
import { isWholeExpression, refsIn, type Ref } from './refs';

export type Body = Record<string, unknown>;

export interface TfResource {
  /** "aws_subnet.private_a", or "data.aws_vpc.peer". */
  address: string;
  type: string;
  name: string;
  body: Body;
  file: string;
}

/** Resource types that are one type under two names. */
const TYPE_ALIASES: Record<string, string> = {
  aws_alb: 'aws_lb',
  aws_alb_target_group: 'aws_lb_target_group',
  aws_alb_target_group_attachment: 'aws_lb_target_group_attachment',
  aws_alb_listener: 'aws_lb_listener',
  aws_alb_listener_rule: 'aws_lb_listener_rule',
};

export class TfDoc {
  readonly files: string[] = [];
  private readonly byAddress = new Map<string, TfResource>();
  private readonly byTypeIndex = new Map<string, TfResource[]>();
  private readonly variables: Record<string, Body> = {};
  private readonly locals: Record<string, unknown> = {};
  private readonly providerRegions: unknown[] = [];

  /** Documents as expanded (eval/expand.ts): a `module` prefixes every address in its document. */
  static from(parsed: { file: string; json: Record<string, unknown>; module?: string }[]): TfDoc {
    const doc = new TfDoc();
    for (const { file, json, module } of parsed) doc.add(file, json, module ? `${module}.` : '');
    return doc;
  }

  private add(file: string, json: Record<string, unknown>, module: string): void {
    if (!this.files.includes(file)) this.files.push(file);
    for (const part of objects(json.resource)) this.addResources(file, part, module, '');
    for (const part of objects(json.data)) this.addResources(file, part, module, 'data.');
    for (const part of objects(json.variable)) for (const [k, v] of Object.entries(part)) this.variables[`${module}${k}`] = (objects(v)[0] ?? {}) as Body;
    if (module) return;
    for (const part of objects(json.locals)) Object.assign(this.locals, part);
    for (const part of objects(json.provider)) for (const p of objects(part.aws)) this.providerRegions.push(p.region);
  }

  private addResources(file: string, part: Body, module: string, prefix: string): void {
    for (const [rawType, names] of Object.entries(part)) {
      if (rawType === '//') continue;
      const type = TYPE_ALIASES[rawType] ?? rawType;
      for (const namesObj of objects(names)) {
        for (const [name, body] of Object.entries(namesObj)) {
          const address = `${module}${prefix}${rawType}.${name}`;
          const res: TfResource = { address, type: prefix + type, name, body: (objects(body)[0] ?? {}) as Body, file };
          this.byAddress.set(address, res);
          const list = this.byTypeIndex.get(res.type) ?? [];
          list.push(res);
          this.byTypeIndex.set(res.type, list);
        }
      }
    }
  }

  /** Resources of a type (aliases folded: aws_alb is aws_lb), in file order. */
  all(type: string): TfResource[] {
    return this.byTypeIndex.get(type) ?? [];
  }

  get(address: string): TfResource | undefined {
    return this.byAddress.get(address);
  }

  /** Every address, data sources included. */
  addresses(): string[] {
    return [...this.byAddress.keys()];
  }

  /** The aws provider's literal region (first unaliased block), if any. */
  get region(): string | undefined {
    const r = this.resolve(this.providerRegions[0]);
    return typeof r === 'string' && !r.includes('${') ? r : undefined;
  }

  /**
   * A value with whole-string `${var.x}` / `${local.x}` replaced by the variable default / local
   * value (recursively), so a platform team's parameterised Terraform still reads as literals.
   */
  resolve(value: unknown, depth = 0): unknown {
    if (depth > 10) return value;
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, depth + 1));
    if (typeof value !== 'string' || !isWholeExpression(value)) return value;
    const derived = this.derived(value, depth);
    if (derived !== undefined) return derived;
    const m = /^\$\{\s*(var|local)\.([A-Za-z_][\w-]*)\s*\}$/.exec(value);
    if (!m) return value;
    if (m[1] === 'var') {
      const v = this.variables[m[2]];
      return v && 'default' in v ? this.resolve(v.default, depth + 1) : value;
    }
    return m[2] in this.locals ? this.resolve(this.locals[m[2]], depth + 1) : value;
  }

  /**
   * The two derivations generated stacks use on their variables: an element of a list variable
   * (`${element(var.availability_zones, 1)}`, `${var.x[1]}`) and a subnet carved from a CIDR variable
   * (`${cidrsubnet(var.vpc_cidr, 4, 1)}`), evaluated on the defaults. Undefined for anything else.
   */
  private derived(value: string, depth: number): unknown {
    const element = /^\$\{\s*(?:element\(\s*(var\.[A-Za-z_][\w-]*)\s*,\s*(\d+)\s*\)|(var\.[A-Za-z_][\w-]*)\[(\d+)\])\s*\}$/.exec(value);
    if (element) {
      const list = this.resolve(`\${${element[1] ?? element[3]}}`, depth + 1);
      const i = Number(element[2] ?? element[4]);
      return Array.isArray(list) && list.length > 0 ? this.resolve(list[i % list.length], depth + 1) : undefined;
    }
    const subnet = /^\$\{\s*cidrsubnet\(\s*(var\.[A-Za-z_][\w-]*|"[^"]*")\s*,\s*(\d+)\s*,\s*(\d+)\s*\)\s*\}$/.exec(value);
    if (subnet) {
      const base = subnet[1].startsWith('"') ? JSON.parse(subnet[1]) : this.resolve(`\${${subnet[1]}}`, depth + 1);
      return typeof base === 'string' ? cidrSubnet(base, Number(subnet[2]), Number(subnet[3])) : undefined;
    }
    return undefined;
  }

  /**
   * A boolean argument: a literal, or a simple condition over variable defaults such as
   * `${var.peer_owner_id == null && var.peer_region == null}`. Undefined when it cannot be decided.
   */
  condition(value: unknown): boolean | undefined {
    const v = this.resolve(value);
    const b = bool(v);
    if (b !== undefined || typeof v !== 'string' || !isWholeExpression(v)) return b;
    let expr = v.slice(2, -1);
    let unknown = false;
    expr = expr.replace(/\b(var|local)\.([A-Za-z_][\w-]*)/g, (whole) => {
      const resolved = this.resolve(`\${${whole}}`);
      if (typeof resolved === 'string' && resolved.includes('${')) unknown = true;
      return JSON.stringify(resolved ?? null);
    });
    // Only literals, comparisons, boolean operators and parentheses: safe to evaluate.
    const tokens = /^(\s+|null|true|false|-?\d+(\.\d+)?|"(?:[^"\\]|\\.)*"|==|!=|&&|\|\||!|\(|\))*$/;
    if (unknown || !tokens.test(expr)) return undefined;
    try {
      const result: unknown = new Function(`return (${expr});`)();
      return typeof result === 'boolean' ? result : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * A scalar for values such as CIDRs: resolve(), and a whole `${type.name.attr}` whose resource sets
   * `attr` literally (`${aws_vpc.main.cidr_block}`) becomes that literal. Not used for ids: an
   * attribute echoing a name must not turn a reference into a bare name.
   */
  scalar(value: unknown, depth = 0): unknown {
    const v = this.resolve(value);
    if (depth > 5 || typeof v !== 'string' || !isWholeExpression(v)) return v;
    const ref = refsIn(v)[0];
    const whole = ref && v === `\${${ref.address}${ref.path}}` && ref.path === `.${ref.attr}`;
    const attr = whole ? this.byAddress.get(ref.address)?.body[ref.attr!] : undefined;
    return attr === undefined || typeof attr === 'object' ? v : this.scalar(attr, depth + 1);
  }

  /** A variable's declaration ("name", or "module.x.name" inside a module), for its `sensitive` flag. */
  variableNamed(name: string): Body | undefined {
    return this.variables[name];
  }

  /** Every reference in a value, anywhere inside it. */
  refs(value: unknown): Ref[] {
    return refsIn(this.resolve(value));
  }

  /**
   * What a value calls: its references, and through a DNS record of the configuration
   * (`https://${aws_route53_record.x.fqdn}/`) what the record aliases (a load balancer, an endpoint).
   */
  callRefs(value: unknown): Ref[] {
    return this.refs(value).flatMap((ref) => {
      if (ref.type !== 'aws_route53_record') return [ref];
      const aliased = objects(this.byAddress.get(ref.address)?.body.alias).flatMap((a) => this.refs(a.name));
      return [ref, ...aliased];
    });
  }
}

/** A nested block or top-level section: an object, a list of objects, or absent. */
export function objects(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter((v): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v));
  return value !== null && typeof value === 'object' ? [value as Body] : [];
}

/** The items of a list argument; a single string (for example a splat expression) is one item. */
export function items(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A literal string, or undefined when absent or an expression. */
export function literal(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}
