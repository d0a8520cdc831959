// Generates the three Kaggle SpotGenTrack CSVs at any scale, seeded and deterministic, one file after
// the other with memory that does not grow with the scale. A manifest written last records the seed
// and scale, so a caller can tell a finished dataset from an interrupted one and reuse it.

import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { basename, join } from 'node:path';
import { ALBUM_HEADER, ALBUM_NUMBER_FIELDS, albumFields } from './album-rows';
import { ARTIST_HEADER, ARTIST_NUMBER_FIELDS, artistFields } from './artist-rows';
import { createDataset } from './dataset';
import type { Scale } from './relations';
import { createTrackFields, TRACK_HEADER, TRACK_NUMBER_FIELDS } from './track-rows';
import { writeTableCsv } from './write-table-csv';
import type { TableSpec, TableWriteResult } from './write-table-csv';

export const MANIFEST_FILE = 'spotlake-dataset.json';
export const DIRTY_ROWS_FILE = 'dirty-rows.ndjson';
/** The real dataset's track count: the default scale. */
export const REAL_TRACKS = 101_939;

export interface GenerateOptions {
  tracks: number;
  out: string;
  seed: number;
  /** Share of rows (0 to 1) written broken on purpose. */
  dirty: number;
  onProgress?(table: string, rows: number, total: number): void;
}

export interface DatasetManifest {
  seed: number;
  tracks: number;
  dirty: number;
  scale: Scale;
  files: TableWriteResult[];
  ms: number;
}

export function tableSpecs(scale: Scale): TableSpec[] {
  return [
    {
      table: 'spotify_artists',
      header: ARTIST_HEADER,
      rows: scale.artists,
      numberFields: ARTIST_NUMBER_FIELDS,
      stream: 101,
      idField: 4,
      createFields: (dataset) => (index) => artistFields(dataset, index),
    },
    {
      table: 'spotify_albums',
      header: ALBUM_HEADER,
      rows: scale.albums,
      numberFields: ALBUM_NUMBER_FIELDS,
      stream: 102,
      idField: 6,
      createFields: (dataset) => (index) => albumFields(dataset, index),
    },
    {
      table: 'spotify_tracks',
      header: TRACK_HEADER,
      rows: scale.tracks,
      numberFields: TRACK_NUMBER_FIELDS,
      stream: 103,
      idField: 12,
      createFields: createTrackFields,
    },
  ];
}

export async function generateDataset(options: GenerateOptions): Promise<DatasetManifest> {
  if (!(options.dirty >= 0 && options.dirty <= 1)) {
    throw new RangeError(`dirty must be a share between 0 and 1, got ${options.dirty}`);
  }
  const started = performance.now();
  const dataset = createDataset(options.seed, options.tracks);
  await mkdir(options.out, { recursive: true });
  // A manifest left by an earlier dataset must not vouch for files being rewritten.
  await rm(join(options.out, MANIFEST_FILE), { force: true });
  const dirtyPath = join(options.out, DIRTY_ROWS_FILE);
  const dirtyLog = options.dirty > 0 ? createWriteStream(dirtyPath) : null;
  if (dirtyLog === null) {
    await rm(dirtyPath, { force: true });
  }
  const files: TableWriteResult[] = [];
  for (const spec of tableSpecs(dataset.scale)) {
    files.push(
      await writeTableCsv(join(options.out, `${spec.table}.csv`), spec, dataset, {
        dirtyShare: options.dirty,
        dirtyLog,
        onRows: (rows) => options.onProgress?.(spec.table, rows, spec.rows),
      }),
    );
  }
  if (dirtyLog !== null) {
    dirtyLog.end();
    await finished(dirtyLog);
  }
  const manifest: DatasetManifest = {
    seed: options.seed,
    tracks: options.tracks,
    dirty: options.dirty,
    scale: dataset.scale,
    files: files.map((file) => ({ ...file, file: basename(file.file) })),
    ms: Math.round(performance.now() - started),
  };
  await writeFile(join(options.out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
