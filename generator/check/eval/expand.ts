/**
 * Expands a configuration (a root module, the local modules it calls, tfvars) into the flat
 * Terraform-JSON documents the model reads: variables, locals and module inputs evaluated, `count`
 * and `for_each` over known values turned into instances (`aws_subnet.private[0]`,
 * `module.vpc.aws_subnet.private["a"]`), `dynamic` blocks into blocks, references made absolute.
 * What cannot be known stays an expression, and a resource whose instances cannot be known stays
 * one resource that keeps its `count`/`for_each`, so the rules can say so.
 */
import * as path from 'node:path';
import { Evaluator, type Scope } from './evaluate';
import { hclText, isObject, Ref, toJson, Unknown, type Value, type ValueObject } from './values';

export type Body = Record<string, unknown>;

/** One file's Terraform JSON, as parsed (HCL arrives in the same shape through hcl2json). */
export interface SourceFile {
  file: string;
  json: Record<string, unknown>;
}

/** A module directory and the module calls it makes. */
export interface ModuleDir {
  dir: string;
  files: SourceFile[];
  /** Module call name → the directory read for it, or why it was not read (a registry or git source). */
  calls: Map<string, ModuleDir | { source: string; reason: string }>;
}

/** What is expanded: the root module and the values given to its variables (tfvars). */
export interface Configuration {
  root: ModuleDir;
  values: Record<string, unknown>;
  /** Reads a file for file()/templatefile() (the loader's one read function, confined to the configuration). */
  readFile?: (absolute: string) => string | undefined;
}

/** Expanded Terraform JSON: a document of one module instance ("module.vpc", "" for the root). */
export interface TfDocument {
  file: string;
  json: Record<string, unknown>;
  /** Address prefix of everything in it ("module.vpc", "module.app[\"a\"]"); absent for the root. */
  module?: string;
}

/** A module call not read: named in a WARN that says how to check it. */
export interface UnreadModule {
  address: string;
  source: string;
  reason: string;
}

export interface Expansion {
  documents: TfDocument[];
  unreadModules: UnreadModule[];
}

const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', 'dynamic', '//']);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on', '//']);

interface Declaration {
  kind: 'resource' | 'data';
  type: string;
  name: string;
  body: Body;
  file: string;
}

/** Instance keys: undefined = a single instance; null = not known statically. */
type Keys = (number | string)[] | undefined | null;

interface Instance {
  address: string;
  decl: Declaration;
  scope: InstanceScope;
}

/** Expands a configuration; the same call for JSON, HCL and anything a transform added. */
export function expandConfiguration(config: Configuration): Expansion {
  const registry = new Map<string, Instance>();
  const out: Expansion = { documents: [], unreadModules: [] };
  const root = new ModuleInstance(config.root, '', (name) => (name in config.values ? new Evaluator(emptyScope).json(config.values[name]) : undefined), registry, config, out, config.root.dir);
  root.emit();
  return out;
}

const emptyScope: Scope = {
  variable: (n) => new Unknown(`var.${n}`),
  local: (n) => new Unknown(`local.${n}`),
  resource: (t, n) => new Unknown(`${t}.${n}`),
  module: (n) => new Unknown(`module.${n}`),
  attribute: () => undefined,
  special: () => undefined,
  readFile: () => undefined,
};

class ModuleInstance implements Scope {
  private readonly variables = new Map<string, Body>();
  private readonly locals = new Map<string, { raw: unknown; file: string }>();
  private readonly decls = new Map<string, Declaration>();
  private readonly calls = new Map<string, Body>();
  private readonly providers: { file: string; json: unknown }[] = [];
  private readonly localValues = new Map<string, Value>();
  private readonly evaluating = new Set<string>();
  private readonly keys = new Map<string, Keys>();
  private readonly children = new Map<string, ModuleInstance | null>();
  readonly ev: Evaluator;

