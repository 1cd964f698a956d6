/**
 * Terraform's built-in functions that network configurations use, evaluated on known values:
 * collections (length, element, concat, flatten, merge, lookup...), strings (format, join, split...),
 * CIDR maths (cidrsubnet, cidrhost...), encoding (jsonencode keeps symbolic values as `${...}`,
 * jsondecode), and file()/templatefile() below the configuration's directory. Any other function,
 * or an argument that is not known, gives Unknown.
 */
import { cidrSubnet } from '../../config/cidr';
import type { Evaluator } from './evaluate';
import { parseTemplate } from './syntax';
import { asString, hclText, isKnown, isObject, jsonEncode, Ref, Tmpl, Unknown, type Value, type ValueObject } from './values';

type Fn = (args: Value[], ev: Evaluator) => Value | undefined;

const str = (v: Value) => asString(v);
const num = (v: Value) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined);
const list = (v: Value) => (Array.isArray(v) ? v : undefined);
const unique = (xs: Value[]) => xs.filter((x, i) => xs.findIndex((y) => JSON.stringify(y) === JSON.stringify(x)) === i);

/** Functions whose arguments stay symbolic (they move values around without reading them). */
const STRUCTURAL = new Set(['length', 'element', 'concat', 'flatten', 'compact', 'distinct', 'slice', 'tolist', 'toset', 'tomap', 'merge', 'lookup', 'keys', 'values', 'zipmap', 'coalesce', 'coalescelist', 'jsonencode', 'templatefile', 'one', 'reverse', 'values', 'index']);

