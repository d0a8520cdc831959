// Decodes one bronze line, a JSON array as MySQL printed it, straight from its UTF-8 bytes. Text a
// column wants as bytes (the s3-loader's free text and URLs, which the Parquet writer takes as
// bytes) is unescaped, cleaned and trimmed byte by byte, never becoming a string; the rest comes
// as JSON.parse gives it. Issue 10: JSON.parse, decoding the line to a string, the free-text
// regex and encoding the text back to UTF-8 were half of the s3-loader's time.
//
// The decoder only takes the common path. Whatever it does not handle exactly (a nested value,
// true or false, a line that is not valid JSON or UTF-8, text a byte-wise trim would get wrong)
// makes it answer null for the line, or a string for the value, and the caller does what it did
// before: JSON.parse and the string typers, with the same results and the same errors.

import { isUtf8 } from 'node:buffer';

/**
 * How a column's text is handed on: as a string, as its UTF-8 bytes trimmed as String#trim would,
 * or as those bytes with the original's free-text cleaning first (quotes and line breaks dropped).
 */
export type TextAs = 'string' | 'bytes' | 'cleaned-bytes';

/**
 * Buffers that unescaped text is written to; every value is a view of one. None is written over
 * until the caller says it is done with every view so far (recycle).
 */
export class ByteArena {
  private buffer = Buffer.allocUnsafe(0);
  private used = 0;

  constructor(private readonly chunkBytes = 256 * 1024) {}

  /** A buffer with room for `bytes` bytes from `start`; nothing is taken until `commit`. */
  reserve(bytes: number): Buffer {
    if (this.used + bytes > this.buffer.length) {
      this.buffer = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes));
      this.used = 0;
    }
    return this.buffer;
  }

  get start(): number {
    return this.used;
  }

  commit(end: number): void {
    this.used = end;
  }

  /**
   * The views handed out so far are no longer read: the current buffer is filled again from its
   * start. A fresh buffer is memory outside V8's heap, and V8 starts a full collection for every
   * ~64 MB of that (issue 10).
   */
  recycle(): void {
    this.used = 0;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const LF = 0x0a;
const CR = 0x0d;

/** JSON's whitespace between tokens. */
function skipSpace(line: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end) {
    const byte = line[i] as number;
    if (byte !== 0x20 && byte !== LF && byte !== CR && byte !== 0x09) {
      break;
    }
    i += 1;
  }
  return i;
}

/** The ASCII characters String#trim removes: tab, line feed, vertical tab, form feed, CR, space. */
function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/**
 * Whether the character at `at` may be one String#trim removes beyond ASCII (U+00A0, U+1680,
 * U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF): their UTF-8 starts with one of
 * these bytes. A false yes only sends the value the string way.
 */
function mayBeUnicodeSpace(byte: number): boolean {
  return byte === 0xc2 || byte === 0xe1 || byte === 0xe2 || byte === 0xe3 || byte === 0xef;
}

/** Where the UTF-8 character that ends just before `end` begins. */
function lastCharStart(bytes: Uint8Array, from: number, end: number): number {
  let i = end - 1;
  while (i > from && ((bytes[i] as number) & 0xc0) === 0x80) {
    i -= 1;
  }
  return i;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) {
    return byte - 0x30;
  }
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The code unit of `\uXXXX` whose X's start at `at`; -1 if they are not four hex digits. */
function readHex4(line: Uint8Array, at: number, end: number): number {
  if (at + 4 > end) {
    return -1;
  }
  let unit = 0;
  for (let i = at; i < at + 4; i += 1) {
    const digit = hexValue(line[i] as number);
    if (digit < 0) {
      return -1;
    }
    unit = unit * 16 + digit;
  }
  return unit;
}

function putCodePoint(out: Uint8Array, at: number, point: number): number {
  if (point < 0x80) {
    out[at] = point;
    return at + 1;
  }
  if (point < 0x800) {
    out[at] = 0xc0 | (point >> 6);
    out[at + 1] = 0x80 | (point & 0x3f);
    return at + 2;
  }
  if (point < 0x10000) {
    out[at] = 0xe0 | (point >> 12);
    out[at + 1] = 0x80 | ((point >> 6) & 0x3f);
    out[at + 2] = 0x80 | (point & 0x3f);
    return at + 3;
  }
  out[at] = 0xf0 | (point >> 18);
  out[at + 1] = 0x80 | ((point >> 12) & 0x3f);
  out[at + 2] = 0x80 | ((point >> 6) & 0x3f);
  out[at + 3] = 0x80 | (point & 0x3f);
  return at + 4;
}