  constructor(
    readonly dir: ModuleDir,
    /** "" for the root, else "module.a." / "module.a[0].module.b.". */
    readonly prefix: string,
    private readonly input: (name: string) => Value | undefined,
    private readonly registry: Map<string, Instance>,
    private readonly config: Configuration,
    private readonly out: Expansion,
    private readonly rootDir: string,
  ) {
    this.ev = new Evaluator(this);
    for (const { file, json } of dir.files) {
      for (const part of objects(json.variable)) for (const [k, v] of Object.entries(part)) this.variables.set(k, (objects(v)[0] ?? {}) as Body);
      for (const part of objects(json.locals)) for (const [k, v] of Object.entries(part)) if (k !== '//') this.locals.set(k, { raw: v, file });
      for (const [kind, section] of [
        ['resource', json.resource],
        ['data', json.data],
      ] as const) {
        for (const part of objects(section)) {
          for (const [type, names] of Object.entries(part)) {
            if (type === '//') continue;
            for (const byName of objects(names)) {
              for (const [name, body] of Object.entries(byName)) {
                const key = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
                this.decls.set(key, { kind, type, name, body: (objects(body)[0] ?? {}) as Body, file });
              }
            }
          }
        }
      }
      for (const part of objects(json.module)) for (const [name, body] of Object.entries(part)) this.calls.set(name, (objects(body)[0] ?? {}) as Body);
      if (json.provider !== undefined) this.providers.push({ file, json: json.provider });
    }
  }

  // ---- Scope ----------------------------------------------------------------------------------

  variable(name: string): Value {
    const decl = this.variables.get(name);
    const marker = new Unknown(`${this.prefix}var.${name}`);
    // A secret's value never matters to a path, and keeping the name lets the secrets rule see it.
    if (decl && (decl.sensitive === true || decl.sensitive === 'true')) return marker;
    const given = this.input(name);
    if (given !== undefined) return given;
    if (decl && 'default' in decl) return this.ev.json(decl.default);
    return marker;
  }

  local(name: string): Value {
    const known = this.localValues.get(name);
    if (known !== undefined) return known;
    const entry = this.locals.get(name);
    if (!entry || this.evaluating.has(name)) return new Unknown(`${this.prefix}local.${name}`);
    this.evaluating.add(name);
    const v = this.ev.json(entry.raw);
    this.evaluating.delete(name);
    this.localValues.set(name, v);
    return v;
  }

  resource(type: string, name: string): Value {
    const key = `${type}.${name}`;
    const base = `${this.prefix}${key}`;
    const decl = this.decls.get(key);
    if (!decl) return new Ref(base, '');
    const keys = this.instanceKeys(key);
    if (keys === undefined || keys === null) return new Ref(base, '');
    if (decl.body.for_each !== undefined) return Object.fromEntries(keys.map((k) => [String(k), new Ref(instanceAddress(base, k), '')])) as ValueObject;
    return keys.map((k) => new Ref(instanceAddress(base, k), ''));
  }

  module(name: string): Value {
    const body = this.calls.get(name);
    if (!body) return new Unknown(`module.${name}`);
    const child = this.dir.calls.get(name);
    if (!child || !('files' in child)) return new Unknown(`${this.prefix}module.${name}`);
    const keys = this.moduleKeys(name);
    if (keys === null) return new Unknown(`${this.prefix}module.${name}`);
    const outputs = (k: number | string | undefined) => this.childInstance(name, k)?.outputs() ?? new Unknown(`${this.prefix}module.${name}`);
    if (keys === undefined) return outputs(undefined);
    if (body.for_each !== undefined) return Object.fromEntries(keys.map((k) => [String(k), outputs(k)])) as ValueObject;
    return keys.map((k) => outputs(k));
  }

  attribute(address: string, name: string): Value | undefined {
    const inst = this.registry.get(address);
    if (!inst || META.has(name)) return undefined;
    const raw = inst.decl.body[name];
    return raw === undefined ? undefined : inst.scope.ev.json(raw);
  }

