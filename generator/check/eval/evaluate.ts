/**
 * Evaluates HCL expressions over what a configuration states: variables (defaults, tfvars, module
 * inputs), locals, count.index / each.key / each.value, resource attributes written as literals, and
 * the functions in functions.ts. A resource attribute that only exists after apply stays a `Ref`;
 * anything else it cannot evaluate becomes `Unknown` with the partially evaluated expression, so a
 * rule can say what is unknown instead of guessing.
 */
import { callFunction } from './functions';
import { parseExpression, parseTemplate, type Node, type TmplPart } from './syntax';
import { asString, hclText, isKnown, isObject, Ref, Tmpl, Unknown, type Value, type ValueObject } from './values';

/** What names mean where an expression is written (a module instance, a resource instance). */
export interface Scope {
  variable(name: string): Value;
  local(name: string): Value;
  /** A resource or data source by type ("data.aws_vpc" for data) and name: a Ref, a list or map of them. */
  resource(type: string, name: string): Value;
  /** The outputs of a module call (a list or map of them for count/for_each). */
  module(name: string): Value;
  /** A literal argument of a resource instance (for values such as CIDRs), if written in the configuration. */
  attribute(address: string, name: string): Value | undefined;
  /** count.index, each.key, each.value, path.module... */
  special(root: string, attr: string): Value | undefined;
  /** Reads a file relative to the module for file()/templatefile(); undefined when not allowed or absent. */
  readFile(file: string): string | undefined;
}

/** Marks an Unknown that is an error in Terraform (a missing attribute), for try() and can(). */
export class Failed extends Unknown {}

const MAX_DEPTH = 64;
/** Parsed templates by text: configurations repeat the same references thousands of times. */
const TEMPLATES = new Map<string, TmplPart[] | SyntaxError>();
/** `${aws_subnet.a.id}`: the most common string, evaluated without the parser. */
const PLAIN_REFERENCE = /^\$\{([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w]*)\}$/;

export class Evaluator {
  private depth = 0;
  private readonly iterators: Map<string, Value>[] = [];

  constructor(readonly scope: Scope) {}

  /** A Terraform JSON string value: a template, or one whole `${expr}` keeping its type. */
  string(text: string): Value {
    if (!text.includes('${') && !text.includes('%{')) return text;
    const plain = PLAIN_REFERENCE.exec(text);
    if (plain && this.iterator(plain[1]) === undefined) {
      const target = this.scope.resource(plain[1], plain[2]);
      if (target instanceof Ref) return new Ref(target.address, `${target.path}.${plain[3]}`);
    }
    let parts = TEMPLATES.get(text);
    if (parts === undefined) {
      try {
        parts = parseTemplate(text);
      } catch (e) {
        parts = e as SyntaxError;
      }
      if (TEMPLATES.size > 50_000) TEMPLATES.clear();
      TEMPLATES.set(text, parts);
    }
    if (parts instanceof SyntaxError) return new Unknown(JSON.stringify(text).replace(/^"|"$/g, ''));
    return this.template(parts);
  }

  /** Expression source text (HCL attribute values converted by hcl2json arrive as "${...}" strings). */
  expression(text: string): Value {
    try {
      return this.node(parseExpression(text));
    } catch {
      return new Unknown(text);
    }
  }

  /** A JSON value from a document: strings are templates, objects and lists recurse. */
  json(v: unknown): Value {
    if (typeof v === 'string') return this.string(v);
    if (Array.isArray(v)) return v.map((x) => this.json(x));
    if (v !== null && typeof v === 'object') {
      const out: ValueObject = {};
      for (const [k, x] of Object.entries(v)) if (k !== '//') out[k] = this.json(x);
      return out;
    }
    return v as Value;
  }

  withIterators<T>(vars: Record<string, Value>, run: () => T): T {
    this.iterators.push(new Map(Object.entries(vars)));
    try {
      return run();
    } finally {
      this.iterators.pop();
    }
  }

