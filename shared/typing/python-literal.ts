// Parses the Python literals pandas wrote into the Kaggle CSVs: lists and dicts of strings,
// numbers, True/False/None (`['pop', 'rock']`, `{'spotify': 'https://…'}`). Nothing is evaluated.

export type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

export class LiteralSyntaxError extends Error {
  constructor(message: string, position: number) {
    super(`${message} at character ${position + 1}`);
    this.name = 'LiteralSyntaxError';
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseAll(): Literal {
    const value = this.value();
    this.skipSpace();
    if (this.pos !== this.text.length) {
      throw new LiteralSyntaxError('unexpected text after the value', this.pos);
    }
    return value;
  }

  private value(): Literal {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '[') {
      return this.sequence(']');
    }
    if (ch === '(') {
      return this.sequence(')');
    }
    if (ch === '{') {
      return this.dict();
    }
    if (ch === "'" || ch === '"') {
      return this.string(ch);
    }
    return this.bare();
  }

  private sequence(close: string): Literal[] {
    this.pos += 1;
    const items: Literal[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos += 1;
        return items;
      }
      items.push(this.value());
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos += 1;
      } else if (this.text[this.pos] !== close) {
        throw new LiteralSyntaxError(`expected , or ${close}`, this.pos);
      }
    }
  }

  private dict(): { [key: string]: Literal } {
    this.pos += 1;
    const entries: { [key: string]: Literal } = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos += 1;
        return entries;
      }
      const key = this.value();
      this.skipSpace();
      if (this.text[this.pos] !== ':') {
        throw new LiteralSyntaxError('expected :', this.pos);
      }
      this.pos += 1;
      entries[typeof key === 'string' ? key : JSON.stringify(key)] = this.value();
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos += 1;
      } else if (this.text[this.pos] !== '}') {
        throw new LiteralSyntaxError('expected , or }', this.pos);
      }
    }
  }

  /** Copies the runs between escapes whole: a track's market list holds ~80 strings (issue 10). */
  private string(quote: string): string {
    const { text } = this;
    const start = this.pos;
    let from = start + 1;
    let out = '';
    for (;;) {
      const end = text.indexOf(quote, from);
      if (end < 0) {
        throw new LiteralSyntaxError('unterminated string', start);
      }
      const slash = text.indexOf('\\', from);
      if (slash < 0 || slash > end) {
        this.pos = end + 1;
        return out + text.slice(from, end);
      }
      const next = text[slash + 1] ?? '';
      out += text.slice(from, slash) + (ESCAPES[next] ?? `\\${next}`);
      from = slash + 2;
    }
  }

  private bare(): Literal {
    const match = /^[A-Za-z0-9_.+-]+/.exec(this.text.slice(this.pos));
    if (match === null) {
      throw new LiteralSyntaxError('unexpected character', this.pos);
    }
    this.pos += match[0].length;
    const word = match[0];
    if (word === 'None') {
      return null;
    }
    if (word === 'True' || word === 'False') {
      return word === 'True';
    }
    const number = Number(word);
    if (word === 'nan' || Number.isNaN(number)) {
      throw new LiteralSyntaxError(`not a literal: ${word.slice(0, 20)}`, this.pos - word.length);
    }
    return number;
  }

  private skipSpace(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      // ASCII whitespace (tab to carriage return, space) without a regular expression; the rest of
      // what \s matches is rare enough to test the slow way.
      const space =
        code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(text[this.pos] ?? ''));
      if (!space) {
        return;
      }
      this.pos += 1;
    }
  }
}

export function parsePythonLiteral(text: string): Literal {
  return new Parser(text).parseAll();
}
