/**
 * The union module of `export` with environments: one `modules/<name>/` holding every resource, data
 * source, output and local that any environment has, so a platform team gets one reusable module
 * even when prod has a NAT per AZ, a third AZ or the SSM host and dev has not.
 *
 * - An element only some environments have gets `count = <condition> ? 1 : 0` (export-switches.ts
 *   names the condition after the config field that differs); an output or local, `<condition> ? … : null`.
 * - A nested block only some have becomes a `dynamic` block with `for_each = <condition> ? [1] : []`.
 * - A value that differs and holds references becomes an expression on the same conditions: a list
 *   that grows (`concat([a, b], <c> ? [c] : [])`), a map that gains keys (`merge({…}, <c> ? {…} : {})`),
 *   else a conditional (`<c> ? nat_b : nat_a`). Literal values that differ are inputs already
 *   (export-envs.ts' differingValues), before this runs.
 * - Every reference to a counted element is made safe: `x[0].attr` where the referrer exists only
 *   where x does (its condition implies x's), else `one(x[*].attr)` (null when x has count 0).
 *   depends_on keeps the plain address, which Terraform allows for counted resources.
 *
 * What cannot be unified safely (blocks whose number differs, a resource that already has count,
 * a variable check that differs outside the roots' own) throws CannotUnify: the caller falls back to
 * a module per distinct structure and says why. Pure; no cdktf.
 */
import { isBlockValue, isPlainObject, type BlockTree, type TfJson } from './hcl/render';
import { elementKey, mergeTrees, type SidecarElement } from './hcl/layout';
import { IDENTIFIER, escapeLiteral, quotedTemplate, splitTemplate, wholeExpression } from './hcl/expression';
import { conditionText, environmentSwitch, implies, namedCondition, sameSet, truthOf, type Condition, type ElementRef, type Switch } from './export-switches';

export class CannotUnify extends Error {}

export interface UnionInput {
  envs: string[];
  /** Each environment's module JSON, its differing literals already inputs. */
  jsons: Record<string, TfJson & Record<string, any>>;
  /** Each environment's layout sidecar: construct paths and nested blocks. */
  sidecars: Record<string, SidecarElement[]>;
  switches: Switch[];
  /** Variables each root declares and checks itself: a check that differs may leave the module. */
  rootChecked: string[];
}

/** A switch the module uses, and what it decides. */
export interface UsedSwitch {
  switch: Switch;
  /** Addresses of the elements it creates or not (count), in module order. */
  elements: string[];
  /** Where it picks a value or a block: `aws_route.network_private_default_route_b.nat_gateway_id`. */
  values: string[];
}

export interface UnionModule {
  json: TfJson & Record<string, any>;
  /** The environments' sidecars merged: every element, in construct order. */
  sidecar: SidecarElement[];
  used: UsedSwitch[];
}

/** Arguments whose strings are addresses, not expressions: kept plain, merged as a union. */
const ADDRESS_LISTS = new Set(['depends_on', 'ignore_changes', 'replace_triggered_by']);

type Node = { env: string; value: any };

export function unionModule(input: UnionInput): UnionModule {
  return new Union(input).build();
}

class Union {
  private readonly envs: string[];
  /** Address (`aws_x.y`, `data.aws_x.y`, `local.x`, `output.x`) → its condition, for the elements only some environments have. */
  private readonly conditions = new Map<string, Condition>();
  /** The resources and data sources among them: those that get count. */
  private readonly counted = new Map<string, Condition>();
  private readonly usage = new Map<Switch, UsedSwitch>();
  private readonly generic = new Map<string, Switch>();
  private readonly sidecar: SidecarElement[];
  private readonly byKey: Map<string, SidecarElement>;

  constructor(private readonly input: UnionInput) {
    this.envs = input.envs;
    this.sidecar = mergeSidecars(input.envs.map((env) => input.sidecars[env] ?? []));
    this.byKey = new Map(this.sidecar.map((e) => [elementKey(e.kind, e.type, e.name), e]));
  }