/** The byte each one-letter escape stands for, by the letter; NOT_AN_ESCAPE for any other byte. */
const NOT_AN_ESCAPE = 0xff;
const ESCAPED = new Uint8Array(256).fill(NOT_AN_ESCAPE);
for (const [letter, byte] of [
  [QUOTE, QUOTE],
  [BACKSLASH, BACKSLASH],
  [0x2f, 0x2f],
  [0x62, 0x08],
  [0x66, 0x0c],
  [0x6e, LF],
  [0x72, CR],
  [0x74, 0x09],
] as const) {
  ESCAPED[letter] = byte;
}

/**
 * Unescapes the string body `line[from, to)` into `out` from `at`; returns where it ended, or -1
 * where the string typer must decide: U+0000 (which it refuses), a lone surrogate, a bad escape.
 */
function unescape(
  line: Buffer,
  from: number,
  to: number,
  clean: boolean,
  out: Uint8Array,
  at: number,
): number {
  let written = at;
  let i = from;
  while (i < to) {
    // No raw quote (it would end the string), line feed (it ends the line) or CR (the caller
    // refused the line) is in a body: only a backslash needs a look.
    let next = line.indexOf(BACKSLASH, i);
    if (next < 0 || next > to) {
      next = to;
    }
    if (next - i > 48) {
      out.set(line.subarray(i, next), written);
      written += next - i;
    } else {
      for (let j = i; j < next; j += 1) {
        out[written] = line[j] as number;
        written += 1;
      }
    }
    i = next;
    if (i >= to) {
      break;
    }
    const escape = line[i + 1] as number;
    if (escape !== 0x75) {
      const decoded = ESCAPED[escape] as number;
      if (decoded === NOT_AN_ESCAPE) {
        return -1;
      }
      if (!clean || (decoded !== QUOTE && decoded !== LF && decoded !== CR)) {
        out[written] = decoded;
        written += 1;
      }
      i += 2;
      continue;
    }
    let point = readHex4(line, i + 2, to);
    i += 6;
    if (point <= 0) {
      return -1;
    }
    if (point >= 0xd800 && point <= 0xdfff) {
      const low = line[i] === BACKSLASH && line[i + 1] === 0x75 ? readHex4(line, i + 2, to) : -1;
      if (point > 0xdbff || low < 0xdc00 || low > 0xdfff) {
        return -1;
      }
      point = 0x10000 + ((point - 0xd800) << 10) + (low - 0xdc00);
      i += 6;
    }
    if (!clean || (point !== QUOTE && point !== LF && point !== CR)) {
      written = putCodePoint(out, written, point);
    }
  }
  return written;
}

/**
 * The text `line[from, to)` (a string body, escaped if `escaped`) as trimmed, maybe cleaned, UTF-8
 * bytes; null where the string typer must decide.
 */
function textBytes(
  line: Buffer,
  from: number,
  to: number,
  escaped: boolean,
  clean: boolean,
  arena: ByteArena,
): Uint8Array | null {
  let bytes: Buffer = line;
  let start = from;
  let end = to;
  // Without escapes the body is the text: JSON has no raw quote or line break inside a string.
  if (escaped) {
    bytes = arena.reserve(to - from);
    start = arena.start;
    end = unescape(line, from, to, clean, bytes, start);
    if (end < 0) {
      return null;
    }
  }
  while (start < end && isAsciiSpace(bytes[start] as number)) {
    start += 1;
  }
  while (end > start && isAsciiSpace(bytes[end - 1] as number)) {
    end -= 1;
  }
  if (
    start < end &&
    (mayBeUnicodeSpace(bytes[start] as number) ||
      mayBeUnicodeSpace(bytes[lastCharStart(bytes, start, end)] as number))
  ) {
    return null;
  }
  if (escaped) {
    arena.commit(end);
  }
  return bytes.subarray(start, end);
}

/** A JSON string token's value as a string: the body decoded, or parsed when it has escapes. */
function textString(line: Buffer, quote: number, close: number, escaped: boolean): string {
  return escaped
    ? (JSON.parse(line.toString('utf8', quote, close + 1)) as string)
    : line.toString('utf8', quote + 1, close);
}

/** Where the string whose body starts at `from` ends: its first quote not escaped; -1 if none. */
function stringEnd(line: Buffer, from: number): number {
  let quote = line.indexOf(QUOTE, from);
  while (quote > 0) {
    let slashes = 0;
    while (quote - slashes - 1 >= from && line[quote - slashes - 1] === BACKSLASH) {
      slashes += 1;
    }
    if (slashes % 2 === 0) {
      return quote;
    }
    quote = line.indexOf(QUOTE, quote + 1);
  }
  return -1;
}

