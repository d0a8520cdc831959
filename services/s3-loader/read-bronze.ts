// Reads the raw records of one bronze object, whatever its source wrote: one reader per source.
// A record is an object keyed by catalog column names, or an Error for a line that cannot be read;
// the caller types the first and quarantines the second.

import type { TableDef } from '../../shared/catalog';
import { readNdjsonLines } from '../../shared/lake/ndjson';
import type { LakeStore } from '../../shared/lake/objects';
import { readExportObject } from '../../shared/history/read-export';
import { readSpotifyResponses } from '../../shared/spotify/read-responses';

export interface BronzeRecord {
  /** Where the record sits in its bronze object (a line number for NDJSON), for quarantine rows. */
  position: number;
  /** The raw text as stored, kept for the quarantine. */
  raw: string;
  record: Record<string, unknown> | Error;
}

export type BronzeReader = (
  store: LakeStore,
  key: string,
  signal: AbortSignal,
) => AsyncIterable<BronzeRecord>;

async function* readMysqlNdjson(
  store: LakeStore,
  key: string,
  signal: AbortSignal,
): AsyncGenerator<BronzeRecord> {
  for await (const { line, lineNumber } of readNdjsonLines(store, key, signal)) {
    yield { position: lineNumber, raw: line, record: parseObject(line) };
  }
}

function parseObject(line: string): Record<string, unknown> | Error {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return new Error('bronze line is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return new Error('bronze line is not a JSON object');
  }
  return value as Record<string, unknown>;
}

const READERS: Partial<Record<TableDef['source'], BronzeReader>> = {
  mysql: readMysqlNdjson,
  // Raw API responses: each item becomes a row, joined with the run's audio features.
  spotify_api: readSpotifyResponses,
  // Export files as the user gave them, parsed streaming; a bad file fails the job, loading nothing.
  history_import: readExportObject,
};

export function bronzeReaderFor(table: TableDef): BronzeReader {
  const reader = READERS[table.source];
  if (reader === undefined) {
    throw new Error(`no bronze reader for the ${table.source} source (table ${table.name})`);
  }
  return reader;
}