const FUNCTIONS: Record<string, Fn> = {
  length: ([v]) => (Array.isArray(v) ? v.length : isObject(v) ? Object.keys(v).length : typeof v === 'string' ? [...v].length : undefined),
  element: ([l, i]) => {
    const xs = list(l);
    const n = num(i);
    return xs && n !== undefined && xs.length > 0 ? xs[((n % xs.length) + xs.length) % xs.length] : undefined;
  },
  concat: (args) => (args.every(Array.isArray) ? (args as Value[][]).flat() : undefined),
  flatten: ([v]) => {
    const flat = (x: Value): Value[] | undefined => {
      if (!Array.isArray(x)) return [x];
      const out: Value[] = [];
      for (const e of x) {
        if (e instanceof Unknown) return undefined;
        const f = flat(e);
        if (!f) return undefined;
        out.push(...f);
      }
      return out;
    };
    return Array.isArray(v) ? flat(v) : undefined;
  },
  compact: ([v]) => (Array.isArray(v) && v.every((x) => typeof x === 'string' || x === null || x instanceof Ref || x instanceof Tmpl) ? v.filter((x) => x !== null && x !== '') : undefined),
  distinct: ([v]) => (Array.isArray(v) ? unique(v) : undefined),
  slice: ([l, a, b]) => {
    const xs = list(l);
    const [from, to] = [num(a), num(b)];
    return xs && from !== undefined && to !== undefined ? xs.slice(from, to) : undefined;
  },
  contains: ([l, v]) => (Array.isArray(l) && isKnown(l) && isKnown(v) ? l.some((x) => JSON.stringify(x) === JSON.stringify(v)) : undefined),
  index: ([l, v]) => (Array.isArray(l) && isKnown(l) && isKnown(v) ? l.findIndex((x) => JSON.stringify(x) === JSON.stringify(v)) : undefined),
  keys: ([m]) => (isObject(m) ? Object.keys(m).sort() : undefined),
  values: ([m]) => (isObject(m) ? Object.keys(m).sort().map((k) => m[k]) : undefined),
  lookup: ([m, k, d]) => {
    const key = str(k);
    if (!isObject(m) || key === undefined) return undefined;
    return key in m ? m[key] : d;
  },
  merge: (args) => (args.every((a) => isObject(a) || a === null) ? Object.assign({}, ...args.filter(isObject)) : undefined),
  zipmap: ([ks, vs]) => {
    const [k, v] = [list(ks), list(vs)];
    if (!k || !v || !k.every((x) => str(x) !== undefined)) return undefined;
    return Object.fromEntries(k.map((x, i) => [str(x)!, v[i]])) as ValueObject;
  },
  toset: ([v]) => (Array.isArray(v) ? (isKnown(v) ? unique(v).sort(compare) : unique(v)) : undefined),
  tolist: ([v]) => (Array.isArray(v) ? v : undefined),
  tomap: ([v]) => (isObject(v) ? v : undefined),
  tostring: ([v]) => (v === null ? null : str(v)),
  tonumber: ([v]) => (v === null ? null : num(v)),
  tobool: ([v]) => (typeof v === 'boolean' || v === null ? v : v === 'true' ? true : v === 'false' ? false : undefined),
  coalesce: (args) => {
    for (const a of args) {
      if (a instanceof Unknown) return undefined;
      if (a !== null && a !== '') return a;
    }
    return undefined;
  },
  coalescelist: (args) => {
    for (const a of args) {
      if (!Array.isArray(a)) return undefined;
      if (a.length > 0) return a;
    }
    return undefined;
  },
  one: ([v]) => (Array.isArray(v) && v.length <= 1 ? (v[0] ?? null) : undefined),
  reverse: ([v]) => (Array.isArray(v) ? [...v].reverse() : undefined),
  sort: ([v]) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...(v as string[])].sort() : undefined),
  range: (args) => {
    const ns = args.map(num);
    if (ns.some((n) => n === undefined)) return undefined;
    const [start, end, step] = ns.length === 1 ? [0, ns[0]!, 1] : [ns[0]!, ns[1]!, ns[2] ?? (ns[0]! <= ns[1]! ? 1 : -1)];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) if (out.push(i) > 1024) return undefined;
    return out;
  },
  min: (args) => (args.every((a) => num(a) !== undefined) ? Math.min(...args.map((a) => num(a)!)) : undefined),
  max: (args) => (args.every((a) => num(a) !== undefined) ? Math.max(...args.map((a) => num(a)!)) : undefined),
  abs: ([v]) => (num(v) === undefined ? undefined : Math.abs(num(v)!)),
  ceil: ([v]) => (num(v) === undefined ? undefined : Math.ceil(num(v)!)),
  floor: ([v]) => (num(v) === undefined ? undefined : Math.floor(num(v)!)),
  join: ([sep, l]) => (str(sep) !== undefined && Array.isArray(l) && l.every((x) => str(x) !== undefined) ? l.map((x) => str(x)).join(str(sep)) : undefined),
  split: ([sep, s]) => (str(sep) !== undefined && str(s) !== undefined ? (str(s) === '' ? [] : str(s)!.split(str(sep)!)) : undefined),
  lower: ([s]) => str(s)?.toLowerCase(),
  upper: ([s]) => str(s)?.toUpperCase(),
  trimspace: ([s]) => str(s)?.trim(),
  trimprefix: ([s, p]) => (str(s) !== undefined && str(p) !== undefined ? (str(s)!.startsWith(str(p)!) ? str(s)!.slice(str(p)!.length) : str(s)) : undefined),
  trimsuffix: ([s, p]) => (str(s) !== undefined && str(p) !== undefined ? (str(s)!.endsWith(str(p)!) ? str(s)!.slice(0, -str(p)!.length) : str(s)) : undefined),
  startswith: ([s, p]) => (str(s) !== undefined && str(p) !== undefined ? str(s)!.startsWith(str(p)!) : undefined),
  endswith: ([s, p]) => (str(s) !== undefined && str(p) !== undefined ? str(s)!.endsWith(str(p)!) : undefined),
  substr: ([s, o, l]) => {
    const [text, off, len] = [str(s), num(o), num(l)];
    return text !== undefined && off !== undefined && len !== undefined ? [...text].slice(off, len < 0 ? undefined : off + len).join('') : undefined;
  },
  replace: ([s, a, b]) => {
    const [text, from, to] = [str(s), str(a), str(b)];
    if (text === undefined || from === undefined || to === undefined) return undefined;
    const re = /^\/(.*)\/$/.exec(from);
    return re ? text.replace(new RegExp(re[1], 'g'), to.replace(/\$\{(\w+)\}/g, '$$<$1>')) : text.split(from).join(to);
  },
  format: (args) => format(args),
  formatlist: () => undefined,
  cidrsubnet: ([base, bits, n]) => {
    const [b, nb, k] = [str(base), num(bits), num(n)];
    if (b === undefined || nb === undefined || k === undefined) return undefined;
    try {
      return cidrSubnet(b, nb, k);
    } catch {
      return undefined;
    }
  },
  cidrsubnets: ([base, ...bits]) => {
    const b = str(base);
    const nbs = bits.map(num);
    if (b === undefined || nbs.some((x) => x === undefined)) return undefined;
    return cidrSubnets(b, nbs as number[]);
  },
  cidrhost: ([base, n]) => cidrHost(str(base), num(n)),
  cidrnetmask: ([base]) => {
    const m = /\/(\d+)$/.exec(str(base) ?? '');
    if (!m) return undefined;
    const bits = Number(m[1]);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.');
  },
  jsonencode: ([v]) => jsonEncode(v),
  jsondecode: ([v]) => {
    const text = str(v);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as Value;
    } catch {
      return undefined;
    }
  },
  base64encode: ([v]) => (str(v) === undefined ? undefined : Buffer.from(str(v)!, 'utf8').toString('base64')),
  base64decode: ([v]) => (str(v) === undefined ? undefined : Buffer.from(str(v)!, 'base64').toString('utf8')),
  file: ([p], ev) => (str(p) === undefined ? undefined : ev.scope.readFile(str(p)!)),
  templatefile: ([p, vars], ev) => {
    const text = str(p) === undefined ? undefined : ev.scope.readFile(str(p)!);
    if (text === undefined || !isObject(vars)) return undefined;
    try {
      const parts = parseTemplate(text);
      return ev.withIterators(vars, () => ev.template(parts));
    } catch {
      return undefined;
    }
  },
};

