// MySQL bronze objects: gzipped NDJSON whose first line names the columns, `{"columns": [...]}`,
// and whose every other line is one row as a JSON array in that order, each value as MySQL printed
// it. Arrays instead of one object per row: the column names are written once per object instead
// of once per row, and the s3-loader parses a row without building an object (its bronze parsing
// went from 722 to 539 ms a 100,000 tracks, issue 10). Objects written before the header (one JSON
// object per line) are still read. Array lines are decoded from their bytes (json-array-line.ts),
// the text of the columns a caller wants as bytes left as bytes.

import { ByteArena, decodeArrayLine } from './json-array-line';
import type { TextAs } from './json-array-line';
import { readNdjsonByteLines } from './ndjson';
import type { LakeStore } from './objects';

export function bronzeHeaderLine(columns: readonly string[]): string {
  return JSON.stringify({ columns });
}

export interface BronzeRow {
  /** The line of the row in its object, 1-based (the header is line 1). */
  position: number;
  /** The line as stored, its UTF-8 bytes, kept for the quarantine. */
  raw: Buffer;
  /** One value per requested column, in their order (undefined where the object has none). */
  record: unknown[] | Error;
}

/** How to turn one line into values in the order of `columns`. */
type Decode = (line: Buffer) => unknown[] | Error;

function fromObject(columns: readonly string[]): Decode {
  return (line) => {
    const parsed = parseLine(line);
    if (parsed === PARSE_FAILED) {
      return new Error('bronze line is not JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return new Error('bronze line is not a JSON object');
    }
    const record = parsed as Record<string, unknown>;
    return columns.map((name) => record[name]);
  };
}

function fromArray(
  header: readonly string[],
  columns: readonly string[],
  textAs: ReadonlyMap<string, TextAs>,
): Decode {
  const width = header.length;
  const sameOrder = width === columns.length && header.every((name, i) => name === columns[i]);
  const positions = columns.map((name) => header.indexOf(name));
  const wanted = header.map((name) => textAs.get(name) ?? 'string');
  const arena = new ByteArena();
  const inOrder = (values: unknown[]): unknown[] =>
    sameOrder ? values : positions.map((at) => (at < 0 ? undefined : values[at]));
  return (line) => {
    // The previous row's values have been used: its unescaped text may be written over.
    arena.recycle();
    const decoded = decodeArrayLine(line, width, wanted, arena);
    if (decoded !== null) {
      return inOrder(decoded);
    }
    // Not the shape the byte decoder takes: parsed as text, which also says what is wrong.
    const parsed = parseLine(line);
    if (parsed === PARSE_FAILED) {
      return new Error('bronze line is not JSON');
    }
    if (!Array.isArray(parsed) || parsed.length !== width) {
      return new Error(`bronze line is not a JSON array of ${width} values`);
    }
    return inOrder(parsed as unknown[]);
  };
}

function readHeader(parsed: unknown): string[] | null {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return null;
  }
  const { columns } = parsed as { columns?: unknown };
  if (!Array.isArray(columns) || Object.keys(parsed).length !== 1) {
    return null;
  }
  const names: unknown[] = columns;
  return names.every((name): name is string => typeof name === 'string') ? names : null;
}

function parseLine(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString('utf8')) as unknown;
  } catch {
    return PARSE_FAILED;
  }
}

const PARSE_FAILED = Symbol('not JSON');

/**
 * Yields the rows of one MySQL bronze object as values in the order of `columns`. Text of the
 * columns in `textAs` comes as UTF-8 bytes (trimmed, cleaned for free text) where it can, and as a
 * string otherwise; every other column's text as a string. Those bytes are views valid until the
 * next row is read: a caller that keeps them copies them (the silver encoder does as it goes).
 */
export async function* readBronzeRows(
  store: LakeStore,
  key: string,
  columns: readonly string[],
  signal?: AbortSignal,
  textAs: ReadonlyMap<string, TextAs> = new Map(),
): AsyncGenerator<BronzeRow> {
  let decode: Decode | null = null;
  for await (const { line, lineNumber } of readNdjsonByteLines(store, key, signal)) {
    if (decode === null) {
      const header = readHeader(parseLine(line));
      decode = header === null ? fromObject(columns) : fromArray(header, columns, textAs);
      if (header !== null) {
        continue;
      }
    }
    yield { position: lineNumber, raw: line, record: decode(line) };
  }
}
