/**
 * References inside Terraform JSON strings: `${aws_subnet.private_a.id}`, `${data.aws_vpc.peer.cidr_block}`,
 * `${aws_lambda_alias.live.arn}:*`, `${tolist(aws_subnet.a[*].id)}`. Read generically by shape, so any
 * resource name works; nothing here knows the names vpc-lambda-gen gives its own resources.
 */

export interface Ref {
  /**
   * "aws_subnet.private_a", "data.aws_vpc.peer", "module.vpc.aws_subnet.private[0]": the key of the
   * resource (instance) in the configuration. An index that is not a literal is left out.
   */
  address: string;
  /** Resource type without "data.". */
  type: string;
  name: string;
  data: boolean;
  /** First attribute after the address ("id", "arn", "dns_entry"), if any. */
  attr?: string;
  /** Everything after the address (".dns_entry[0].dns_name"). */
  path: string;
}

// A resource type always has an underscore (aws_vpc), which keeps var., local., each. and module. out;
// a module path ("module.vpc.", "module.app[0].") may come first.
const KEY = '\\[(?:\\d+|"(?:[^"\\\\]|\\\\.)*")\\]';
const REF = new RegExp(
  `(?<![\\w.\\]])((?:module\\.[A-Za-z_][\\w-]*(?:${KEY})?\\.)*)(data\\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\\.([A-Za-z_][\\w-]*)(${KEY})?((?:\\.[A-Za-z_]\\w*|\\[[^\\]]*\\]|\\.\\*)*)`,
  'g',
);

/** The expressions inside `${...}` of a string (`$${` is an escaped literal). */
export function interpolations(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '$' && text[i + 1] === '$' && text[i + 2] === '{') {
      i += 2;
      continue;
    }
    if (text[i] !== '$' || text[i + 1] !== '{') continue;
    let depth = 1;
    let j = i + 2;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
    }
    out.push(text.slice(i + 2, j - 1));
    i = j - 1;
  }
  return out;
}

/** True when the whole string is one `${...}`. */
export function isWholeExpression(text: string): boolean {
  if (!text.startsWith('${') || !text.endsWith('}')) return false;
  const bodies = interpolations(text);
  return bodies.length === 1 && `\${${bodies[0]}}` === text;
}

/** Every reference in a value (strings, lists, nested objects), in order. */
export function refsIn(value: unknown): Ref[] {
  const out: Ref[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const body of interpolations(v)) {
        for (const m of body.matchAll(REF)) {
          const [, module, data, type, name, key, rest] = m;
          const attr = /^(?:\[[^\]]*\])*\.([A-Za-z_]\w*)/.exec(rest)?.[1];
          out.push({ address: `${module}${data ?? ''}${type}.${name}${key ?? ''}`, type, name: `${name}${key ?? ''}`, data: Boolean(data), attr, path: rest });
        }
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) if (!k.startsWith('//')) visit(x);
    }
  };
  visit(value);
  return out;
}

/** "aws_lambda_function.x" from a `depends_on` entry ("aws_lambda_function.x" or "${aws_lambda_function.x}"). */
export function dependsOnAddress(entry: unknown): string | undefined {
  if (typeof entry !== 'string') return undefined;
  const ref = refsIn(entry.trim().startsWith('${') ? entry.trim() : `\${${entry.trim()}}`)[0];
  return ref?.address;
}
