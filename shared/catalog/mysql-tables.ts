// The Kaggle SpotGenTrack tables of the MySQL "enterprise" source. Column names follow the Kaggle
// headers, with `id`/`key` renamed to `<table>_id`/`track_key` as the original pipeline did.

import type { ColumnDef, TableDef } from './types';

const s = (name: string, nullable = true): ColumnDef => ({ name, type: 'string', nullable });
const text = (name: string): ColumnDef => ({
  name,
  type: 'string',
  nullable: true,
  freeText: true,
});
const i16 = (name: string): ColumnDef => ({ name, type: 'int16', nullable: true });
const i32 = (name: string): ColumnDef => ({ name, type: 'int32', nullable: true });
const f64 = (name: string): ColumnDef => ({ name, type: 'float64', nullable: true });
const list = (name: string): ColumnDef => ({ name, type: 'string_list', nullable: true });
const json = (name: string): ColumnDef => ({ name, type: 'json', nullable: true });
const updatedAt: ColumnDef = { name: 'updated_at', type: 'timestamp', nullable: false };

const watermark = { kind: 'incremental_by_watermark', watermarkColumn: 'updated_at' } as const;
/** The rows that changed on the run's date: a daily run (or a backfill) takes that day alone. */
const changedThatDay = { kind: 'incremental_by_partition', partitionColumn: 'updated_at' } as const;

export const spotifyArtists: TableDef = {
  name: 'spotify_artists',
  source: 'mysql',
  schema: 'spotify',
  primaryKey: ['artist_id'],
  columns: [
    s('artist_id', false),
    i16('artist_popularity'),
    { name: 'followers', type: 'int64', nullable: true },
    list('genres'),
    text('name'),
    s('track_id'),
    s('track_name_prev'),
    s('type'),
    updatedAt,
  ],
  extract: { kind: 'full_load' },
  load: 'replace_table',
  allowAddColumns: false,
  checks: { ranges: { artist_popularity: { min: 0, max: 100 } } },
};

export const spotifyAlbums: TableDef = {
  name: 'spotify_albums',
  source: 'mysql',
  schema: 'spotify',
  primaryKey: ['album_id'],
  columns: [
    s('album_id', false),
    s('album_type'),
    s('artist_id'),
    list('available_markets'),
    json('external_urls'),
    s('href'),
    json('images'),
    text('name'),
    s('release_date'),
    s('release_date_precision'),
    i16('total_tracks'),
    s('track_id'),
    s('track_name_prev'),
    s('uri'),
    s('type'),
    updatedAt,
  ],
  foreignKeys: [
    { column: 'artist_id', references: { table: 'spotify_artists', column: 'artist_id' } },
  ],
  extract: changedThatDay,
  load: 'upsert',
  allowAddColumns: false,
  checks: { acceptedValues: { release_date_precision: ['year', 'month', 'day'] } },
};

export const spotifyTracks: TableDef = {
  name: 'spotify_tracks',
  source: 'mysql',
  schema: 'spotify',
  primaryKey: ['track_id'],
  columns: [
    s('track_id', false),
    f64('acousticness'),
    s('album_id'),
    s('analysis_url'),
    list('artists_id'),
    list('available_markets'),
    s('country'),
    f64('danceability'),
    i16('disc_number'),
    i32('duration_ms'),
    f64('energy'),
    s('href'),
    f64('instrumentalness'),
    i16('track_key'),
    f64('liveness'),
    f64('loudness'),
    text('lyrics'),
    i16('mode'),
    text('name'),
    s('playlist'),
    i16('popularity'),
    s('preview_url'),
    f64('speechiness'),
    f64('tempo'),
    i16('time_signature'),
    s('track_href'),
    s('track_name_prev'),
    i16('track_number'),
    s('uri'),
    f64('valence'),
    s('type'),
    updatedAt,
  ],
  foreignKeys: [
    { column: 'album_id', references: { table: 'spotify_albums', column: 'album_id' } },
  ],
  extract: watermark,
  load: 'upsert',
  allowAddColumns: false,
  splitAboveRows: 200_000,
  checks: { ranges: { popularity: { min: 0, max: 100 }, danceability: { min: 0, max: 1 } } },
};
