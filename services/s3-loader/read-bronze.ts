// Reads the raw records of one bronze object, whatever its source wrote: one reader per source.
// A record is an object keyed by catalog column names, the values in the catalog's column order, or
// an Error for a line that cannot be read; the caller types the first two and quarantines the last.

import type { TableDef } from '../../shared/catalog';
import { readBronzeRows } from '../../shared/lake/bronze-rows';
import type { TextAs } from '../../shared/lake/json-array-line';
import type { LakeStore } from '../../shared/lake/objects';
import { readExportObject } from '../../shared/history/read-export';
import { readSpotifyResponses } from '../../shared/spotify/read-responses';

export interface BronzeRecord {
  /** Where the record sits in its bronze object (a line number for NDJSON), for quarantine rows. */
  position: number;
  /** The raw text as stored (or its UTF-8 bytes), kept for the quarantine. */
  raw: string | Uint8Array;
  record: Record<string, unknown> | readonly unknown[] | Error;
}

export type BronzeReader = (
  store: LakeStore,
  key: string,
  signal: AbortSignal,
) => AsyncIterable<BronzeRecord>;

const READERS: Partial<Record<TableDef['source'], (table: TableDef) => BronzeReader>> = {
  // Rows as arrays in the catalog's column order, straight from the extractor's header; text is
  // read as bytes, which the silver encoder takes as they are.
  mysql: (table) => {
    const columns = table.columns.map((column) => column.name);
    const textAs = bronzeTextAs(table);
    return (store, key, signal) => readBronzeRows(store, key, columns, signal, textAs);
  },
  // Raw API responses: each item becomes a row, joined with the run's audio features.
  spotify_api: () => readSpotifyResponses,
  // Export files as the user gave them, parsed streaming; a bad file fails the job, loading nothing.
  history_import: () => readExportObject,
};

/** Free text cleaned, other text trimmed, as the string typer would: for the silver encoder's bytes. */
function bronzeTextAs(table: TableDef): ReadonlyMap<string, TextAs> {
  const textAs = new Map<string, TextAs>();
  for (const column of table.columns) {
    if (column.type === 'string') {
      textAs.set(column.name, column.freeText === true ? 'cleaned-bytes' : 'bytes');
    }
  }
  return textAs;
}

export function bronzeReaderFor(table: TableDef): BronzeReader {
  const reader = READERS[table.source];
  if (reader === undefined) {
    throw new Error(`no bronze reader for the ${table.source} source (table ${table.name})`);
  }
  return reader(table);
}
