/**
 * Terraform JSON values → HCL native syntax. A JSON string is a template: its literal parts get HCL
 * escapes, its `${…}`/`%{…}` sequences are copied as they are (they are HCL expressions already),
 * and a string that is one interpolation and nothing else becomes the bare expression, as
 * `terraform fmt` writes it. cdktf's own HCL renderer skips the escaping whenever a string holds a
 * token (a JSON policy with an ARN in it comes out with bare quotes) and closes its `<<EOF` heredocs
 * on the first line reading EOF (a shell script's own heredoc): this module is the workaround.
 */

import { terraformLiteral } from '../safety/escape';

export type TemplatePart = { kind: 'literal'; text: string } | { kind: 'sequence'; text: string };

/** Splits a template into literal text and `${…}` / `%{…}` sequences; `$${` and `%%{` stay literal escapes. */
export function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const two = template.slice(i, i + 2);
    const three = template.slice(i, i + 3);
    if (three === '$${' || three === '%%{') {
      // An escaped opener: literal in both syntaxes, and written the same way in both.
      literal += three;
      i += 3;
    } else if (two === '${' || two === '%{') {
      if (literal) parts.push({ kind: 'literal', text: literal });
      literal = '';
      const end = sequenceEnd(template, i + 2);
      parts.push({ kind: 'sequence', text: template.slice(i, end) });
      i = end;
    } else {
      literal += template[i];
      i += 1;
    }
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  return parts;
}

/** Index just past the `}` closing the sequence whose body starts at `start`. */
function sequenceEnd(s: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') i = quotedEnd(s, i + 1);
    else {
      if (c === '{') depth += 1;
      else if (c === '}' && --depth === 0) return i + 1;
      i += 1;
    }
  }
  throw new Error(`VLG_HCL_TEMPLATE: unterminated \${ in ${JSON.stringify(s.slice(0, 120))}`);
}

/** Index just past the `"` closing a quoted string inside an expression (which may nest templates). */
function quotedEnd(s: string, start: number): number {
  let i = start;
  while (i < s.length) {
    if (s[i] === '\\') i += 2;
    else if (s[i] === '"') return i + 1;
    else if ((s[i] === '$' || s[i] === '%') && s[i + 1] === '{' && s[i - 1] !== s[i]) i = sequenceEnd(s, i + 2);
    else i += 1;
  }
  throw new Error(`VLG_HCL_TEMPLATE: unterminated string in ${JSON.stringify(s.slice(0, 120))}`);
}

/** HCL escapes for the literal part of a quoted template. */
export function escapeLiteral(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON template string as a quoted HCL template (single line). */
export function quotedTemplate(template: string): string {
  const body = splitTemplate(template)
    .map((p) => {
      if (p.kind === 'literal') return escapeLiteral(p.text);
      if (p.text.includes('\n')) throw new Error(`VLG_HCL_TEMPLATE: a multi-line expression cannot go in a quoted string: ${p.text.slice(0, 120)}`);
      return p.text;
    })
    .join('');
  return `"${body}"`;
}

/** A string that must stay literal (variable defaults and descriptions, map keys there): template openers are escaped too. */
export function quotedLiteral(text: string): string {
  return `"${terraformLiteral(escapeLiteral(text))}"`;
}

/** The expression of a template that is exactly one interpolation ("${aws_vpc.main.id}" → aws_vpc.main.id), else undefined. */
export function wholeExpression(template: string): string | undefined {
  if (!template.startsWith('${')) return undefined;
  const parts = splitTemplate(template);
  if (parts.length !== 1 || parts[0].kind !== 'sequence' || !parts[0].text.startsWith('${')) return undefined;
  return parts[0].text.slice(2, -1).trim();
}

/**
 * A multi-line template ending in a newline as a heredoc (`<<EOT` … `EOT`): its content is the
 * template as it is, since heredocs take no backslash escapes. Undefined when a heredoc would change
 * the value (no final newline) or could not hold it.
 */
export function heredoc(template: string): string | undefined {
  if (!template.includes('\n') || !template.endsWith('\n') || template.includes('\r')) return undefined;
  const lines = template.slice(0, -1).split('\n');
  let marker = 'EOT';
  for (let n = 1; lines.some((l) => l.trim() === marker); n++) marker = `EOT${n}`;
  return `<<${marker}\n${template}${marker}`;
}

/** A block or attribute name HCL takes unquoted. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