  special(root: string, attr: string): Value | undefined {
    if (root === 'path') {
      if (attr === 'module') return this.dir.dir;
      if (attr === 'root') return this.rootDir;
      if (attr === 'cwd') return process.cwd();
    }
    if (root === 'terraform' && attr === 'workspace') return 'default';
    return undefined;
  }

  readFile(file: string): string | undefined {
    const abs = path.resolve(this.dir.dir, file);
    const rel = path.relative(this.rootDir, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return this.config.readFile?.(abs);
  }

  // ---- instances ------------------------------------------------------------------------------

  /** Keys of a resource's instances (count or for_each), memoized. */
  private instanceKeys(key: string): Keys {
    if (this.keys.has(key)) return this.keys.get(key);
    const decl = this.decls.get(key)!;
    this.keys.set(key, null); // cycle guard
    const keys = this.repetition(decl.body);
    this.keys.set(key, keys);
    const base = `${this.prefix}${key}`;
    for (const k of keys ?? [undefined]) {
      const address = k === undefined ? base : instanceAddress(base, k);
      this.registry.set(address, { address, decl, scope: new InstanceScope(this, k, decl.body.for_each !== undefined ? this.eachValue(decl.body, k) : undefined) });
    }
    return keys;
  }

  private repetition(body: Body): Keys {
    if (body.count !== undefined) {
      const n = this.ev.concrete(this.ev.json(body.count));
      const count = typeof n === 'number' ? n : typeof n === 'string' && /^\d+$/.test(n) ? Number(n) : undefined;
      if (count === undefined || count < 0 || count > 10_000) return null;
      return Array.from({ length: count }, (_, i) => i);
    }
    if (body.for_each !== undefined) {
      const v = this.ev.concrete(this.ev.json(body.for_each));
      if (Array.isArray(v)) {
        const keys = v.map((x) => (typeof x === 'string' ? x : undefined));
        return keys.every((k): k is string => k !== undefined) ? [...new Set(keys)].sort() : null;
      }
      if (isObject(v)) return Object.keys(v).sort();
      return null;
    }
    return undefined;
  }

  private eachValue(body: Body, key: number | string | undefined): Value | undefined {
    if (key === undefined) return undefined;
    const v = this.ev.concrete(this.ev.json(body.for_each));
    return isObject(v) ? v[String(key)] : key;
  }

  private moduleKeys(name: string): Keys {
    const body = this.calls.get(name)!;
    return this.repetition(body);
  }

  private childInstance(name: string, key: number | string | undefined): ModuleInstance | null {
    const id = `${name}${key === undefined ? '' : `[${JSON.stringify(key)}]`}`;
    if (this.children.has(id)) return this.children.get(id)!;
    const dir = this.dir.calls.get(name);
    const body = this.calls.get(name)!;
    if (!dir || !('files' in dir)) {
      this.children.set(id, null);
      return null;
    }
    const each = body.for_each !== undefined ? this.eachValue(body, key) : undefined;
    const callScope = new InstanceScope(this, key, each);
    const prefix = `${this.prefix}module.${name}${key === undefined ? '' : instanceKey(key)}.`;
    const inputs = new Map<string, Value>();
    const child = new ModuleInstance(
      dir,
      prefix,
      (v) => {
        if (!(v in body) || MODULE_META.has(v)) return undefined;
        if (!inputs.has(v)) inputs.set(v, callScope.ev.json(body[v]));
        return inputs.get(v);
      },
      this.registry,
      this.config,
      this.out,
      this.rootDir,
    );
    this.children.set(id, child);
    return child;
  }

  /** The module's outputs, evaluated lazily. */
  outputs(): ValueObject {
    const result: ValueObject = {};
    for (const { json } of this.dir.files) {
      for (const part of objects(json.output)) {
        for (const [name, raw] of Object.entries(part)) {
          const body = (objects(raw)[0] ?? {}) as Body;
          Object.defineProperty(result, name, { enumerable: true, configurable: true, get: () => this.ev.json(body.value) });
        }
      }
    }
    return result;
  }

  // ---- output ---------------------------------------------------------------------------------

  emit(): void {
    const byFile = new Map<string, Record<string, any>>();
    const doc = (file: string) => {
      let d = byFile.get(file);
      if (!d) byFile.set(file, (d = {}));
      return d;
    };
    for (const [key, decl] of this.decls) {
      const keys = this.instanceKeys(key);
      const section = (doc(decl.file)[decl.kind] ??= {});
      const byType = (section[decl.type] ??= {});
      const base = `${this.prefix}${key}`;
      for (const k of keys ?? [undefined]) {
        const address = k === undefined ? base : instanceAddress(base, k);
        const inst = this.registry.get(address)!;
        const body = inst.scope.body(decl.body);
        if (keys === null) {
          // Not expanded: keep the repetition as written, so the rules know this is one of several.
          for (const meta of ['count', 'for_each']) if (decl.body[meta] !== undefined) body[meta] = toJson(this.ev.json(decl.body[meta]));
        }
        byType[k === undefined ? decl.name : `${decl.name}${instanceKey(k)}`] = body;
      }
    }
    const first = this.dir.files[0]?.file ?? path.join(this.dir.dir, 'main.tf');
    const variables: Record<string, Body> = {};
    for (const [name, decl] of this.variables) {
      const v = this.variable(name);
      // A sensitive value is never copied; anything else is declared with the value it has here.
      const declared: Body = { ...decl };
      delete declared.default;
      variables[name] = { ...declared, ...(v instanceof Unknown ? {} : { default: toJson(v) }) };
    }
    if (Object.keys(variables).length > 0) doc(first).variable = variables;
    if (!this.prefix) {
      const locals: Record<string, unknown> = {};
      for (const name of this.locals.keys()) locals[name] = toJson(this.local(name));
      if (Object.keys(locals).length > 0) doc(first).locals = locals;
      for (const p of this.providers) (doc(p.file).provider ??= []).push(toJson(this.ev.json(p.json)));
    }
    for (const [file, json] of byFile) this.out.documents.push({ file, json, ...(this.prefix ? { module: this.prefix.slice(0, -1) } : {}) });

    for (const [name, body] of this.calls) {
      const dir = this.dir.calls.get(name);
      const source = String(body.source ?? '');
      if (!dir || !('files' in dir)) {
        this.out.unreadModules.push({ address: `${this.prefix}module.${name}`, source, reason: dir && 'reason' in dir ? dir.reason : 'not read' });
        continue;
      }
      const keys = this.moduleKeys(name);
      if (keys === null) {
        this.out.unreadModules.push({ address: `${this.prefix}module.${name}`, source, reason: `its count/for_each (${hclText(this.ev.json(body.count ?? body.for_each))}) is not known statically` });
        continue;
      }
      for (const k of keys ?? [undefined]) this.childInstance(name, k)?.emit();
    }
  }
}

/** A resource instance (or module call): count.index, each.key and each.value, and its body. */
class InstanceScope implements Scope {
  readonly ev: Evaluator;

