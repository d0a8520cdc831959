// Turns a raw bronze value into its silver type, as the catalog declares it. A value that cannot be
// typed throws a TypingError naming the column and why; the caller quarantines the row.

import { BoundedMemo } from '../bounded-memo';
import type { ColumnDef, ColumnType } from '../catalog';
import { parsePythonLiteral } from './python-literal';

export class TypingError extends Error {
  readonly column: string;

  constructor(column: string, reason: string) {
    super(`${column}: ${reason}`);
    this.name = 'TypingError';
    this.column = column;
  }
}

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/**
 * Text, numbers, booleans, lists and NULL are JSON values too; a JSON column's value is the parsed
 * document, which the Parquet writer serializes once. Text read as bytes stays UTF-8 bytes.
 */
export type SilverValue = JsonValue | bigint | Date | Uint8Array;
export type Typer = (raw: unknown) => SilverValue;

const INT_LIMITS = {
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
} as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The original's cleaning of free text: drop quotes and line breaks. */
export function cleanFreeText(text: string): string {
  return text.replace(/["\r\n]/g, '').trim();
}

/** The value for a quarantine reason: text quoted and cut at 40 characters, scalars as printed. */
function describe(raw: unknown): string {
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') {
    return String(raw);
  }
  const text = typeof raw === 'string' ? JSON.stringify(raw.slice(0, 40)) : typeof raw;
  return typeof raw === 'string' && raw.length > 40 ? `${text}…` : text;
}

function toNumber(column: string, raw: unknown): number {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypingError(column, `not a number: ${describe(raw)}`);
  }
  return value;
}

function typerFor(column: string, type: ColumnType, freeText: boolean): Typer {
  switch (type) {
    case 'string':
      return (raw) => {
        // Bytes come trimmed and cleaned from the bronze reader, which leaves anything it cannot
        // treat exactly as this function would (U+0000 among them) as a string.
        if (raw instanceof Uint8Array) {
          return raw;
        }
        const text = scalarText(raw);
        if (text === null) {
          throw new TypingError(column, `not text: ${describe(raw)}`);
        }
        return withoutNul(column, freeText ? cleanFreeText(text) : text.trim());
      };
    case 'int16':
    case 'int32':
      return (raw) => {
        const value = toNumber(column, raw);
        const [min, max] = INT_LIMITS[type];
        if (!Number.isInteger(value) || value < min || value > max) {
          throw new TypingError(column, `not an ${type}: ${describe(raw)}`);
        }
        return value;
      };
    case 'int64':
      return (raw) => {
        const text =
          typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
        if (!/^-?\d+$/.test(text)) {
          throw new TypingError(column, `not an int64: ${describe(raw)}`);
        }
        const value = BigInt(text);
        if (value < INT64_MIN || value > INT64_MAX) {
          throw new TypingError(column, `out of int64 range: ${describe(raw)}`);
        }
        return value;
      };
    case 'float32':
      return (raw) => {
        const value = toNumber(column, raw);
        // Parquet FLOAT and PostgreSQL real would hold Infinity for this: refuse it instead.
        if (!Number.isFinite(Math.fround(value))) {
          throw new TypingError(column, `out of float32 range: ${describe(raw)}`);
        }
        return value;
      };
    case 'float64':
      return (raw) => toNumber(column, raw);
    case 'boolean':
      return (raw) => {
        if (raw === true || raw === 1 || raw === '1' || raw === 'true' || raw === 'True') {
          return true;
        }
        if (raw === false || raw === 0 || raw === '0' || raw === 'false' || raw === 'False') {
          return false;
        }
        throw new TypingError(column, `not a boolean: ${describe(raw)}`);
      };
    case 'timestamp':
      return timestampTyper(column);
    case 'date':
      return (raw) => {
        if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw.trim())) {
          throw new TypingError(column, `not a date: ${describe(raw)}`);
        }
        const date = new Date(`${raw.trim()}T00:00:00Z`);
        if (Number.isNaN(date.getTime())) {
          throw new TypingError(column, `not a date: ${describe(raw)}`);
        }
        return date;
      };
    case 'string_list':
      return listTyper(column);
    case 'json':
      return (raw) => toJsonValue(column, raw);
  }
}

/**
 * A timestamp column's values repeat in runs (a bulk load stamps thousands of rows in the same
 * second), so the last text and its Date are kept: the same text gives the same Date, which the
 * Parquet writer also converts once. Dates are not changed by anyone after typing.
 */
function timestampTyper(column: string): Typer {
  let lastText: string | null = null;
  let lastDate: Date | null = null;
  return (raw) => {
    if (typeof raw === 'string' && raw === lastText && lastDate !== null) {
      return lastDate;
    }
    const date = toTimestamp(column, raw);
    if (typeof raw === 'string') {
      lastText = raw;
      lastDate = date;
    }
    return date;
  };
}