function isNumberByte(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d ||
    byte === 0x2b ||
    byte === 0x2e ||
    byte === 0x65 ||
    byte === 0x45
  );
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A JSON number of at most 15 digits and no exponent, as JSON.parse reads it, without a string:
 * its digits make an integer a double holds exactly, and dividing it by an exact power of ten is
 * rounded once, as the decimal's nearest double is. Undefined for anything else (more digits, an
 * exponent, a leading zero JSON forbids), which JSON.parse then reads or refuses.
 */
function shortDecimal(line: Uint8Array, from: number, stop: number): number | undefined {
  let i = from;
  const negative = line[i] === 0x2d;
  if (negative) {
    i += 1;
  }
  const intStart = i;
  let digits = 0;
  while (i < stop && isDigit(line[i] as number)) {
    digits = digits * 10 + ((line[i] as number) - 0x30);
    i += 1;
  }
  const intDigits = i - intStart;
  if (intDigits === 0 || (intDigits > 1 && line[intStart] === 0x30)) {
    return undefined;
  }
  let scale = 0;
  if (i < stop && line[i] === 0x2e) {
    i += 1;
    const fractionStart = i;
    while (i < stop && isDigit(line[i] as number)) {
      digits = digits * 10 + ((line[i] as number) - 0x30);
      i += 1;
    }
    scale = i - fractionStart;
    if (scale === 0) {
      return undefined;
    }
  }
  if (i !== stop || intDigits + scale > 15) {
    return undefined;
  }
  const value = scale === 0 ? digits : digits / (POWERS_OF_TEN[scale] as number);
  return negative ? -value : value;
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function isNull(line: Uint8Array, at: number): boolean {
  return (
    line[at] === 0x6e && line[at + 1] === 0x75 && line[at + 2] === 0x6c && line[at + 3] === 0x6c
  );
}

/**
 * The values of `line`, a JSON array of `width` values, in its order; `textAs` says per position
 * how text is wanted. Null when the line is not that, or not in the shape this decoder takes: the
 * caller then parses the line as a string, which also names what is wrong with it.
 */
export function decodeArrayLine(
  line: Buffer,
  width: number,
  textAs: readonly TextAs[],
  arena: ByteArena,
): unknown[] | null {
  const end = line.length;
  // A raw CR or NUL is not JSON (a raw line feed ends the line): JSON.parse says so. Other raw
  // control characters JSON forbids are taken as they are; MySQL escapes them all.
  if (line.indexOf(CR) >= 0 || line.indexOf(0) >= 0 || !isUtf8(line)) {
    return null;
  }
  // Where the next backslash at or after a string's start is: whether it has escapes.
  let nextSlash = -1;
  let at = skipSpace(line, 0, end);
  if (line[at] !== OPEN) {
    return null;
  }
  at = skipSpace(line, at + 1, end);
  const values = new Array<unknown>(width);
  let count = 0;
  if (line[at] === CLOSE) {
    at += 1;
  } else {
    for (;;) {
      if (count === width) {
        return null;
      }
      const first = line[at] as number;
      if (first === QUOTE) {
        const close = stringEnd(line, at + 1);
        if (close < 0) {
          return null;
        }
        if (nextSlash < at) {
          nextSlash = line.indexOf(BACKSLASH, at);
          nextSlash = nextSlash < 0 ? end : nextSlash;
        }
        const escaped = nextSlash < close;
        const as = textAs[count] ?? 'string';
        let value: unknown =
          as === 'string'
            ? null
            : textBytes(line, at + 1, close, escaped, as === 'cleaned-bytes', arena);
        if (value === null) {
          try {
            value = textString(line, at, close, escaped);
          } catch {
            return null;
          }
        }
        values[count] = value;
        at = close + 1;
      } else if (first === 0x6e && isNull(line, at)) {
        values[count] = null;
        at += 4;
      } else if (isNumberByte(first)) {
        let stop = at + 1;
        while (stop < end && isNumberByte(line[stop] as number)) {
          stop += 1;
        }
        const fast = shortDecimal(line, at, stop);
        if (fast !== undefined) {
          values[count] = fast;
        } else {
          try {
            values[count] = JSON.parse(line.toString('latin1', at, stop)) as unknown;
          } catch {
            return null;
          }
        }
        at = stop;
      } else {
        return null;
      }
      count += 1;
      at = skipSpace(line, at, end);
      if (line[at] === COMMA) {
        at = skipSpace(line, at + 1, end);
      } else if (line[at] === CLOSE) {
        at += 1;
        break;
      } else {
        return null;
      }
    }
  }
  return count === width && skipSpace(line, at, end) === end ? values : null;
}
