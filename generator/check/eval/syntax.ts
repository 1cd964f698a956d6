/**
 * HCL native expression syntax (hclsyntax), enough to evaluate what Terraform configurations write
 * inside `${...}` and in templates: literals, strings and heredocs with `${}`/`%{if}`/`%{for}`,
 * traversals with attributes, indexes and splats, function calls (with `...` expansion and
 * `provider::` names), tuples, objects, for-expressions, unary and binary operators, conditionals.
 * A parse error throws SyntaxError; the caller then treats the value as unknown, never guesses.
 */

export type Node =
  | { k: 'lit'; v: null | boolean | number }
  | { k: 'tmpl'; parts: TmplPart[] }
  | { k: 'var'; name: string }
  | { k: 'attr'; obj: Node; name: string }
  | { k: 'index'; obj: Node; key: Node }
  | { k: 'splat'; obj: Node; each: Node }
  | { k: 'item' }
  | { k: 'call'; fn: string; args: Node[]; expand: boolean }
  | { k: 'tuple'; items: Node[] }
  | { k: 'object'; items: { key: Node; value: Node }[] }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Node; keyExpr?: Node; valExpr: Node; cond?: Node; group: boolean }
  | { k: 'unary'; op: '-' | '!'; x: Node }
  | { k: 'binary'; op: string; a: Node; b: Node }
  | { k: 'cond'; c: Node; t: Node; f: Node }
  | { k: 'paren'; x: Node };

export type TmplPart =
  | { k: 'text'; text: string }
  | { k: 'interp'; x: Node }
  | { k: 'if'; c: Node; then: TmplPart[]; else: TmplPart[] }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Node; body: TmplPart[] };

const BINARY: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };
const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

/** Parses a Terraform JSON string value (a template: literal text, `${...}`, `%{...}`). */
export function parseTemplate(text: string): TmplPart[] {
  const p = new Parser(text);
  const parts = p.templateUntil(null);
  if (p.pos < text.length) throw new SyntaxError(`unexpected ${JSON.stringify(text.slice(p.pos, p.pos + 10))}`);
  return parts;
}

/** Parses one expression (the inside of `${...}`). */
export function parseExpression(text: string): Node {
  const p = new Parser(text);
  const node = p.expression();
  p.ws();
  if (p.pos < text.length) throw new SyntaxError(`unexpected ${JSON.stringify(text.slice(p.pos, p.pos + 10))}`);
  return node;
}

class Parser {
  pos = 0;

  constructor(readonly src: string) {}

  // ---- templates ------------------------------------------------------------------------------

