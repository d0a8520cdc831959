// Builds each extracted row's bronze line, the JSON array of its values, from the text MySQL sends:
// a number goes in as MySQL printed it, anything else as a JSON string escaped byte by byte, with no
// JavaScript string made. Issue 10: having MySQL print the line with JSON_ARRAY cost MariaDB about
// 20 of its 36 CPU seconds at 1,000,000 tracks; the plain SELECT costs it what pgloader's does.
//
// mysql2 hands each row over as the raw bytes of its fields (`typeCast: false`), with no call per
// field; which fields are numbers comes once from the result's column definitions.

import { Types } from 'mysql2';

/** Column types MySQL's text protocol prints as JSON numbers. BIGINT is not one: it goes as a JSON
 * string, since JSON readers hold numbers as doubles. */
const NUMERIC = new Set(
  ['DECIMAL', 'NEWDECIMAL', 'TINY', 'SHORT', 'LONG', 'INT24', 'FLOAT', 'DOUBLE', 'YEAR'].map(
    (name) => (Types as unknown as Record<string, number>)[name],
  ),
);

const NULL_TEXT = Buffer.from('null');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = Buffer.from('0123456789abcdef');
/** Per byte: 0 when it goes into a JSON string as it is, else the letter after its backslash. */
const UNICODE_ESCAPE = 0x75;
const ESCAPED = new Uint8Array(256);
ESCAPED.fill(UNICODE_ESCAPE, 0, 0x20);
for (const [byte, letter] of [
  [0x08, 0x62],
  [0x09, 0x74],
  [0x0a, 0x6e],
  [0x0c, 0x66],
  [0x0d, 0x72],
  [QUOTE, QUOTE],
  [BACKSLASH, BACKSLASH],
] as const) {
  ESCAPED[byte] = letter;
}

export class JsonRowEncoder {
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private length = 0;
  private numeric: boolean[] | null = null;

  /** `lineFields`: the first fields of each row, which make its line (a watermark may follow). */
  constructor(private readonly lineFields: number) {}

  /** The result's column definitions, as mysql2 emits them before the first row. */
  setFields(fields: readonly { columnType: number }[]): void {
    this.numeric = fields.map((field) => NUMERIC.has(field.columnType));
  }

  /**
   * The row's line, a view of a buffer the next call overwrites: the caller copies it (the bronze
   * writer does) before asking for another.
   */
  encode(row: readonly (Buffer | null)[]): Buffer {
    const numeric = this.numeric;
    if (numeric === null) {
      throw new Error("the result's column definitions came after its first row");
    }
    this.length = 0;
    for (let index = 0; index < this.lineFields; index += 1) {
      this.putByte(index === 0 ? 0x5b : 0x2c);
      const bytes = row[index] ?? null;
      if (bytes === null) {
        this.putRaw(NULL_TEXT);
      } else if (numeric[index] === true) {
        this.putRaw(bytes);
      } else {
        this.putString(bytes);
      }
    }
    this.putByte(0x5d);
    return this.scratch.subarray(0, this.length);
  }

  private room(bytes: number): Buffer {
    if (this.length + bytes > this.scratch.length) {
      const larger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.length + bytes));
      this.scratch.copy(larger, 0, 0, this.length);
      this.scratch = larger;
    }
    return this.scratch;
  }

  private putByte(byte: number): void {
    this.room(1)[this.length] = byte;
    this.length += 1;
  }

  private putRaw(bytes: Buffer): void {
    const out = this.room(bytes.length);
    for (let i = 0; i < bytes.length; i += 1) {
      out[this.length + i] = bytes[i] as number;
    }
    this.length += bytes.length;
  }

  /**
   * `bytes` as a JSON string: quotes, backslashes and control characters escaped, UTF-8 kept. A
   * byte loop over a table, measured on the tracks' text: 530 MB/s, against 290 for the same loop
   * comparing each byte and 240 for JSON.stringify of the bytes read as Latin-1.
   */
  private putString(bytes: Buffer): void {
    // At most 6 bytes out for a byte in (\u00XX), and the two quotes.
    const out = this.room(bytes.length * 6 + 2);
    let at = this.length;
    out[at] = QUOTE;
    at += 1;
    for (let i = 0; i < bytes.length; i += 1) {
      const byte = bytes[i] as number;
      if (ESCAPED[byte] === 0) {
        out[at] = byte;
        at += 1;
        continue;
      }
      out[at] = BACKSLASH;
      const short = ESCAPED[byte] as number;
      if (short !== UNICODE_ESCAPE) {
        out[at + 1] = short;
        at += 2;
      } else {
        out[at + 1] = 0x75;
        out[at + 2] = 0x30;
        out[at + 3] = 0x30;
        out[at + 4] = HEX[byte >> 4] as number;
        out[at + 5] = HEX[byte & 0x0f] as number;
        at += 6;
      }
    }
    out[at] = QUOTE;
    this.length = at + 1;
  }
}
