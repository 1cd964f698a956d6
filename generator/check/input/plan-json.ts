/**
 * A saved plan as `terraform show -json` prints it, turned into the expanded documents the model
 * reads: every resource instance Terraform planned (modules, count and for_each already expanded)
 * with its planned values, and, where a value is only known after apply (ids, ARNs), the references
 * its configuration expression makes, resolved through module outputs and inputs to the instances
 * they name. Sensitive values are replaced by the variable they come from, never copied.
 *
 * A plan gives references, not expressions: an argument that refers to `x[count.index]` is read as
 * the instance of x with the same index, and text around a reference (`"${arn}:live"`) is lost.
 */
import type { TfDocument } from '../eval/expand';
import { badPath } from '../load';

type Json = Record<string, any>;

interface ConfigModule {
  resources?: Json[];
  module_calls?: Record<string, { source?: string; expressions?: Json; module?: ConfigModule; count_expression?: Json; for_each_expression?: Json }>;
  outputs?: Record<string, { expression?: Json; sensitive?: boolean }>;
  variables?: Record<string, { sensitive?: boolean; default?: unknown }>;
}

interface PlannedModule {
  address?: string;
  resources?: Json[];
  child_modules?: PlannedModule[];
}

export function planDocuments(file: string, plan: Json): TfDocument[] {
  if (!plan.planned_values || !plan.configuration) {
    throw badPath(file, 'is not plan JSON: it has no planned_values/configuration (make it with terraform plan -out plan.bin, then terraform show -json plan.bin > plan.json)');
  }
  return new PlanReader(file, plan).documents();
}

class PlanReader {
  /** Every planned instance address, by its configuration address ("module.vpc.aws_subnet.a" → its instances). */
  private readonly instances = new Map<string, string[]>();
  private readonly changes = new Map<string, Json>();
  private readonly planned: { module: string; resource: Json }[] = [];

  constructor(
    private readonly file: string,
    private readonly plan: Json,
  ) {
    const visit = (m: PlannedModule | undefined, fallback: string) => {
      for (const r of m?.resources ?? []) this.addInstance(m?.address ?? fallback, r);
      for (const child of m?.child_modules ?? []) visit(child, child.address ?? '');
    };
    visit(plan.planned_values?.root_module, '');
    // Data sources read during the plan live in the prior state.
    const seen = new Set(this.planned.map((p) => p.resource.address));
    const prior = (m: PlannedModule | undefined, fallback: string) => {
      for (const r of m?.resources ?? []) if (r.mode === 'data' && !seen.has(r.address)) this.addInstance(m?.address ?? fallback, r);
      for (const child of m?.child_modules ?? []) prior(child, child.address ?? '');
    };
    prior(plan.prior_state?.values?.root_module, '');
    for (const c of plan.resource_changes ?? []) this.changes.set(c.address, c.change ?? {});
  }