function toTimestamp(column: string, raw: unknown): Date {
  let date: Date | null = null;
  if (raw instanceof Date) {
    date = raw;
  } else if (typeof raw === 'number') {
    date = new Date(raw);
  } else if (typeof raw === 'string') {
    const text = raw.trim();
    // MySQL prints 'YYYY-MM-DD HH:MM:SS[.ffffff]' in the session's zone, which we set to UTC.
    // JavaScript reads an ISO date-time without a zone as local time; ours are UTC, like MySQL's.
    const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)
      ? `${text.replace(' ', 'T')}Z`
      : text;
    date = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? new Date(iso) : null;
  }
  if (date === null || Number.isNaN(date.getTime())) {
    throw new TypingError(column, `not a timestamp: ${describe(raw)}`);
  }
  // COPY reads the ISO text of years 1 to 9999 only; anything else is a broken value.
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) {
    throw new TypingError(column, `timestamp outside years 1 to 9999: ${describe(raw)}`);
  }
  return date;
}

/** The text of a scalar; null for an object or array, which is no text column's value. */
function scalarText(raw: unknown): string | null {
  if (typeof raw === 'string') {
    return raw;
  }
  return typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint'
    ? String(raw)
    : null;
}

// PostgreSQL text (and jsonb) cannot hold U+0000; COPY would fail the whole part on it.
function withoutNul(column: string, text: string): string {
  if (text.includes('\u0000')) {
    throw new TypingError(column, 'holds a NUL character, which PostgreSQL text cannot store');
  }
  return text;
}

/**
 * How many recently typed list texts of one column are kept, each to its list. A catalog's lists
 * repeat: 76% of the tracks' `available_markets` are one of five texts of about 80 markets, each
 * worth 12 µs of parsing. The lists are frozen: every row that had the same text shares one.
 */
const LIST_MEMO_SIZE = 256;

function listTyper(column: string): Typer {
  const memo = new BoundedMemo<string, readonly string[]>(LIST_MEMO_SIZE);
  return (raw) => {
    if (typeof raw !== 'string') {
      return toStringList(column, raw, raw) as string[];
    }
    const text = raw.trim();
    const known = memo.get(text);
    if (known !== undefined) {
      return known as string[];
    }
    return memo.set(text, Object.freeze(toStringList(column, raw, text))) as string[];
  };
}

function toStringList(column: string, raw: unknown, value: unknown): readonly string[] {
  if (typeof value === 'string') {
    if (value === '') {
      return [];
    }
    try {
      value = parseListText(value);
    } catch (err) {
      throw new TypingError(column, `not a list: ${(err as Error).message}`);
    }
  }
  if (!Array.isArray(value)) {
    throw new TypingError(column, `not a list: ${describe(raw)}`);
  }
  return value.map((item) =>
    withoutNul(column, typeof item === 'string' ? item : JSON.stringify(item)),
  );
}

// Lists arrive as JSON (`["a"]`, from the Web API) or as Python's repr (`['a']`, in the Kaggle CSVs).
// Python quotes an item holding an apostrophe with double quotes (`["children's music", 'pop']`), so a
// leading `["` does not make the text JSON: JSON is tried first and Python's syntax is the fallback.
function parseListText(text: string): unknown {
  if (text.startsWith('["') || text === '[]') {
    try {
      return JSON.parse(text);
    } catch {
      // not JSON; Python's syntax below
    }
  }
  return parsePythonLiteral(text);
}

function toJsonValue(column: string, raw: unknown): JsonValue {
  const value = parseJsonValue(column, raw);
  const text = JSON.stringify(value);
  // JSON.stringify writes U+0000 as \u0000 (after an even run of backslashes); jsonb refuses it.
  if (/(?<!\\)(\\\\)*\\u0000/.test(text)) {
    throw new TypingError(column, 'holds a NUL character, which PostgreSQL jsonb cannot store');
  }
  return value as JsonValue;
}

function parseJsonValue(column: string, raw: unknown): unknown {
  if (typeof raw !== 'string') {
    return raw;
  }
  const text = raw.trim();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: pandas wrote a Python literal (single quotes, None/True), parsed below.
  }
  try {
    return parsePythonLiteral(text);
  } catch (err) {
    throw new TypingError(column, `not JSON or a Python literal: ${(err as Error).message}`);
  }
}

/** A typer per column that also enforces nullability. */
export function createTyper(column: ColumnDef): Typer {
  const typeValue = typerFor(column.name, column.type, column.freeText === true);
  return (raw) => {
    if (raw === null || raw === undefined) {
      if (!column.nullable) {
        throw new TypingError(column.name, 'is null but the column is NOT NULL');
      }
      return null;
    }
    return typeValue(raw);
  };
}