  build(): UnionModule {
    const { jsons } = this.input;
    const first = jsons[this.envs[0]];
    for (const key of Object.keys(first).concat(...this.envs.map((env) => Object.keys(jsons[env])))) {
      if (!['terraform', 'import', 'resource', 'data', 'output', 'locals', 'variable', '//'].includes(key)) throw new CannotUnify(`the stacks have a top-level "${key}" export does not merge`);
    }
    for (const key of ['terraform', 'import']) {
      if (new Set(this.envs.map((env) => JSON.stringify(jsons[env][key] ?? null))).size > 1) throw new CannotUnify(`their "${key}" blocks differ`);
    }
    const json: TfJson & Record<string, any> = { ...(first['//'] ? { '//': first['//'] } : {}), terraform: first.terraform };
    if (first.import) json.import = first.import;
    const elements = this.elements();
    this.presenceConditions(elements);
    for (const section of ['data', 'resource'] as const) {
      const merged: Record<string, Record<string, unknown>> = {};
      for (const e of elements.filter((x) => x.section === section)) {
        (merged[e.ref.type!] ??= {})[e.ref.name] = this.mergeElement(e);
      }
      if (Object.keys(merged).length > 0) json[section] = merged;
    }
    for (const section of ['locals', 'output'] as const) {
      const merged: Record<string, unknown> = {};
      for (const e of elements.filter((x) => x.section === section)) merged[e.ref.name] = this.mergeElement(e);
      if (Object.keys(merged).length > 0) json[section] = merged;
    }
    json.variable = this.variables();
    for (const section of ['data', 'resource', 'locals', 'output'] as const) {
      for (const e of elements.filter((x) => x.section === section)) {
        const holder = section === 'data' || section === 'resource' ? json[section]![e.ref.type!] : json[section]!;
        holder[e.ref.name] = this.safeReferences(holder[e.ref.name], this.counted.get(e.address) ?? []);
      }
    }
    const used = [...this.usage.values()];
    return { json: orderSections(json), sidecar: this.sidecar, used };
  }

  /** Every resource, data source, local and output, with the environments that have it. */
  private elements(): Element[] {
    const out: Element[] = [];
    const seen = new Set<string>();
    const add = (section: Element['section'], type: string | undefined, name: string) => {
      const address = section === 'data' ? `data.${type}.${name}` : section === 'resource' ? `${type}.${name}` : `${section === 'locals' ? 'local' : 'output'}.${name}`;
      if (seen.has(address)) return;
      seen.add(address);
      const bodies: Node[] = this.envs.map((env) => {
        const j = this.input.jsons[env];
        const value = section === 'data' || section === 'resource' ? j[section]?.[type!]?.[name] : j[section]?.[name];
        return { env, value };
      });
      const kind = section === 'locals' ? 'locals' : section;
      const laid = this.byKey.get(elementKey(kind, type, name));
      out.push({ section, address, ref: { kind, type, name, path: laid?.path ?? [] }, nodes: bodies, present: bodies.filter((n) => n.value !== undefined).map((n) => n.env) });
    };
    for (const env of this.envs) {
      const j = this.input.jsons[env];
      for (const section of ['data', 'resource'] as const) for (const [type, byName] of Object.entries(j[section] ?? {})) for (const name of Object.keys(byName)) add(section, type, name);
      for (const section of ['locals', 'output'] as const) for (const name of Object.keys(j[section] ?? {})) add(section, undefined, name);
    }
    return out;
  }

