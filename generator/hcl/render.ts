/**
 * Renders a synthesized stack's Terraform JSON as HCL files a reviewer reads like hand-written code,
 * already in `terraform fmt` style (2-space indents, `=` aligned the way hclwrite aligns them), so the
 * output is the same whether or not terraform is on the machine. Pure: the JSON says what, the
 * layout (layout.ts, from the cdktf stack) says in which order, in which file, and which arguments
 * are nested blocks (JSON cannot tell a block from a map).
 */
import { heredoc, IDENTIFIER, quotedLiteral, quotedTemplate, wholeExpression } from './expression';

/** Argument names that are nested blocks, each with its own nested blocks. */
export interface BlockTree {
  [name: string]: BlockTree;
}

export type ElementKind = 'terraform' | 'provider' | 'variable' | 'output' | 'locals' | 'data' | 'resource' | 'import' | 'module';

export interface LayoutElement {
  kind: ElementKind;
  /** Resource or data source type; the provider's name for a provider. */
  type?: string;
  /** Logical name (resource name, variable name...). */
  name: string;
  /** File it goes to, for example "network.tf". */
  file: string;
  blocks: BlockTree;
}

export interface HclLayout {
  /** Construct order: the order a reader meets them in each file. */
  elements: LayoutElement[];
  /** One-line purpose of each file, written as its header comment. */
  fileHeaders?: Record<string, string>;
  /** File order for listings; files not named come after, by name. */
  fileOrder?: string[];
}

/** Terraform JSON as cdktf writes it (the parts we render). */
export interface TfJson {
  terraform?: Record<string, any>;
  provider?: Record<string, any[]>;
  variable?: Record<string, any>;
  output?: Record<string, any>;
  locals?: Record<string, any>;
  data?: Record<string, Record<string, any>>;
  resource?: Record<string, Record<string, any>>;
  /** Import blocks: an existing object to take over (an adopted function). */
  import?: { to: string; id: string }[];
  /** Module calls (export's environment roots): `source` and `providers` first, then the inputs. */
  module?: Record<string, { source: string; providers?: Record<string, string> } & Record<string, unknown>>;
}

/** file name → content. */
export type HclFiles = Record<string, string>;

/** Meta-arguments: first (count, for_each, provider) or last (lifecycle, depends_on) in a block, as in the style guide. */
const META_FIRST = ['count', 'for_each', 'provider'];
const META_LAST = ['lifecycle', 'depends_on'];
/** Nested blocks every resource may have, whatever its schema. */
const META_BLOCKS: BlockTree = { lifecycle: { precondition: {}, postcondition: {} }, precondition: {}, postcondition: {} };
/** Arguments whose JSON strings are references or names, never templates. */
const REFERENCE_LISTS = new Set(['depends_on', 'ignore_changes', 'replace_triggered_by']);