  constructor(
    private readonly owner: ModuleInstance,
    private readonly key: number | string | undefined,
    private readonly each: Value | undefined,
  ) {
    this.ev = new Evaluator(this);
  }

  variable = (n: string) => this.owner.variable(n);
  local = (n: string) => this.owner.local(n);
  resource = (t: string, n: string) => this.owner.resource(t, n);
  module = (n: string) => this.owner.module(n);
  attribute = (a: string, n: string) => this.owner.attribute(a, n);
  readFile = (f: string) => this.owner.readFile(f);

  special(root: string, attr: string): Value | undefined {
    if (root === 'count' && attr === 'index' && typeof this.key === 'number') return this.key;
    if (root === 'each' && attr === 'key' && this.key !== undefined) return this.key;
    if (root === 'each' && attr === 'value' && this.each !== undefined) return this.each;
    return this.owner.special(root, attr);
  }

  /** The resource body evaluated for this instance: dynamic blocks expanded, depends_on made absolute. */
  body(raw: Body): Body {
    const out: Body = {};
    for (const [k, v] of Object.entries(raw)) {
      if (k === 'count' || k === 'for_each' || k === 'provisioner' || k === 'connection' || k === '//' || k === 'dynamic') continue;
      if (k === 'lifecycle' || k === 'provider') out[k] = v;
      else if (k === 'depends_on') out[k] = this.dependsOn(v);
      else out[k] = toJson(this.blocks(v));
    }
    const dynamic: ValueObject = {};
    this.dynamic(raw.dynamic, dynamic);
    for (const [k, v] of Object.entries(dynamic)) out[k] = [...objects(out[k]), ...(toJson(v) as Body[])];
    return out;
  }