  /**
   * The condition of each element some environments lack: named after what it is; else the one of
   * the counted elements that read it (the AMI lookup only the SSM host uses); else the environment.
   */
  private presenceConditions(elements: Element[]): void {
    const partial = elements.filter((e) => e.present.length < this.envs.length);
    const open: Element[] = [];
    const counts = (e: Element) => e.section === 'resource' || e.section === 'data';
    for (const e of partial.filter(counts)) {
      const c = namedCondition(this.input.switches, new Set(e.present), this.envs, e.ref);
      if (c) this.conditions.set(e.address, c);
      else open.push(e);
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const e of [...open]) {
        const present = new Set(e.present);
        const readers = partial.filter((r) => this.conditions.has(r.address) && r.nodes.some((n) => n.value !== undefined && references(n.value, e.address)));
        const fit = readers.map((r) => this.conditions.get(r.address)!).find((c) => sameSet(truthOf(c, this.envs), present));
        if (!fit) continue;
        this.conditions.set(e.address, fit);
        open.splice(open.indexOf(e), 1);
        changed = true;
      }
    }
    for (const e of open) this.conditions.set(e.address, [this.genericSwitch(e.present)]);
    for (const e of partial.filter(counts)) this.counted.set(e.address, this.conditions.get(e.address)!);
    // An output or local exists where what it reads does: the SSM host's outputs with the host.
    for (const e of partial.filter((x) => !counts(x))) {
      const c = namedCondition(this.input.switches, new Set(e.present), this.envs, e.ref, this.referencedConditions(e.nodes.map((n) => n.value)));
      this.conditions.set(e.address, c ?? [this.genericSwitch(e.present)]);
    }
    for (const e of partial) for (const s of this.conditions.get(e.address)!) this.use(s).elements.push(e.address);
  }

  private mergeElement(e: Element): unknown {
    const within = e.nodes.filter((n) => n.value !== undefined);
    const condition = this.conditions.get(e.address);
    const ctx: Ctx = { element: e.ref, address: e.address };
    if (e.section === 'resource' || e.section === 'data') {
      const body = this.mergeBody(within, this.blocksOf(e.ref), ctx) as Record<string, unknown>;
      if (!condition) return body;
      if (within.some((n) => n.value.count !== undefined || n.value.for_each !== undefined)) throw new CannotUnify(`${e.address} has count or for_each of its own and exists in ${e.present.join(', ')} only`);
      return { count: `\${${conditionText(condition)} ? 1 : 0}`, ...body };
    }
    if (e.section === 'output') {
      const body = this.mergeBody(within, {}, ctx) as Record<string, unknown>;
      return condition ? { ...body, value: `\${${conditionText(condition)} ? ${expression(body.value)} : null}` } : body;
    }
    const value = this.mergeValue(within, ctx);
    return condition ? `\${${conditionText(condition)} ? ${expression(value)} : null}` : value;
  }

  /** A resource's (or a block's) arguments and nested blocks, merged over the environments that have it. */
  private mergeBody(nodes: Node[], blocks: BlockTree, ctx: Ctx): Record<string, unknown> {
    const keys = [...new Set(nodes.flatMap((n) => Object.keys(n.value)))];
    const out: Record<string, any> = {};
    for (const key of keys) {
      const values: Node[] = nodes.map((n) => ({ env: n.env, value: n.value[key] }));
      const have = values.filter((v) => v.value !== undefined);
      const at = { ...ctx, address: `${ctx.address}.${key}` };
      if (key === '//') out[key] = have[0].value;
      else if (ADDRESS_LISTS.has(key)) out[key] = [...new Set(have.flatMap((v) => v.value as unknown[]))];
      else if (key in blocks && have.every((v) => isBlockValue(v.value))) {
        if (have.length === nodes.length) out[key] = this.mergeBlocks(have, blocks[key], at);
        else {
          const content = have.map((v) => ({ env: v.env, value: Array.isArray(v.value) ? (v.value.length === 1 ? v.value[0] : undefined) : v.value }));
          if (content.some((c) => c.value === undefined)) throw new CannotUnify(`${at.address}: several such blocks in ${have.map((v) => v.env).join(', ')} and none elsewhere`);
          const condition = this.condition(new Set(content.map((c) => c.env)), nodes.map((n) => n.env), at, content[0].value);
          out.dynamic = { ...(out.dynamic ?? {}), [key]: { for_each: `\${${conditionText(condition)} ? [1] : []}`, content: this.mergeBody(content, blocks[key], at) } };
        }
      } else out[key] = this.mergeValue(values, at);
    }
    return out;
  }

  private mergeBlocks(have: Node[], blocks: BlockTree, ctx: Ctx): unknown {
    const [first, ...rest] = have.map((v) => v.value);
    if (rest.every((v) => JSON.stringify(v) === JSON.stringify(first))) return first;
    if (have.every((v) => !Array.isArray(v.value))) return this.mergeBody(have, blocks, ctx);
    if (have.every((v) => Array.isArray(v.value) && v.value.length === first.length)) {
      return (first as unknown[]).map((_, i) => this.mergeBody(have.map((v) => ({ env: v.env, value: v.value[i] })), blocks, { ...ctx, address: `${ctx.address}[${i}]` }));
    }
    throw new CannotUnify(`${ctx.address}: the number of blocks differs between ${have.map((v) => v.env).join(', ')}`);
  }

  /** An argument's value, merged: the same everywhere, else per key, else an expression on the switches. */
  private mergeValue(values: Node[], ctx: Ctx): unknown {
    const texts = values.map((v) => JSON.stringify(v.value));
    if (values.every((v) => v.value !== undefined) && texts.every((t) => t === texts[0])) return values[0].value;
    if (values.every((v) => v.value !== undefined)) {
      const all = values.map((v) => v.value);
      if (all.every(isPlainObject)) {
        const keys = (v: object) => JSON.stringify(Object.keys(v).sort());
        if (all.every((v) => keys(v) === keys(all[0]))) {
          return Object.fromEntries(Object.keys(all[0]).map((k) => [k, this.mergeValue(values.map((v) => ({ env: v.env, value: v.value[k] })), { ...ctx, address: `${ctx.address}.${k}` })]));
        }
        const merged = this.mergedMaps(values, ctx);
        if (merged !== undefined) return merged;
      }
      if (all.every(Array.isArray)) {
        const grown = this.grownList(values, ctx);
        if (grown !== undefined) return grown;
      }
    }
    return this.conditional(values, ctx);
  }

  /** Lists where each is the start of the longest: `concat([common], <c> ? [more] : [])`. */
  private grownList(values: Node[], ctx: Ctx): string | undefined {
    const longest = values.map((v) => v.value as unknown[]).reduce((a, b) => (b.length > a.length ? b : a));
    if (!values.every((v) => JSON.stringify(v.value) === JSON.stringify(longest.slice(0, v.value.length)))) return undefined;
    const lengths = [...new Set(values.map((v) => v.value.length as number))].sort((a, b) => a - b);
    const within = values.map((v) => v.env);
    // Each further item on its own condition (the second NAT's IP on nat_per_az, the third's also on
    // the AZ count), so another combination of inputs still lists what it creates; runs of items
    // on the same condition share one.
    const runs: { condition: string; items: unknown[] }[] = [];
    for (let i = 1; i < lengths.length; i++) {
      const group = new Set(values.filter((v) => v.value.length >= lengths[i]).map((v) => v.env));
      for (const item of longest.slice(lengths[i - 1], lengths[i])) {
        const condition = conditionText(this.condition(group, within, ctx, item));
        if (runs.at(-1)?.condition === condition) runs.at(-1)!.items.push(item);
        else runs.push({ condition, items: [item] });
      }
    }
    const parts = [expression(longest.slice(0, lengths[0])), ...runs.map((r) => `${r.condition} ? ${expression(r.items)} : []`)];
    return `\${concat(${parts.join(', ')})}`;
  }

  /** Maps that agree where they share a key: `merge({common}, <c> ? {more} : {})`. */
  private mergedMaps(values: Node[], ctx: Ctx): string | undefined {
    const keys = [...new Set(values.flatMap((v) => Object.keys(v.value)))];
    const common: Record<string, unknown> = {};
    // Further keys grouped by their own condition, as grownList's items.
    const extra = new Map<string, Record<string, unknown>>();
    const within = values.map((v) => v.env);
    for (const k of keys) {
      const have = values.filter((v) => v.value[k] !== undefined);
      if (new Set(have.map((v) => JSON.stringify(v.value[k]))).size > 1) return undefined;
      if (have.length === values.length) common[k] = have[0].value[k];
      else {
        const condition = conditionText(this.condition(new Set(have.map((v) => v.env)), within, ctx, have[0].value[k]));
        extra.set(condition, { ...(extra.get(condition) ?? {}), [k]: have[0].value[k] });
      }
    }
    const parts = [...extra.entries()].map(([condition, entries]) => `${condition} ? ${expression(entries)} : {}`);
    return `\${merge(${[expression(common), ...parts].join(', ')})}`;
  }

  /** `<c1> ? v1 : <c2> ? v2 : v3`, absent as null; the groups with a named condition first. */
  private conditional(values: Node[], ctx: Ctx): string {
    const groups = new Map<string, { envs: string[]; value: unknown }>();
    for (const v of values) {
      const key = v.value === undefined ? 'absent' : JSON.stringify(v.value);
      groups.set(key, { envs: [...(groups.get(key)?.envs ?? []), v.env], value: v.value ?? null });
    }
    let left = [...groups.values()];
    let remaining = values.map((v) => v.env);
    const parts: string[] = [];
    // What references the counted elements is decided by their conditions; an absent value comes last.
    const rank = (g: { value: unknown }) => (g.value === null ? 2 : this.referencedConditions(g.value).length > 0 ? 0 : 1);
    while (left.length > 1) {
      const ordered = [...left].sort((a, b) => rank(a) - rank(b));
      let pick: { group: (typeof left)[number]; condition: Condition } | undefined;
      for (const group of ordered) {
        const c = namedCondition(this.input.switches, new Set(group.envs), remaining, ctx.element, this.referencedConditions(group.value));
        if (c) {
          pick = { group, condition: c };
          break;
        }
      }
      pick ??= { group: ordered[0], condition: [this.genericSwitch(ordered[0].envs)] };
      for (const s of pick.condition) this.use(s).values.push(ctx.address);
      parts.push(`${conditionText(pick.condition)} ? ${expression(pick.group.value)} : `);
      left = left.filter((g) => g !== pick!.group);
      remaining = remaining.filter((env) => !pick!.group.envs.includes(env));
    }
    return `\${${parts.join('')}${expression(left[0].value)}}`;
  }

  /** A condition true, among `within`, in exactly `group`: named if possible, else the environment's name. */
  private condition(group: Set<string>, within: string[], ctx: Ctx, value: unknown): Condition {
    const c = namedCondition(this.input.switches, group, within, ctx.element, this.referencedConditions(value)) ?? [this.genericSwitch([...group])];
    for (const s of c) this.use(s).values.push(ctx.address);
    return c;
  }

  private referencedConditions(value: unknown): Condition[] {
    const text = JSON.stringify(value ?? null);
    return [...this.counted.entries()].filter(([address]) => references(text, address)).map(([, c]) => c);
  }

  private genericSwitch(envs: string[]): Switch {
    const key = this.envs.filter((e) => envs.includes(e)).join(',');
    if (!this.generic.has(key)) this.generic.set(key, environmentSwitch(this.envs, envs));
    return this.generic.get(key)!;
  }

  private use(s: Switch): UsedSwitch {
    if (!this.usage.has(s)) this.usage.set(s, { switch: s, elements: [], values: [] });
    return this.usage.get(s)!;
  }

  private blocksOf(ref: ElementRef): BlockTree {
    return this.byKey.get(elementKey(ref.kind, ref.type, ref.name))?.blocks ?? {};
  }

  /** References to counted elements as `x[0].a` (the referrer exists only where x does) or `one(x[*].a)`. */
  private safeReferences(value: unknown, own: Condition): unknown {
    if (this.counted.size === 0) return value;
    const addresses = [...this.counted.keys()].sort((a, b) => b.length - a.length);
    const pattern = new RegExp(`(?<![\\w.-])(${addresses.map(escapeRegExp).join('|')})(?![\\w-])((?:\\.[A-Za-z_][\\w-]*|\\[[0-9]+\\])*)`, 'g');
    const rewrite = (sequence: string) =>
      sequence.replace(pattern, (_m, address: string, rest: string) => (implies(own, this.counted.get(address)!) ? `${address}[0]${rest}` : `one(${address}[*]${rest})`));
    const walk = (v: unknown, key?: string): unknown => {
      if (key !== undefined && ADDRESS_LISTS.has(key)) return v;
      if (typeof v === 'string') return splitTemplate(v).map((p) => (p.kind === 'sequence' ? rewrite(p.text) : p.text)).join('');
      if (Array.isArray(v)) return v.map((x) => walk(x));
      if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '//' ? x : walk(x, k)]));
      return v;
    };
    return walk(value);
  }

  /** Declarations merged: types must agree; a description or check that differs is reconciled or refused. */
  private variables(): Record<string, any> {
    const out: Record<string, any> = {};
    const names = [...new Set(this.envs.flatMap((env) => Object.keys(this.input.jsons[env].variable ?? {})))];
    for (const name of names) {
      const decls = this.envs.map((env) => this.input.jsons[env].variable?.[name]).filter((d) => d !== undefined);
      if (decls.length < this.envs.length && decls.some((d) => d.default === undefined)) throw new CannotUnify(`variable ${name} is required in some environments and absent in others`);
      const keys = [...new Set(decls.flatMap((d) => Object.keys(d)))];
      const merged: Record<string, unknown> = {};
      for (const key of keys) {
        const values = decls.map((d) => d[key]);
        if (values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]))) merged[key] = values[0];
        else if (key === 'description') merged[key] = commonDescription(values as string[]);
        else if (key === 'validation') {
          const conditions = values.map((v) => JSON.stringify((v ?? []).map((x: { condition: string }) => x.condition)));
          if (conditions.every((c) => c === conditions[0])) merged[key] = values[0];
          else if (!this.input.rootChecked.includes(name)) throw new CannotUnify(`variable ${name} is checked differently in each environment`);
          // Each root checks its own value (availability_zones: exactly its count): the module takes any.
        } else throw new CannotUnify(`variable ${name}'s ${key} differs between environments`);
      }
      out[name] = merged;
    }
    return out;
  }
}

