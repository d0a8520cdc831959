// Encodes silver values as PostgreSQL COPY text: tab-separated, \N for NULL, backslash escapes.
// Array columns become array literals; the result is escaped once more for COPY.

import type { ColumnType } from '../catalog';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPE_CHARS = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function escapeCopyText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_CHARS, (ch) => ESCAPED[ch] ?? ch) : text;
}

const ARRAY_SPECIAL = /[\\"]/;
const ARRAY_ESCAPES = /[\\"]/g;

// One pass with a string builder: a track's market list has ~80 items, and the map/join/replace of
// every item was the pg-loader's costliest column (issue 10).
function arrayLiteral(items: readonly unknown[]): string {
  let literal = '{';
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i];
    if (i > 0) {
      literal += ',';
    }
    if (item === null || item === undefined) {
      literal += 'NULL';
      continue;
    }
    const text = typeof item === 'string' ? item : JSON.stringify(item);
    literal += ARRAY_SPECIAL.test(text)
      ? `"${text.replace(ARRAY_ESCAPES, (ch) => `\\${ch}`)}"`
      : `"${text}"`;
  }
  return `${literal}}`;
}

/** Text of a scalar as COPY wants it; structured values (never expected here) as JSON. */
function asText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

export type CopyEncoder = (value: unknown) => string;

export function copyEncoderFor(type: ColumnType): CopyEncoder {
  switch (type) {
    case 'string':
      return (value) => (value === null || value === undefined ? '\\N' : escapeCopyText(asText(value)));
    case 'json':
      // The Parquet reader hands JSON columns back parsed, a JSON string as a JS string: COPY wants
      // the document's text.
      return (value) =>
        value === null || value === undefined ? '\\N' : escapeCopyText(JSON.stringify(value));
    case 'int16':
    case 'int32':
    case 'int64':
      return (value) => (value === null || value === undefined ? '\\N' : asText(value));
    case 'float32':
    case 'float64':
      // String(-0) is '0': keep the sign.
      return (value) =>
        value === null || value === undefined ? '\\N' : Object.is(value, -0) ? '-0' : asText(value);
    case 'boolean':
      return (value) => (value === null || value === undefined ? '\\N' : value ? 't' : 'f');
    case 'timestamp':
      return (value) => (value instanceof Date ? value.toISOString() : '\\N');
    case 'date':
      return (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : '\\N');
    case 'string_list':
      return (value) =>
        Array.isArray(value) ? escapeCopyText(arrayLiteral(value)) : '\\N';
  }
}