  node(n: Node): Value {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return new Unknown('(too deep)');
    }
    try {
      return this.eval(n);
    } finally {
      this.depth--;
    }
  }

  private eval(n: Node): Value {
    switch (n.k) {
      case 'lit':
        return n.v;
      case 'tmpl':
        return this.template(n.parts);
      case 'paren':
        return this.node(n.x);
      case 'var':
      case 'attr':
      case 'index':
        return this.traversal(n);
      case 'splat':
        return this.splat(n.obj, n.each);
      case 'item':
        return this.iterator('__item__') ?? new Unknown('*');
      case 'call':
        return this.call(n);
      case 'tuple':
        return this.expandItems(n.items);
      case 'object':
        return this.object(n.items);
      case 'for':
        return this.forExpr(n);
      case 'unary':
        return this.unary(n.op, this.node(n.x));
      case 'binary':
        return this.binary(n.op, n.a, n.b);
      case 'cond':
        return this.conditional(n.c, n.t, n.f);
    }
  }

  // ---- templates ------------------------------------------------------------------------------

  template(parts: TmplPart[]): Value {
    if (parts.length === 1 && parts[0].k === 'interp') return this.node(parts[0].x);
    const out: (string | Ref | Unknown)[] = [];
    const add = (v: Value): boolean => {
      const c = this.concrete(v);
      const s = asString(c);
      if (s !== undefined) out.push(s);
      else if (c instanceof Ref || c instanceof Unknown) out.push(c);
      else if (c instanceof Tmpl) out.push(...c.parts);
      else return false;
      return true;
    };
    for (const part of parts) {
      if (part.k === 'text') out.push(part.text);
      else if (part.k === 'interp') {
        if (!add(this.node(part.x))) out.push(new Unknown(hclText(this.node(part.x))));
      } else if (part.k === 'if') {
        const c = this.concrete(this.node(part.c));
        if (typeof c !== 'boolean') return new Unknown(`"%{if ${hclText(c)}}…"`);
        const v = this.template(c ? part.then : part.else);
        if (!add(v)) return new Unknown(hclText(v));
      } else {
        const coll = this.concrete(this.node(part.coll));
        const entries = this.entries(coll);
        if (!entries) return new Unknown(`"%{for … in ${hclText(coll)}}…"`);
        for (const [k, v] of entries) {
          const vars: Record<string, Value> = { [part.valVar]: v };
          if (part.keyVar) vars[part.keyVar] = k;
          const body = this.withIterators(vars, () => this.template(part.body));
          if (!add(body)) return new Unknown(hclText(body));
        }
      }
    }
    const merged: (string | Ref | Unknown)[] = [];
    for (const p of out) {
      if (typeof p === 'string' && typeof merged[merged.length - 1] === 'string') merged[merged.length - 1] += p;
      else merged.push(p);
    }
    if (merged.length === 0) return '';
    return merged.length === 1 && typeof merged[0] === 'string' ? merged[0] : new Tmpl(merged);
  }

  // ---- traversals -----------------------------------------------------------------------------

  private iterator(name: string): Value | undefined {
    for (let i = this.iterators.length - 1; i >= 0; i--) if (this.iterators[i].has(name)) return this.iterators[i].get(name);
    return undefined;
  }

  /** A chain of attributes and indexes from a root name. */
  private traversal(n: Node): Value {
    const steps: ({ attr: string } | { index: Node })[] = [];
    let root = n;
    while (root.k === 'attr' || root.k === 'index') {
      steps.unshift(root.k === 'attr' ? { attr: root.name } : { index: root.key });
      root = root.obj;
    }
    if (root.k !== 'var') return this.apply(this.node(root), steps);
    const name = root.name;
    const local = this.iterator(name);
    if (local !== undefined) return this.apply(local, steps);
    const first = steps[0] && 'attr' in steps[0] ? steps[0].attr : undefined;
    const second = steps[1] && 'attr' in steps[1] ? steps[1].attr : undefined;
    const rest = (k: number) => steps.slice(k);
    switch (name) {
      case 'var':
        return first ? this.apply(this.scope.variable(first), rest(1)) : new Unknown('var');
      case 'local':
        return first ? this.apply(this.scope.local(first), rest(1)) : new Unknown('local');
      case 'module':
        return first ? this.apply(this.scope.module(first), rest(1)) : new Unknown('module');
      case 'data':
        return first && second ? this.apply(this.scope.resource(`data.${first}`, second), rest(2)) : new Unknown('data');
      case 'count':
      case 'each':
      case 'path':
      case 'terraform':
      case 'self': {
        const v = first ? this.scope.special(name, first) : undefined;
        return v === undefined ? new Unknown(`${name}${first ? `.${first}` : ''}`) : this.apply(v, rest(1));
      }
      default:
        if (name.includes('_') && first) return this.apply(this.scope.resource(name, first), rest(1));
        return new Unknown(name);
    }
  }

  private apply(value: Value, steps: ({ attr: string } | { index: Node })[]): Value {
    let v = value;
    for (const step of steps) {
      if ('attr' in step) v = this.get(v, step.attr, `.${step.attr}`);
      else {
        const key = this.concrete(this.node(step.index));
        v = this.get(v, key, `[${hclText(key)}]`);
      }
    }
    return v;
  }

  /** One step: an attribute or index of a value (symbolic values extend their path). */
  private get(v: Value, key: Value, text: string): Value {
    if (v instanceof Ref) {
      if (typeof key === 'string' || typeof key === 'number') return new Ref(v.address, v.path + (text.startsWith('.') ? text : `[${JSON.stringify(key)}]`));
      return new Unknown(`${v.text}${text}`);
    }
    if (v instanceof Unknown) return new (v instanceof Failed ? Failed : Unknown)(`${v.text}${text}`);
    if (Array.isArray(v) && typeof key === 'number') return key >= 0 && key < v.length ? v[key] : new Failed(`${hclText(v)}${text}`);
    if (isObject(v) && (typeof key === 'string' || typeof key === 'number')) return String(key) in v ? v[String(key)] : new Failed(`${hclText(v)}${text}`);
    if (key instanceof Unknown || key instanceof Ref || key instanceof Tmpl) return new Unknown(`${hclText(v)}${text}`);
    return new Failed(`${hclText(v)}${text}`);
  }

  private splat(objNode: Node, each: Node): Value {
    const obj = this.node(objNode);
    if (obj instanceof Unknown) return new Unknown(`${obj.text}[*]${hclText(this.withIterators({ __item__: new Unknown('') }, () => this.node(each)))}`);
    const list = obj === null ? [] : Array.isArray(obj) ? obj : [obj];
    return list.map((item) => this.withIterators({ __item__: item }, () => this.node(each)));
  }

  /**
   * A symbolic value replaced by the literal the configuration gives it, where one exists
   * (`aws_vpc.main.cidr_block` → "10.0.0.0/16"): for operations that need a concrete value.
   */
  concrete(v: Value, depth = 0): Value {
    if (!(v instanceof Ref) || depth > 8) return v;
    const m = /^\.([A-Za-z_][\w-]*)(.*)$/.exec(v.path);
    if (!m) return v;
    const attr = this.scope.attribute(v.address, m[1]);
    if (attr === undefined || attr instanceof Unknown) return v;
    let out: Value = attr;
    for (const step of m[2].matchAll(/\.([A-Za-z_][\w-]*)|\[(\d+|"[^"]*")\]/g)) {
      const key: Value = step[1] ?? JSON.parse(step[2]);
      out = this.get(this.concrete(out, depth + 1), key, step[0]);
    }
    return out instanceof Failed ? v : this.concrete(out, depth + 1);
  }

  // ---- collections ----------------------------------------------------------------------------

  private expandItems(items: Node[]): Value {
    return items.map((x) => this.node(x));
  }

  private object(items: { key: Node; value: Node }[]): Value {
    const out: ValueObject = {};
    const unknown: string[] = [];
    for (const { key, value } of items) {
      const k = asString(this.concrete(this.node(key)));
      const v = this.node(value);
      if (k === undefined) unknown.push(`${hclText(this.node(key))} = ${hclText(v)}`);
      else out[k] = v;
    }
    if (unknown.length > 0) return new Unknown(`{${[...Object.entries(out).map(([k, v]) => `${JSON.stringify(k)} = ${hclText(v)}`), ...unknown].join(', ')}}`);
    return out;
  }

  /** [key, value] pairs of a list (index keys) or an object (sorted keys, as Terraform iterates). */
  entries(coll: Value): [Value, Value][] | undefined {
    if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
    if (isObject(coll)) return Object.keys(coll).sort().map((k) => [k, coll[k]]);
    return undefined;
  }

  private forExpr(n: Extract<Node, { k: 'for' }>): Value {
    const coll = this.concrete(this.node(n.coll));
    const entries = this.entries(coll);
    if (!entries) {
      const vars: Record<string, Value> = { [n.valVar]: new Unknown(n.valVar) };
      if (n.keyVar) vars[n.keyVar] = new Unknown(n.keyVar);
      const body = this.withIterators(vars, () => `${n.keyExpr ? `${hclText(this.node(n.keyExpr))} => ` : ''}${hclText(this.node(n.valExpr))}`);
      const head = `for ${n.keyVar ? `${n.keyVar}, ` : ''}${n.valVar} in ${hclText(coll)} : `;
      return new Unknown(n.keyExpr ? `{${head}${body}}` : `[${head}${body}]`);
    }
    const list: Value[] = [];
    const obj: ValueObject = {};
    for (const [k, v] of entries) {
      const vars: Record<string, Value> = { [n.valVar]: v };
      if (n.keyVar) vars[n.keyVar] = k;
      const result = this.withIterators(vars, () => {
        if (n.cond) {
          const c = this.concrete(this.node(n.cond));
          if (c === false) return undefined;
          if (c !== true) return new Unknown(`for-expression condition ${hclText(c)}`);
        }
        return { key: n.keyExpr ? this.concrete(this.node(n.keyExpr)) : undefined, value: this.node(n.valExpr) };
      });
      if (result === undefined) continue;
      if (result instanceof Unknown) return result;
      if (!n.keyExpr) list.push(result.value);
      else {
        const key = asString(result.key!);
        if (key === undefined) return new Unknown(`{for … : ${hclText(result.key!)} => …}`);
        if (n.group) obj[key] = [...((obj[key] as Value[] | undefined) ?? []), result.value];
        else obj[key] = result.value;
      }
    }
    return n.keyExpr ? obj : list;
  }

  // ---- operators ------------------------------------------------------------------------------

  private unary(op: '-' | '!', x: Value): Value {
    const c = this.concrete(x);
    if (op === '-' && typeof c === 'number') return -c;
    if (op === '!' && typeof c === 'boolean') return !c;
    return new Unknown(`${op}${hclText(c)}`);
  }

  private binary(op: string, aNode: Node, bNode: Node): Value {
    const a = this.concrete(this.node(aNode));
    if (op === '&&' && a === false) return false;
    if (op === '||' && a === true) return true;
    const b = this.concrete(this.node(bNode));
    const residual = () => new Unknown(`${hclText(a)} ${op} ${hclText(b)}`);
    if (op === '&&' || op === '||') {
      if (typeof a === 'boolean' && typeof b === 'boolean') return op === '&&' ? a && b : a || b;
      if (op === '&&' && b === false) return false;
      if (op === '||' && b === true) return true;
      return residual();
    }
    if (op === '==' || op === '!=') {
      if (!isKnown(a) || !isKnown(b)) return residual();
      const eq = JSON.stringify(a) === JSON.stringify(b) || (typeof a !== typeof b && asString(a) !== undefined && asString(a) === asString(b) && typeof a !== 'boolean' && typeof b !== 'boolean');
      return op === '==' ? eq : !eq;
    }
    const x = typeof a === 'string' && /^-?\d+(\.\d+)?$/.test(a) ? Number(a) : a;
    const y = typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : b;
    if (typeof x !== 'number' || typeof y !== 'number') return residual();
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return y === 0 ? residual() : x / y;
      case '%':
        return y === 0 ? residual() : x % y;
      case '<':
        return x < y;
      case '>':
        return x > y;
      case '<=':
        return x <= y;
      case '>=':
        return x >= y;
      default:
        return residual();
    }
  }

  private conditional(cNode: Node, tNode: Node, fNode: Node): Value {
    const c = this.concrete(this.node(cNode));
    if (c === true || c === 'true') return this.node(tNode);
    if (c === false || c === 'false') return this.node(fNode);
    const t = this.node(tNode);
    const f = this.node(fNode);
    if (JSON.stringify(t) === JSON.stringify(f) && isKnown(t)) return t;
    return new Unknown(`${hclText(c)} ? ${hclText(t)} : ${hclText(f)}`);
  }

  private call(n: Extract<Node, { k: 'call' }>): Value {
    const name = n.fn.replace(/^core::/, '');
    if (name === 'try' || name === 'can') return this.tryOrCan(name, n.args);
    let args = n.args.map((a) => this.node(a));
    if (n.expand && args.length > 0) {
      const last = this.concrete(args[args.length - 1]);
      if (!Array.isArray(last)) return new Unknown(`${name}(${args.map(hclText).join(', ')}...)`);
      args = [...args.slice(0, -1), ...last];
    }
    return callFunction(name, args, this);
  }

  private tryOrCan(name: 'try' | 'can', argNodes: Node[]): Value {
    const args = argNodes.map((a) => this.node(a));
    if (name === 'can') {
      const v = args[0];
      if (v instanceof Failed) return false;
      return v instanceof Unknown ? new Unknown(`can(${v.text})`) : true;
    }
    for (const v of args) {
      if (v instanceof Failed) continue;
      if (v instanceof Unknown) return new Unknown(`try(${args.map(hclText).join(', ')})`);
      return v;
    }
    return new Failed(`try(${args.map(hclText).join(', ')})`);
  }
}