interface Element {
  section: 'resource' | 'data' | 'output' | 'locals';
  address: string;
  ref: ElementRef;
  nodes: Node[];
  present: string[];
}

interface Ctx {
  element: ElementRef;
  /** Where in the module the value is, for the README: `aws_route.r.nat_gateway_id`. */
  address: string;
}

/** A JSON value (strings being templates) as an HCL expression, on one line. */
export function expression(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    const whole = wholeExpression(value);
    if (whole === undefined) return quotedTemplate(value);
    return hasTopLevelConditional(whole) ? `(${whole})` : whole;
  }
  if (Array.isArray(value)) return `[${value.map(expression).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== '//');
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : `"${escapeLiteral(k)}"`} = ${expression(v)}`).join(', ')} }`;
}

/** Whether an expression is a conditional at its top level (outside brackets and strings): nested, it needs parentheses. */
function hasTopLevelConditional(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === '?' && depth === 0) return true;
  }
  return false;
}

/** The shared start of descriptions that differ ("…, in subnet order; exactly 2" / "…; exactly 3"), with a note. */
function commonDescription(descriptions: string[]): string {
  let n = 0;
  while (descriptions.every((d) => d[n] !== undefined && d[n] === descriptions[0][n])) n++;
  const start = descriptions[0].slice(0, n);
  const cut = Math.max(start.lastIndexOf('; '), start.lastIndexOf('. '), start.lastIndexOf(', '));
  const shared = cut > 0 ? start.slice(0, cut) : descriptions[0];
  return `${shared}; each environment's root module checks its own value`;
}

