// The catalog: every table the pipeline knows, and the lookups stages use. An identifier that is not
// here cannot reach SQL.

import { UnknownTableError } from '../errors';
import { apiAlbums, apiArtists, apiTracks, listeningHistory, myTracks } from './listening-tables';
import { spotifyAlbums, spotifyArtists, spotifyTracks } from './mysql-tables';
import type { ColumnDef, SourceName, TableDef } from './types';

export type * from './types';

const TABLES: readonly TableDef[] = [
  spotifyArtists,
  spotifyAlbums,
  spotifyTracks,
  myTracks,
  apiTracks,
  apiArtists,
  apiAlbums,
  listeningHistory,
];

const BY_NAME = new Map(TABLES.map((table) => [table.name, table]));

export function listTables(source?: SourceName): readonly TableDef[] {
  return source === undefined ? TABLES : TABLES.filter((table) => table.source === source);
}

export function getTable(name: string): TableDef {
  const table = BY_NAME.get(name);
  if (table === undefined) {
    throw new UnknownTableError(name);
  }
  return table;
}

export function isKnownTable(name: string): boolean {
  return BY_NAME.has(name);
}

/** The column an incremental extract selects changed rows by (watermark or partition), if any. */
export function changeColumnOf(table: TableDef): string | null {
  switch (table.extract.kind) {
    case 'incremental_by_watermark':
      return table.extract.watermarkColumn;
    case 'incremental_by_partition':
      return table.extract.partitionColumn;
    default:
      return null;
  }
}

export function getColumn(table: TableDef, name: string): ColumnDef {
  const column = table.columns.find((c) => c.name === name);
  if (column === undefined) {
    throw new UnknownTableError(`${table.name}.${name}`);
  }
  return column;
}