  private addInstance(module: string, r: Json): void {
    this.planned.push({ module, resource: r });
    const configAddress = String(r.address).replace(/\[[^\]]*\]$/, '');
    this.instances.set(configAddress, [...(this.instances.get(configAddress) ?? []), r.address]);
  }

  documents(): TfDocument[] {
    const byModule = new Map<string, Json>();
    const doc = (module: string) => {
      let d = byModule.get(module);
      if (!d) byModule.set(module, (d = {}));
      return d;
    };
    for (const { module, resource: r } of this.planned) {
      const config = this.configResource(module, r);
      const change = this.changes.get(r.address) ?? {};
      const key = r.index === undefined ? '' : typeof r.index === 'number' ? `[${r.index}]` : `[${JSON.stringify(r.index)}]`;
      const body = this.merge(r.values ?? {}, change.after_unknown ?? {}, r.sensitive_values ?? change.after_sensitive ?? {}, config?.expressions ?? {}, module, key) as Json;
      // Plans carry user data as its SHA-1 only: the script is what the configuration wrote, or unknown.
      if (typeof body.user_data === 'string' && /^[0-9a-f]{40}$/.test(body.user_data)) {
        const written = config?.expressions?.user_data;
        body.user_data = typeof written?.constant_value === 'string' ? written.constant_value.replace(/\$\{/g, () => '$${') : `\${sha1_of_user_data(${r.address})}`;
      }
      const deps = (config?.depends_on ?? []).flatMap((d: string) => this.absolute(d, module, key));
      if (deps.length > 0) body.depends_on = deps;
      const section = (doc(module)[r.mode === 'data' ? 'data' : 'resource'] ??= {});
      (section[r.type] ??= {})[`${r.name}${key}`] = body;
    }
    const root = doc('');
    const region = this.plan.configuration?.provider_config?.aws?.expressions?.region?.constant_value ?? this.plan.variables?.region?.value;
    if (typeof region === 'string') root.provider = { aws: [{ region }] };
    const variables = this.plan.configuration?.root_module?.variables ?? {};
    // The values the plan was made with; a sensitive one is never copied.
    root.variable = Object.fromEntries(
      Object.entries(variables).map(([name, v]: [string, any]) => [name, v?.sensitive === true ? { sensitive: true } : { default: this.plan.variables?.[name]?.value ?? null }]),
    );
    return [...byModule].map(([module, json]) => ({ file: this.file, json, ...(module ? { module } : {}) }));
  }

  /** The configuration block of a planned resource, found through the module calls of its module. */
  private configResource(module: string, r: Json): Json | undefined {
    const mod = this.configModule(module);
    const local = `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
    return mod?.resources?.find((c: Json) => c.address === local);
  }

  private configModule(module: string): ConfigModule | undefined {
    let mod: ConfigModule | undefined = this.plan.configuration?.root_module;
    for (const [, name] of module.matchAll(/module\.([\w-]+)(?:\[[^\]]*\])?/g)) mod = mod?.module_calls?.[name]?.module;
    return mod;
  }

  /**
   * Planned values where known; where Terraform knows them only after apply, the references of the
   * configuration expression; sensitive values replaced by their references.
   */
  private merge(values: unknown, unknown: unknown, sensitive: unknown, expr: unknown, module: string, key: string): unknown {
    const refs = isExpression(expr) ? this.refsOf(expr, module, key) : undefined;
    // A configuration written in JSON syntax shows its templates as "constant" strings: the expression itself,
    // usable as written where its references need no instance key or module prefix.
    const written = isExpression(expr) && !module && !key && hasTemplate(expr.constant_value) ? expr.constant_value : undefined;
    if (unknown === true || sensitive === true) {
      if (written !== undefined && sensitive !== true) return written;
      return refs === undefined || refs.length === 0 ? undefined : refs.length === 1 ? refs[0] : refs;
    }
    // A known value that came from another resource (its name, an id the provider knows): the reference is
    // the wiring the rules follow (a profile's role, the function an environment names), so it wins.
    const wired = refs?.filter((r) => !/^\$\{(module\.[^}]*\.)?data\./.test(r)) ?? [];
    if (typeof values === 'string' && wired.length > 0) return written ?? (wired.length === 1 ? wired[0] : wired.join(' '));
    if (Array.isArray(values)) {
      const exprs = Array.isArray(expr) ? expr : [];
      if (refs && Array.isArray(unknown) && unknown.length > 0 && unknown.every((u) => u === true)) return refs;
      return values.map((v, i) => this.merge(v, Array.isArray(unknown) ? unknown[i] : undefined, Array.isArray(sensitive) ? sensitive[i] : undefined, exprs[i] ?? exprs[0], module, key));
    }
    if (values !== null && typeof values === 'object') {
      // A map written as one expression (environment variables): as written, where it can be used as written.
      if (written !== undefined && typeof written === 'object' && !Array.isArray(written)) return written;
      const out: Json = {};
      const u = (unknown ?? {}) as Json;
      const s = (sensitive ?? {}) as Json;
      const e = (isExpression(expr) || Array.isArray(expr) ? {} : (expr ?? {})) as Json;
      for (const k of new Set([...Object.keys(values), ...Object.keys(u)])) {
        const v = this.merge((values as Json)[k] ?? null, u[k], s[k], e[k], module, key);
        if (v !== undefined && v !== null) out[k] = v;
      }
      return out;
    }
    if (values === null && refs && refs.length > 0 && unknown !== undefined) return refs.length === 1 ? refs[0] : refs;
    return typeof values === 'string' ? values.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{') : values;
  }

  /** `${...}` strings for the resource instances an expression refers to (through outputs and inputs). */
  private refsOf(expr: Json, module: string, key: string, depth = 0): string[] {
    if (depth > 8) return [];
    const list: string[] = expr.references ?? [];
    const specific = list.filter((r) => !list.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
    const paired = list.some((r) => /^(count\.index|each\.(key|value))/.test(r));
    const out: string[] = [];
    for (const ref of specific) {
      if (ref.startsWith('var.')) {
        out.push(...this.inputRefs(module, ref.slice(4).split(/[.[]/)[0], depth));
        continue;
      }
      if (ref.startsWith('module.')) {
        out.push(...this.outputRefs(module, ref, depth));
        continue;
      }
      if (/^(local|count|each|path|terraform|self)\./.test(ref)) continue;
      const m = /^((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[\w-]+)((?:\[[^\]]*\])?)(.*)$/.exec(ref);
      if (!m) continue;
      const base = `${module ? `${module}.` : ''}${m[1]}`;
      const instances = this.instances.get(base) ?? [base];
      const pick = m[2] ? [`${base}${m[2]}`] : instances.length === 1 ? instances : paired && instances.includes(`${base}${key}`) ? [`${base}${key}`] : instances;
      for (const address of pick) out.push(`\${${address}${m[3]}}`);
    }
    return [...new Set(out)];
  }

  /** A module's variable: the references of the expression its caller passes. */
  private inputRefs(module: string, name: string, depth: number): string[] {
    if (!module) return [`\${var.${name}}`];
    const parent = module.replace(/\.?module\.[\w-]+(\[[^\]]*\])?$/, '');
    const call = /module\.([\w-]+)((?:\[[^\]]*\])?)$/.exec(module)!;
    const expr = this.configModule(parent)?.module_calls?.[call[1]]?.expressions?.[name];
    return isExpression(expr) ? this.refsOf(expr, parent, call[2], depth + 1) : [`\${${module}.var.${name}}`];
  }

  /** module.x.out: the references of the output's expression, inside that module. */
  private outputRefs(module: string, ref: string, depth: number): string[] {
    const m = /^module\.([\w-]+)((?:\[[^\]]*\])?)\.([\w-]+)/.exec(ref);
    if (!m) return [];
    const callee = `${module ? `${module}.` : ''}module.${m[1]}`;
    const expr = this.configModule(callee)?.outputs?.[m[3]]?.expression;
    if (!isExpression(expr)) return [];
    const instances = m[2] ? [`${callee}${m[2]}`] : this.moduleInstances(callee);
    return instances.flatMap((inst) => this.refsOf(expr, inst, '', depth + 1));
  }

  private moduleInstances(callee: string): string[] {
    const found = new Set<string>();
    for (const address of this.instances.keys()) {
      const m = new RegExp(`^(${callee.replace(/[.[\]"]/g, '\\$&')}(?:\\[[^\\]]*\\])?)\\.`).exec(address);
      if (m) found.add(m[1]);
    }
    return found.size > 0 ? [...found] : [callee];
  }

  /** A depends_on entry as absolute instance addresses. */
  private absolute(entry: string, module: string, key: string): string[] {
    return this.refsOf({ references: [entry] }, module, key).map((r) => r.slice(2, -1));
  }
}

function isExpression(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && ('references' in (v as Json) || 'constant_value' in (v as Json));
}

function hasTemplate(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('${');
  if (Array.isArray(v)) return v.some(hasTemplate);
  return v !== null && typeof v === 'object' && Object.values(v).some(hasTemplate);
}
