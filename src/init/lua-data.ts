// Reads a service definition: a Lua table constructor holding only literals (strings, numbers, booleans,
// nested tables), optionally after `return`. Data, not code: nothing runs when a definition loads.

/** A literal value of a definition. A table keeps its list part and its named fields apart. */
export type LuaData = string | number | boolean | LuaDataTable;

export interface LuaDataTable {
  readonly kind: 'table';
  readonly list: LuaData[];
  readonly fields: Map<string, LuaData>;
}

/** A definition that is not a literal table: the message says where (`line N`) in Lua's words. */
export class LuaDataError extends Error {}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'", '\n': '\n' };
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const KEYWORDS = new Set(['true', 'false', 'nil', 'return']);

/** Parses `source`; throws LuaDataError naming the line of the first problem. */
export function parseLuaData(source: string): LuaDataTable {
  const reader = new Reader(source);
  reader.skipSpace();
  if (reader.word() === 'return') reader.skipSpace();
  else reader.pos = reader.lastWordStart;
  const value = reader.value();
  if (typeof value !== 'object') return reader.fail('a table expected');
  reader.skipSpace();
  if (reader.pos < source.length) reader.fail(`'<eof>' expected near '${reader.near()}'`);
  return value;
}

class Reader {
  pos = 0;
  lastWordStart = 0;

  constructor(private readonly text: string) {}

  fail(message: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    throw new LuaDataError(`line ${line}: ${message}`);
  }

  near(): string {
    return this.pos >= this.text.length ? '<eof>' : this.text.slice(this.pos, this.pos + 10).split(/\s/)[0] || this.text[this.pos];
  }

  skipSpace(): void {
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
      if (!this.text.startsWith('--', this.pos)) return;
      this.pos += 2;
      const level = this.longBracket();
      if (level !== null) this.longString(level);
      else while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
    }
  }

  /** A name at the cursor (consumed), or ''. */
  word(): string {
    this.lastWordStart = this.pos;
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) return '';
    this.pos += m[0].length;
    return m[0];
  }

  value(): LuaData {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.table();
    if (c === '"' || c === "'") return this.quoted(c);
    if (c === '[') {
      const level = this.longBracket();
      if (level !== null) return this.longString(level);
    }
    if (c === '-' || /[\d.]/.test(c ?? '')) return this.number();
    const w = this.word();
    if (w === 'true' || w === 'false') return w === 'true';
    if (w === 'nil') this.fail('nil is not a value a definition can hold');
    this.pos = this.lastWordStart;
    return this.fail(`unexpected symbol near '${this.near()}'`);
  }

  private number(): number {
    const negative = this.text[this.pos] === '-';
    if (negative) {
      this.pos++;
      this.skipSpace();
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail(`malformed number near '${this.near()}'`);
    this.pos += m[0].length;
    const n = Number(m[0]);
    return negative ? -n : n;
  }

  private table(): LuaDataTable {
    const table: LuaDataTable = { kind: 'table', list: [], fields: new Map() };
    this.pos++; // {
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return table;
      }
      this.field(table);
      this.skipSpace();
      const sep = this.text[this.pos];
      if (sep === ',' || sep === ';') this.pos++;
      else if (sep !== '}') this.fail(`'}' expected near '${this.near()}'`);
    }
  }

  /** `name = value`, `["name"] = value` or a list item. */
  private field(table: LuaDataTable): void {
    const start = this.pos;
    let key: string | null = null;
    if (this.text[start] === '[' && this.longBracket() === null) {
      this.pos = start + 1;
      const k = this.value();
      this.skipSpace();
      if (typeof k !== 'string') this.fail('a field name must be a string');
      if (this.text[this.pos] !== ']') this.fail(`']' expected near '${this.near()}'`);
      this.pos++;
      key = k;
    } else {
      this.pos = start;
      const w = this.word();
      this.skipSpace();
      if (w && !KEYWORDS.has(w) && this.text[this.pos] === '=' && this.text[this.pos + 1] !== '=') key = w;
      else this.pos = start;
    }
    if (key === null) {
      table.list.push(this.value());
      return;
    }
    this.skipSpace();
    if (this.text[this.pos] !== '=') this.fail(`'=' expected near '${this.near()}'`);
    this.pos++;
    if (table.fields.has(key)) this.fail(`field '${key}' given twice`);
    table.fields.set(key, this.value());
  }

  private quoted(quote: string): string {
    let out = '';
    this.pos++;
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined || c === '\n') this.fail('unfinished string');
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const c = this.text[this.pos++];
    if (c !== undefined && c in ESCAPES) return ESCAPES[c];
    const decimal = /\d{1,3}/y;
    decimal.lastIndex = this.pos - 1;
    const d = decimal.exec(this.text);
    if (d && Number(d[0]) < 256) {
      this.pos += d[0].length - 1;
      return String.fromCharCode(Number(d[0]));
    }
    if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(this.text.slice(this.pos, this.pos + 2))) {
      this.pos += 2;
      return String.fromCharCode(Number.parseInt(this.text.slice(this.pos - 2, this.pos), 16));
    }
    return this.fail('invalid escape sequence');
  }

  /** At `[[` or `[=*[`: consumes it and returns its level; otherwise null (nothing consumed). */
  longBracket(): number | null {
    const m = /\[(=*)\[/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (!found) return null;
    this.pos += found[0].length;
    return found[1].length;
  }

  private longString(level: number): string {
    const close = `]${'='.repeat(level)}]`;
    const end = this.text.indexOf(close, this.pos);
    if (end < 0) this.fail('unfinished long string');
    const start = this.text[this.pos] === '\n' ? this.pos + 1 : this.pos;
    this.pos = end + close.length;
    return this.text.slice(start, end);
  }
}