  /** Template parts up to `end` (a closing quote, or null for the whole input); stops before directives it does not own. */
  templateUntil(end: string | null, stopAt: string[] = []): TmplPart[] {
    const parts: TmplPart[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ k: 'text', text });
      text = '';
    };
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (end !== null && c === end) break;
      if ((c === '$' || c === '%') && s[this.pos + 1] === c && s[this.pos + 2] === '{') {
        text += `${c}{`;
        this.pos += 3;
        continue;
      }
      if (c === '$' && s[this.pos + 1] === '{') {
        this.pos += 2;
        if (this.eat('~')) text = text.replace(/\s+$/, '');
        flush();
        const x = this.expression();
        this.ws();
        const strip = this.eat('~');
        this.expect('}');
        parts.push({ k: 'interp', x });
        if (strip) this.skipWs();
        continue;
      }
      if (c === '%' && s[this.pos + 1] === '{') {
        const save = this.pos;
        this.pos += 2;
        if (this.eat('~')) text = text.replace(/\s+$/, '');
        this.ws();
        const word = this.ident();
        if (stopAt.includes(word)) {
          this.pos = save;
          break;
        }
        flush();
        parts.push(this.directive(word, end));
        continue;
      }
      if (end === '"' && c === '\\') {
        text += this.escape();
        continue;
      }
      if (end === '"' && c === '\n') throw new SyntaxError('newline in a quoted string');
      text += c;
      this.pos++;
    }
    flush();
    return parts;
  }

  private directive(word: string, end: string | null): TmplPart {
    if (word === 'if') {
      const c = this.expression();
      this.closeDirective();
      const then = this.templateUntil(end, ['else', 'endif']);
      let otherwise: TmplPart[] = [];
      if (this.directiveWord() === 'else') {
        this.closeDirective();
        otherwise = this.templateUntil(end, ['endif']);
      }
      if (this.directiveWord() !== 'endif') throw new SyntaxError('%{if} without %{endif}');
      this.closeDirective();
      return { k: 'if', c, then, else: otherwise };
    }
    if (word === 'for') {
      const [keyVar, valVar] = this.forVars();
      const coll = this.expression();
      this.closeDirective();
      const body = this.templateUntil(end, ['endfor']);
      if (this.directiveWord() !== 'endfor') throw new SyntaxError('%{for} without %{endfor}');
      this.closeDirective();
      return { k: 'for', keyVar, valVar, coll, body };
    }
    throw new SyntaxError(`unknown template directive %{${word}}`);
  }

  /** At `%{ word`: consumes it and returns the word. */
  private directiveWord(): string {
    this.expect('%');
    this.expect('{');
    this.eat('~');
    this.ws();
    return this.ident();
  }

  private closeDirective(): void {
    this.ws();
    const strip = this.eat('~');
    this.expect('}');
    if (strip) this.skipWs();
  }

  private skipWs(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private escape(): string {
    const s = this.src;
    const n = s[this.pos + 1];
    this.pos += 2;
    switch (n) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u':
      case 'U': {
        const len = n === 'u' ? 4 : 8;
        const hex = s.slice(this.pos, this.pos + len);
        this.pos += len;
        return String.fromCodePoint(parseInt(hex, 16));
      }
      default:
        throw new SyntaxError(`bad escape \\${n}`);
    }
  }

  // ---- expressions ----------------------------------------------------------------------------

  expression(): Node {
    const c = this.binary(0);
    this.ws();
    if (this.peek('?')) {
      this.pos++;
      const t = this.expression();
      this.ws();
      this.expect(':');
      const f = this.expression();
      return { k: 'cond', c, t, f };
    }
    return c;
  }

  private binary(minPrec: number): Node {
    let left = this.unary();
    for (;;) {
      this.ws();
      const op = this.operator();
      if (!op || BINARY[op] <= minPrec) return left;
      this.pos += op.length;
      const right = this.binary(BINARY[op]);
      left = { k: 'binary', op, a: left, b: right };
    }
  }

  private operator(): string | undefined {
    const two = this.src.slice(this.pos, this.pos + 2);
    if (two in BINARY) return two;
    const one = this.src[this.pos];
    // "=>" belongs to object for-expressions, "=" to object items.
    if (one === '=' || (one === '<' && this.src[this.pos + 1] === '<')) return undefined;
    return one in BINARY ? one : undefined;
  }

  private unary(): Node {
    this.ws();
    if (this.peek('-') || this.peek('!')) {
      const op = this.src[this.pos++] as '-' | '!';
      return { k: 'unary', op, x: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      const save = this.pos;
      this.ws();
      if (this.src.startsWith('.*', this.pos)) {
        this.pos += 2;
        return { k: 'splat', obj: node, each: this.splatTail(true) };
      }
      if (this.src.startsWith('[*]', this.pos)) {
        this.pos += 3;
        return { k: 'splat', obj: node, each: this.splatTail(false) };
      }
      if (this.peek('.')) {
        this.pos++;
        const num = this.match(/[0-9]+/y);
        node = num !== undefined ? { k: 'index', obj: node, key: { k: 'lit', v: Number(num) } } : { k: 'attr', obj: node, name: this.ident() };
        continue;
      }
      if (this.peek('[')) {
        node = this.bracket(node);
        continue;
      }
      this.pos = save;
      return node;
    }
  }

  /** `[key]` after `obj`, at the opening bracket. */
  private bracket(obj: Node): Node {
    this.pos++;
    const key = this.expression();
    this.ws();
    this.expect(']');
    return { k: 'index', obj, key };
  }

  /** The traversal applied to each element of a splat (`.*.a.b` or `[*].a[0]`). */
  private splatTail(attrOnly: boolean): Node {
    let node: Node = { k: 'item' };
    for (;;) {
      const save = this.pos;
      this.ws();
      if (this.peek('.') && !this.src.startsWith('.*', this.pos)) {
        this.pos++;
        node = { k: 'attr', obj: node, name: this.ident() };
        continue;
      }
      if (!attrOnly && this.peek('[') && !this.src.startsWith('[*]', this.pos)) {
        node = this.bracket(node);
        continue;
      }
      this.pos = save;
      return node;
    }
  }

  private primary(): Node {
    this.ws();
    const s = this.src;
    const c = s[this.pos];
    if (c === '(') {
      this.pos++;
      const x = this.expression();
      this.ws();
      this.expect(')');
      return { k: 'paren', x };
    }
    if (c === '"') {
      this.pos++;
      const parts = this.templateUntil('"');
      this.expect('"');
      return { k: 'tmpl', parts };
    }
    if (c === '<' && s[this.pos + 1] === '<') return this.heredoc();
    if (c === '[') return this.tupleOrFor();
    if (c === '{') return this.objectOrFor();
    const num = this.match(NUMBER);
    if (num !== undefined) return { k: 'lit', v: Number(num) };
    const name = this.ident();
    if (name === 'true' || name === 'false') return { k: 'lit', v: name === 'true' };
    if (name === 'null') return { k: 'lit', v: null };
    let fn = name;
    while (s.startsWith('::', this.pos)) {
      this.pos += 2;
      fn += `::${this.ident()}`;
    }
    this.ws();
    if (this.peek('(')) return this.call(fn);
    if (fn !== name) throw new SyntaxError(`${fn} is not called`);
    return { k: 'var', name };
  }

  private call(fn: string): Node {
    this.expect('(');
    const args: Node[] = [];
    let expand = false;
    for (;;) {
      this.ws();
      if (this.eat(')')) break;
      args.push(this.expression());
      this.ws();
      if (this.src.startsWith('...', this.pos)) {
        this.pos += 3;
        expand = true;
        this.ws();
      }
      if (this.eat(',')) continue;
      this.expect(')');
      break;
    }
    return { k: 'call', fn, args, expand };
  }

  private tupleOrFor(): Node {
    this.expect('[');
    if (this.keyword('for')) {
      const [keyVar, valVar] = this.forVars();
      const coll = this.expression();
      this.ws();
      this.expect(':');
      const valExpr = this.expression();
      const cond = this.forCond();
      this.ws();
      this.expect(']');
      return { k: 'for', keyVar, valVar, coll, valExpr, cond, group: false };
    }
    const items: Node[] = [];
    for (;;) {
      this.ws(true);
      if (this.eat(']')) break;
      items.push(this.expression());
      this.ws(true);
      if (this.eat(',')) continue;
      this.expect(']');
      break;
    }
    return { k: 'tuple', items };
  }

  private objectOrFor(): Node {
    this.expect('{');
    if (this.keyword('for')) {
      const [keyVar, valVar] = this.forVars();
      const coll = this.expression();
      this.ws();
      this.expect(':');
      const keyExpr = this.expression();
      this.ws();
      if (!this.src.startsWith('=>', this.pos)) throw new SyntaxError('expected => in an object for-expression');
      this.pos += 2;
      const valExpr = this.expression();
      this.ws();
      let group = false;
      if (this.src.startsWith('...', this.pos)) {
        this.pos += 3;
        group = true;
      }
      const cond = this.forCond();
      this.ws(true);
      this.expect('}');
      return { k: 'for', keyVar, valVar, coll, keyExpr, valExpr, cond, group };
    }
    const items: { key: Node; value: Node }[] = [];
    for (;;) {
      this.ws(true);
      if (this.eat('}')) break;
      const start = this.pos;
      const word = this.match(IDENT);
      let key: Node;
      this.ws();
      if (word !== undefined && (this.peek('=') || this.peek(':')) && !this.src.startsWith('==', this.pos)) {
        key = { k: 'tmpl', parts: [{ k: 'text', text: word }] };
      } else {
        this.pos = start;
        key = this.expression();
        this.ws();
      }
      if (!this.eat('=') && !this.eat(':')) throw new SyntaxError('expected = or : in an object');
      items.push({ key, value: this.expression() });
      this.ws(true);
      this.eat(',');
    }
    return { k: 'object', items };
  }

  private forVars(): [string | undefined, string] {
    this.ws();
    const first = this.ident();
    this.ws();
    let second: string | undefined;
    if (this.eat(',')) {
      this.ws();
      second = this.ident();
    }
    if (!this.keyword('in')) throw new SyntaxError('expected "in" in a for-expression');
    return second === undefined ? [undefined, first] : [first, second];
  }

  private forCond(): Node | undefined {
    return this.keyword('if') ? this.expression() : undefined;
  }

  private heredoc(): Node {
    const m = /<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/y;
    m.lastIndex = this.pos;
    const head = m.exec(this.src);
    if (!head) throw new SyntaxError('bad heredoc');
    const [, indent, marker] = head;
    const bodyStart = this.pos + head[0].length;
    const close = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, 'm');
    close.lastIndex = 0;
    const rest = this.src.slice(bodyStart);
    const found = close.exec(rest);
    if (!found) throw new SyntaxError(`heredoc ${marker} is not closed`);
    let body = rest.slice(0, found.index);
    this.pos = bodyStart + found.index + found[0].length;
    if (indent) {
      const lines = body.split('\n');
      const widths = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
      const cut = widths.length ? Math.min(...widths) : 0;
      body = lines.map((l) => l.slice(cut)).join('\n');
    }
    return { k: 'tmpl', parts: parseTemplate(body) };
  }

  // ---- lexical helpers ------------------------------------------------------------------------

  /** Skips spaces (and newlines and comments where `lines`, inside brackets). */
  ws(lines = true): void {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || (lines && c === '\n')) this.pos++;
      else if (c === '#' || (c === '/' && s[this.pos + 1] === '/')) {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (c === '/' && s[this.pos + 1] === '*') {
        const end = s.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? s.length : end + 2;
      } else return;
    }
  }

  private keyword(word: string): boolean {
    this.ws();
    const save = this.pos;
    if (this.match(IDENT) === word) return true;
    this.pos = save;
    return false;
  }

  private ident(): string {
    const id = this.match(IDENT);
    if (id === undefined) throw new SyntaxError(`expected a name at ${JSON.stringify(this.src.slice(this.pos, this.pos + 10))}`);
    return id;
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private peek(c: string): boolean {
    return this.src[this.pos] === c;
  }

  private eat(c: string): boolean {
    if (this.src[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private expect(c: string): void {
    if (!this.eat(c)) throw new SyntaxError(`expected ${c} at ${JSON.stringify(this.src.slice(this.pos, this.pos + 10))}`);
  }
}