/** The environments' sidecars as one: each element once, an element some lack placed after its predecessor. */
export function mergeSidecars(sidecars: SidecarElement[][]): SidecarElement[] {
  const out: SidecarElement[] = [];
  const index = new Map<string, number>();
  const keyOf = (e: SidecarElement) => elementKey(e.kind, e.type, e.name);
  for (const list of sidecars) {
    let after = -1;
    for (const e of list) {
      const key = keyOf(e);
      const at = index.get(key);
      if (at !== undefined) {
        out[at] = { ...out[at], blocks: mergeTrees([out[at].blocks, e.blocks]) };
        after = at;
        continue;
      }
      out.splice(after + 1, 0, e);
      after += 1;
      index.clear();
      out.forEach((x, i) => index.set(keyOf(x), i));
    }
  }
  return out;
}

/** Whether JSON text (or a value) references an address as a traversal. */
function references(value: unknown, address: string): boolean {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return new RegExp(`(?<![\\w.-])${escapeRegExp(address)}(?![\\w-])`).test(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Sections in the order Terraform JSON conventionally has them. */
function orderSections(json: TfJson & Record<string, any>): TfJson & Record<string, any> {
  const order = ['//', 'terraform', 'import', 'locals', 'variable', 'data', 'resource', 'output'];
  return Object.fromEntries(order.filter((k) => json[k] !== undefined).map((k) => [k, json[k]])) as TfJson & Record<string, any>;
}
