// Maps a Kaggle SpotGenTrack CSV header onto a catalog table: the unnamed pandas index column is
// dropped, `id` becomes `<table>_id` and `key` becomes `track_key`, as the original pipeline did.

import type { TableDef } from '../../shared/catalog';

const ID_COLUMN: Record<string, string> = {
  spotify_artists: 'artist_id',
  spotify_albums: 'album_id',
  spotify_tracks: 'track_id',
};

export interface HeaderMapping {
  /** For each CSV field, the catalog column it loads into, or null to drop it. */
  targets: (string | null)[];
  columns: string[];
}

export function mapKaggleHeader(table: TableDef, header: readonly string[]): HeaderMapping {
  const known = new Set(table.columns.map((column) => column.name));
  const targets = header.map((field, index) => {
    if (index === 0 && field.trim() === '') {
      return null;
    }
    const name =
      field === 'id' ? (ID_COLUMN[table.name] ?? field) : field === 'key' ? 'track_key' : field;
    if (!known.has(name)) {
      throw new Error(
        `${table.name}: the CSV column ${JSON.stringify(field)} is not in the catalog`,
      );
    }
    return name;
  });
  const columns = targets.filter((target): target is string => target !== null);
  const missing = table.columns.filter(
    (column) => column.name !== 'updated_at' && !columns.includes(column.name),
  );
  if (missing.length > 0) {
    throw new Error(
      `${table.name}: the CSV has no column for ${missing.map((c) => c.name).join(', ')}`,
    );
  }
  return { targets, columns };
}