  /** A value that may hold nested blocks with dynamic blocks of their own. */
  private blocks(v: unknown): Value {
    if (Array.isArray(v) && v.length > 0 && v.every(isPlainObject)) return v.map((x) => this.nested(x as Body));
    if (isPlainObject(v) && 'dynamic' in (v as Body)) return this.nested(v as Body);
    return this.ev.json(v);
  }

  private nested(b: Body): Value {
    if (!('dynamic' in b)) return this.ev.json(b);
    const out: ValueObject = {};
    for (const [k, v] of Object.entries(b)) if (k !== 'dynamic' && k !== '//') out[k] = this.blocks(v);
    this.dynamic(b.dynamic, out);
    return out;
  }

  /** Appends the blocks a `dynamic` spec generates to `out[type]`; an unknown for_each gives one block marked "//dynamic". */
  private dynamic(spec: unknown, out: ValueObject): void {
    for (const part of objects(spec)) {
      for (const [blockType, defs] of Object.entries(part)) {
        for (const def of objects(defs)) {
          const iterator = /^\$\{\s*([A-Za-z_][\w-]*)\s*\}$/.exec(String(def.iterator ?? ''))?.[1] ?? (typeof def.iterator === 'string' ? def.iterator : blockType);
          const content = (objects(def.content)[0] ?? {}) as Body;
          const coll = this.ev.concrete(this.ev.json(def.for_each));
          const entries = this.ev.entries(coll);
          const existing = out[blockType];
          const list: Value[] = Array.isArray(existing) ? existing : existing === undefined ? [] : [existing];
          out[blockType] = list;
          if (!entries) {
            const it: ValueObject = { key: new Unknown(`${iterator}.key`), value: new Unknown(`${iterator}.value`) };
            const block = this.ev.withIterators({ [iterator]: it }, () => this.nested(content));
            list.push({ ...(isObject(block) ? block : {}), '//dynamic': `for_each = ${hclText(coll)}` });
            continue;
          }
          for (const [key, value] of entries) list.push(this.ev.withIterators({ [iterator]: { key, value } }, () => this.nested(content)));
        }
      }
    }
  }

  private dependsOn(v: unknown): string[] {
    const out: string[] = [];
    for (const entry of Array.isArray(v) ? v : [v]) {
      const text = String(entry).replace(/^\$\{|\}$/g, '');
      const m = /^(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)$/.exec(text);
      if (!m) {
        if (text.startsWith('module.')) out.push(`${this.owner.prefix}${text}`);
        continue;
      }
      const target = this.resource(`${m[1] ?? ''}${m[2]}`, m[3]);
      const refs = Array.isArray(target) ? target : isObject(target) ? Object.values(target) : [target];
      for (const r of refs) if (r instanceof Ref) out.push(r.address);
    }
    return out;
  }

}

function instanceKey(k: number | string): string {
  return typeof k === 'number' ? `[${k}]` : `[${JSON.stringify(k)}]`;
}

function instanceAddress(base: string, k: number | string): string {
  return `${base}${instanceKey(k)}`;
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A nested block or section: an object, a list of objects, or absent. */
function objects(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter((v): v is Body => isPlainObject(v));
  return isPlainObject(value) ? [value as Body] : [];
}