/** The stack's JSON as HCL, one string per file of the layout. */
export function renderHcl(json: TfJson, layout: HclLayout): HclFiles {
  const byFile = new Map<string, string[]>();
  const add = (file: string, text: string) => byFile.set(file, [...(byFile.get(file) ?? []), text]);
  const seen = new Set<string>();
  for (const element of layout.elements) {
    const key = `${element.kind} ${element.type ?? ''} ${element.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = renderElement(json, element);
    if (text !== undefined) add(element.file, text);
  }
  const files: HclFiles = {};
  for (const file of orderFiles([...byFile.keys()], layout.fileOrder)) {
    const header = layout.fileHeaders?.[file];
    files[file] = `${header ? `${header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n')}\n\n` : ''}${byFile.get(file)!.join('\n\n')}\n`;
  }
  return files;
}

function orderFiles(files: string[], order: string[] = []): string[] {
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return [...files].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function renderElement(json: TfJson, e: LayoutElement): string | undefined {
  switch (e.kind) {
    case 'terraform':
      return json.terraform ? renderTerraformBlock(json.terraform) : undefined;
    case 'provider': {
      const configs = json.provider?.[e.name] ?? [];
      return configs.map((body) => printBlock(`provider ${quotedLiteral(e.name)}`, body, e.blocks)).join('\n\n') || undefined;
    }
    case 'variable':
      return json.variable?.[e.name] ? printBlock(`variable ${quotedLiteral(e.name)}`, json.variable[e.name], e.blocks, 'variable') : undefined;
    case 'output':
      return json.output?.[e.name] ? printBlock(`output ${quotedLiteral(e.name)}`, json.output[e.name], e.blocks, 'output') : undefined;
    case 'locals':
      return json.locals && e.name in json.locals ? printBlock('locals', { [e.name]: json.locals[e.name] }, {}) : undefined;
    case 'import': {
      const found = json.import?.find((i) => i.to === e.name);
      return found ? `import {\n  to = ${found.to}\n  id = ${quotedLiteral(found.id)}\n}` : undefined;
    }
    case 'module': {
      const call = json.module?.[e.name];
      return call ? renderModuleCall(e.name, call) : undefined;
    }
    case 'data':
    case 'resource': {
      const body = (e.kind === 'data' ? json.data : json.resource)?.[e.type!]?.[e.name];
      return body ? printBlock(`${e.kind} ${quotedLiteral(e.type!)} ${quotedLiteral(e.name)}`, body, { ...META_BLOCKS, ...e.blocks }) : undefined;
    }
  }
}

/** required_providers entries are objects (attributes); backend is a labelled block. */
function renderTerraformBlock(terraform: Record<string, any>): string {
  const lines: Line[] = [{ indent: 0, text: 'terraform {' }];
  const { required_providers: providers, backend, ...rest } = terraform;
  attributes(lines, 1, rest, {});
  if (providers) {
    if (lines.length > 1) lines.push(BLANK);
    lines.push({ indent: 1, text: 'required_providers {' });
    for (const [name, req] of Object.entries(providers as Record<string, Record<string, unknown>>)) {
      const { configuration_aliases: aliases, ...rest } = req;
      if (aliases === undefined) {
        attribute(lines, 2, name, req, 'literal');
        continue;
      }
      // A module's aliased provider configurations are references (aws.consumer), never strings.
      lines.push({ indent: 2, text: `${name} = {` });
      for (const [k, v] of Object.entries(rest)) attribute(lines, 3, k, v, 'literal');
      attribute(lines, 3, 'configuration_aliases', aliases, 'reference');
      lines.push({ indent: 2, text: '}' });
    }
    lines.push({ indent: 1, text: '}' });
  }
  for (const [type, config] of Object.entries((backend ?? {}) as Record<string, Record<string, unknown>>)) {
    lines.push(BLANK, { indent: 1, text: `backend ${quotedLiteral(type)} {` });
    for (const [k, v] of Object.entries(config)) attribute(lines, 2, k, v, 'literal');
    lines.push({ indent: 1, text: '}' });
  }
  lines.push({ indent: 0, text: '}' });
  return print(lines);
}

/**
 * `source` is a literal; `providers` maps provider addresses (`aws.consumer`), which are traversals
 * and cannot be quoted keys; the inputs are expressions like any argument.
 */
function renderModuleCall(name: string, call: NonNullable<TfJson['module']>[string]): string {
  const { source, providers, ...inputs } = call;
  const lines: Line[] = [{ indent: 0, text: `module ${quotedLiteral(name)} {` }];
  attribute(lines, 1, 'source', source, 'literal');
  if (providers) {
    lines.push({ indent: 1, text: 'providers = {' });
    for (const [inModule, here] of Object.entries(providers)) lines.push({ indent: 2, key: inModule, text: here });
    lines.push({ indent: 1, text: '}' });
  }
  if (Object.keys(inputs).length > 0) lines.push(BLANK);
  attributes(lines, 1, inputs, {});
  lines.push({ indent: 0, text: '}' });
  return print(lines);
}

// --- lines and alignment ------------------------------------------------------------------------

/**
 * One line of output. `key` makes it an assignment that terraform fmt aligns with its neighbours:
 * hclwrite aligns the `=` of consecutive assignment lines whose value does not open a bracket, and a
 * heredoc counts as part of its line.
 */
interface Line {
  indent: number;
  key?: string;
  text: string;
}

const BLANK: Line = { indent: 0, text: '' };

function print(lines: Line[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].key === undefined) {
      const l = lines[i++];
      out.push(l.text ? '  '.repeat(l.indent) + l.text : '');
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].key !== undefined) j++;
    const width = Math.max(...lines.slice(i, j).map((l) => l.key!.length));
    for (const l of lines.slice(i, j)) out.push(`${'  '.repeat(l.indent)}${l.key!.padEnd(width)} = ${l.text}`);
    i = j;
  }
  return out.join('\n');
}

type Mode = 'template' | 'literal' | 'reference';

function printBlock(header: string, body: Record<string, any>, blocks: BlockTree, flavour?: 'variable' | 'output'): string {
  const lines: Line[] = [{ indent: 0, text: `${header} {` }];
  blockBody(lines, 1, body, blocks, flavour);
  lines.push({ indent: 0, text: '}' });
  return print(lines);
}

function blockBody(lines: Line[], indent: number, body: Record<string, any>, blocks: BlockTree, flavour?: 'variable' | 'output'): void {
  const keys = Object.keys(body).filter((k) => k !== '//' && body[k] !== undefined);
  // Tags last among the arguments, as most hand-written modules have them.
  const middle = keys.filter((k) => !META_FIRST.includes(k) && !META_LAST.includes(k));
  const orderedKeys = flavour
    ? orderFor(flavour, keys)
    : [...META_FIRST.filter((k) => keys.includes(k)), ...middle.filter((k) => k !== 'tags'), ...middle.filter((k) => k === 'tags')];
  // `dynamic` (export's union module: a block some environments lack) holds labelled blocks, never an argument.
  const attrs = orderedKeys.filter((k) => k !== 'dynamic' && (!(k in blocks) || !isBlockValue(body[k])));
  const nested = orderedKeys.filter((k) => !attrs.includes(k) && k !== 'dynamic');
  const start = lines.length;
  const plain: Record<string, unknown> = {};
  for (const k of attrs) plain[k] = body[k];
  // Outputs always say whether they are sensitive in cdktf's JSON; false is Terraform's default.
  if (flavour === 'output' && plain.sensitive === false) delete plain.sensitive;
  attributes(lines, indent, plain, blocks, flavour);
  const tail = flavour ? [] : META_LAST.filter((k) => keys.includes(k));
  for (const k of [...nested, ...tail.filter((k) => k === 'lifecycle')]) {
    for (const item of Array.isArray(body[k]) ? body[k] : [body[k]]) {
      if (lines.length > start) lines.push(BLANK);
      lines.push({ indent, text: `${k} {` });
      blockBody(lines, indent + 1, item, blocks[k] ?? {});
      lines.push({ indent, text: '}' });
    }
  }
  for (const [name, { for_each: forEach, content }] of Object.entries<{ for_each: string; content: Record<string, unknown> }>(flavour ? {} : (body.dynamic ?? {}))) {
    if (lines.length > start) lines.push(BLANK);
    lines.push({ indent, text: `dynamic ${quotedLiteral(name)} {` });
    attribute(lines, indent + 1, 'for_each', forEach, 'template');
    lines.push(BLANK, { indent: indent + 1, text: 'content {' });
    blockBody(lines, indent + 2, content, blocks[name] ?? {});
    lines.push({ indent: indent + 1, text: '}' }, { indent, text: '}' });
  }
  if (tail.includes('depends_on')) {
    if (lines.length > start) lines.push(BLANK);
    attribute(lines, indent, 'depends_on', body.depends_on, 'reference');
  }
}

export function isPlainObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An object, or a list of objects: what a nested block's value looks like in Terraform JSON. */
export function isBlockValue(v: unknown): boolean {
  return isPlainObject(v) || (Array.isArray(v) && v.every(isPlainObject));
}

/** Variables and outputs read best as description, type, default / value, then the rest. */
function orderFor(flavour: 'variable' | 'output', keys: string[]): string[] {
  const first = flavour === 'variable' ? ['description', 'type', 'default', 'nullable', 'sensitive'] : ['description', 'value', 'sensitive'];
  return [...first.filter((k) => keys.includes(k)), ...keys.filter((k) => !first.includes(k))];
}

function attributes(lines: Line[], indent: number, attrs: Record<string, unknown>, blocks: BlockTree, flavour?: 'variable' | 'output'): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (k in blocks && isBlockValue(v)) continue;
    let mode: Mode = 'template';
    if (REFERENCE_LISTS.has(k) || k === 'provider') mode = 'reference';
    // A variable's default and description are literal values in JSON, and static in HCL.
    if (flavour === 'variable' && (k === 'default' || k === 'description')) mode = 'literal';
    if (flavour === 'variable' && k === 'type') {
      lines.push({ indent, key: k, text: String(v) });
      continue;
    }
    attribute(lines, indent, k, v, mode);
  }
}

/** `key = value`, the value inline when it fits on a line, else opened over several lines. */
function attribute(lines: Line[], indent: number, key: string, value: unknown, mode: Mode): void {
  // A quoted key is a template too: in a literal value (a variable default) it must stay literal.
  const k = IDENTIFIER.test(key) ? key : mode === 'literal' ? quotedLiteral(key) : quotedTemplate(key);
  if (typeof value === 'string' && mode === 'template') {
    const doc = wholeExpression(value) === undefined ? heredoc(value) : undefined;
    if (doc) {
      lines.push({ indent, key: k, text: doc });
      return;
    }
  }
  const one = inline(value, mode);
  if (one !== undefined) {
    lines.push({ indent, key: k, text: one });
    return;
  }
  if (Array.isArray(value)) {
    lines.push({ indent, text: `${k} = [` });
    listItems(lines, indent + 1, value, mode);
    lines.push({ indent, text: ']' });
  } else {
    lines.push({ indent, text: `${k} = {` });
    for (const [ik, iv] of Object.entries(value as Record<string, unknown>)) attribute(lines, indent + 1, ik, iv, mode);
    lines.push({ indent, text: '}' });
  }
}

function listItems(lines: Line[], indent: number, items: unknown[], mode: Mode): void {
  for (const item of items) {
    const one = inline(item, mode);
    if (one !== undefined) lines.push({ indent, text: `${one},` });
    else if (Array.isArray(item)) {
      lines.push({ indent, text: '[' });
      listItems(lines, indent + 1, item, mode);
      lines.push({ indent, text: '],' });
    } else {
      lines.push({ indent, text: '{' });
      for (const [ik, iv] of Object.entries(item as Record<string, unknown>)) attribute(lines, indent + 1, ik, iv, mode);
      lines.push({ indent, text: '},' });
    }
  }
}

/** Lists of scalars up to this width stay on one line. */
const INLINE_LIST_WIDTH = 80;

/** The value on one line, or undefined when it needs several (non-empty objects, long lists). */
function inline(value: unknown, mode: Mode): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return scalar(value, mode);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => (v !== null && typeof v === 'object' ? undefined : inline(v, mode)));
    if (items.some((i) => i === undefined)) return undefined;
    const text = `[${items.join(', ')}]`;
    return text.length <= INLINE_LIST_WIDTH ? text : undefined;
  }
  if (typeof value === 'object' && Object.keys(value as object).length === 0) return '{}';
  return undefined;
}

function scalar(value: string, mode: Mode): string {
  if (mode === 'reference') return value.replace(/^\$\{(.*)\}$/s, '$1');
  if (mode === 'literal') return quotedLiteral(value);
  return wholeExpression(value) ?? quotedTemplate(value);
}