export function callFunction(name: string, rawArgs: Value[], ev: Evaluator): Value {
  const fn = FUNCTIONS[name];
  const args = STRUCTURAL.has(name) ? rawArgs : rawArgs.map((a) => ev.concrete(a));
  const residual = () => new Unknown(`${name}(${rawArgs.map(hclText).join(', ')})`);
  if (!fn) return residual();
  // Only structural functions look inside symbolic values; the rest need every argument known.
  if (!STRUCTURAL.has(name) && !args.every(isKnown)) return residual();
  if (STRUCTURAL.has(name) && args.some((a) => a instanceof Unknown)) return residual();
  const out = fn(args, ev);
  return out === undefined ? residual() : out;
}

function compare(a: Value, b: Value): number {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function format(args: Value[]): Value | undefined {
  const spec = str(args[0]);
  if (spec === undefined) return undefined;
  let i = 1;
  let failed = false;
  const out = spec.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdvqtfx])/g, (whole, verb: string) => {
    if (verb === '%') return '%';
    const v = args[i++];
    const kind = verb[verb.length - 1];
    if (kind === 'd') return String(Math.trunc(num(v) ?? NaN));
    if (kind === 'q') return JSON.stringify(str(v));
    if (kind === 'v' && !isKnown(v)) failed = true;
    const s = str(v);
    if (s === undefined) failed = true;
    const pad = /^(-?)0?(\d+)/.exec(verb.slice(0, -1));
    if (pad && s !== undefined) return pad[1] ? s.padEnd(Number(pad[2])) : s.padStart(Number(pad[2]), verb.startsWith('0') ? '0' : ' ');
    return s ?? whole;
  });
  return failed ? undefined : out;
}

function ipv4(cidr: string | undefined): { base: number; bits: number } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr ?? '');
  if (!m) return undefined;
  const base = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
  return { base, bits: Number(m[5]) };
}

function ipText(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function cidrHost(cidr: string | undefined, n: number | undefined): string | undefined {
  const net = ipv4(cidr);
  if (!net || n === undefined) return undefined;
  const size = 2 ** (32 - net.bits);
  const start = net.base - (net.base % size);
  const host = n < 0 ? size + n : n;
  return host >= 0 && host < size ? ipText(start + host) : undefined;
}

/** cidrsubnets(): consecutive, aligned allocations of the given extra bits. */
function cidrSubnets(base: string, bits: number[]): string[] | undefined {
  const net = ipv4(base);
  if (!net) return undefined;
  const out: string[] = [];
  let next = net.base - (net.base % 2 ** (32 - net.bits));
  for (const nb of bits) {
    const len = net.bits + nb;
    if (len > 32) return undefined;
    const size = 2 ** (32 - len);
    next = Math.ceil(next / size) * size;
    out.push(`${ipText(next)}/${len}`);
    next += size;
  }
  return out;
}
