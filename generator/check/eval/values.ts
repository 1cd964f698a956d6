/**
 * What the evaluator computes: plain JSON-like values when an expression is known statically, a `Ref`
 * for an attribute of a resource (an id, an ARN: known to exist, unknown until apply), a `Tmpl` for a
 * string mixing text and such attributes, and `Unknown` for everything it does not evaluate, which
 * keeps the expression (references made absolute) so the model still sees what it points at.
 */

export class Ref {
  constructor(
    /** Absolute instance address: "module.vpc.aws_subnet.private[0]". */
    readonly address: string,
    /** Attribute path after it: ".id", ".dns_entry[0].dns_name", or "" for the whole resource. */
    readonly path: string,
  ) {}

  get text(): string {
    return `${this.address}${this.path}`;
  }
}

export class Unknown {
  constructor(
    /** The expression, partially evaluated, in HCL syntax. */
    readonly text: string,
  ) {}
}

/** A string with symbolic parts: `"${aws_lambda_function.f.arn}:live"`. */
export class Tmpl {
  constructor(readonly parts: (string | Ref | Unknown)[]) {}
}

export type Value = null | boolean | number | string | Value[] | ValueObject | Ref | Unknown | Tmpl;
export interface ValueObject {
  [key: string]: Value;
}

export function isObject(v: Value | undefined): v is ValueObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Ref) && !(v instanceof Unknown) && !(v instanceof Tmpl);
}

/** Known all the way down (no Ref, Tmpl or Unknown inside). */
export function isKnown(v: Value): boolean {
  if (v instanceof Ref || v instanceof Unknown || v instanceof Tmpl) return false;
  if (Array.isArray(v)) return v.every(isKnown);
  if (isObject(v)) return Object.values(v).every(isKnown);
  return true;
}

/** The value as HCL expression text (for the residual of a partially evaluated expression). */
export function hclText(v: Value): string {
  if (v instanceof Ref) return v.text;
  if (v instanceof Unknown) return v.text;
  if (v instanceof Tmpl) return `"${v.parts.map((p) => (typeof p === 'string' ? escapeHclString(p) : `\${${p.text}}`)).join('')}"`;
  if (typeof v === 'string') return `"${escapeHclString(v)}"`;
  if (Array.isArray(v)) return `[${v.map(hclText).join(', ')}]`;
  if (isObject(v)) return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)} = ${hclText(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

function escapeHclString(s: string): string {
  return JSON.stringify(s).slice(1, -1).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * The value in Terraform JSON form, the shape the model reads: literal strings escape `${`, symbolic
 * values become `"${...}"` strings.
 */
export function toJson(v: Value): unknown {
  if (v instanceof Ref || v instanceof Unknown) return `\${${v.text}}`;
  if (v instanceof Tmpl) return v.parts.map((p) => (typeof p === 'string' ? escapeTemplate(p) : `\${${p.text}}`)).join('');
  if (typeof v === 'string') return escapeTemplate(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

function escapeTemplate(s: string): string {
  return s.includes('${') || s.includes('%{') ? s.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{') : s;
}

/** Like toJson, but `${...}` inside JSON strings (jsonencode of symbolic values). */
export function jsonEncode(v: Value): Value {
  const parts: (string | Ref | Unknown)[] = [];
  let text = '';
  const emit = (x: Value): void => {
    if (x instanceof Ref || x instanceof Unknown) {
      text += '"';
      parts.push(text, x);
      text = '"';
    } else if (x instanceof Tmpl) {
      text += '"';
      for (const p of x.parts) {
        if (typeof p === 'string') text += JSON.stringify(p).slice(1, -1);
        else {
          parts.push(text, p);
          text = '';
        }
      }
      text += '"';
    } else if (Array.isArray(x)) {
      text += '[';
      x.forEach((e, i) => {
        if (i) text += ',';
        emit(e);
      });
      text += ']';
    } else if (isObject(x)) {
      text += '{';
      Object.keys(x).sort().forEach((k, i) => {
        if (i) text += ',';
        text += `${JSON.stringify(k)}:`;
        emit(x[k]);
      });
      text += '}';
    } else text += JSON.stringify(x);
  };
  emit(v);
  parts.push(text);
  const clean = parts.filter((p) => p !== '');
  return clean.every((p) => typeof p === 'string') ? clean.join('') : new Tmpl(clean);
}

/** Terraform's string conversion: numbers and bools print, null and collections do not convert. */
export function asString(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
