// MySQL bronze objects: gzipped NDJSON whose first line names the columns, `{"columns": [...]}`,
// and whose every other line is one row as a JSON array in that order, each value as MySQL printed
// it. Arrays instead of one object per row: the column names are written once per object instead
// of once per row, and the s3-loader parses a row without building an object (its bronze parsing
// went from 722 to 539 ms a 100,000 tracks, issue 10). Objects written before the header (one JSON
// object per line) are still read.

import { readNdjsonLines } from './ndjson';
import type { LakeStore } from './objects';

export function bronzeHeaderLine(columns: readonly string[]): string {
  return JSON.stringify({ columns });
}

export interface BronzeRow {
  /** The line of the row in its object, 1-based (the header is line 1). */
  position: number;
  /** The line as stored, kept for the quarantine. */
  raw: string;
  /** One value per requested column, in their order (undefined where the object has none). */
  record: unknown[] | Error;
}

/** How to turn one line into values in the order of `columns`. */
type Decode = (parsed: unknown) => unknown[] | Error;

function fromObject(columns: readonly string[]): Decode {
  return (parsed) => {
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return new Error('bronze line is not a JSON object');
    }
    const record = parsed as Record<string, unknown>;
    return columns.map((name) => record[name]);
  };
}

function fromArray(header: readonly string[], columns: readonly string[]): Decode {
  const width = header.length;
  const sameOrder = width === columns.length && header.every((name, i) => name === columns[i]);
  const positions = columns.map((name) => header.indexOf(name));
  return (parsed) => {
    if (!Array.isArray(parsed) || parsed.length !== width) {
      return new Error(`bronze line is not a JSON array of ${width} values`);
    }
    const values = parsed as unknown[];
    return sameOrder ? values : positions.map((at) => (at < 0 ? undefined : values[at]));
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

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return PARSE_FAILED;
  }
}

const PARSE_FAILED = Symbol('not JSON');

/** Yields the rows of one MySQL bronze object as values in the order of `columns`. */
export async function* readBronzeRows(
  store: LakeStore,
  key: string,
  columns: readonly string[],
  signal?: AbortSignal,
): AsyncGenerator<BronzeRow> {
  let decode: Decode | null = null;
  for await (const { line, lineNumber } of readNdjsonLines(store, key, signal)) {
    const parsed = parseLine(line);
    if (decode === null) {
      const header = readHeader(parsed);
      decode = header === null ? fromObject(columns) : fromArray(header, columns);
      if (header !== null) {
        continue;
      }
    }
    yield {
      position: lineNumber,
      raw: line,
      record: parsed === PARSE_FAILED ? new Error('bronze line is not JSON') : decode(parsed),
    };
  }
}
