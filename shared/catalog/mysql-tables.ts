// The Kaggle SpotGenTrack tables of the MySQL "enterprise" source. Column names follow the Kaggle
// headers, with `id`/`key` renamed to `<table>_id`/`track_key` as the original pipeline did.

import { f64, i16, i32, json, jsonList, list, str, text } from './columns';
import type { ColumnDef, TableDef } from './types';

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
    str('artist_id', false),
    i16('artist_popularity'),
    { name: 'followers', type: 'int64', nullable: true },
    list('genres'),
    text('name'),
    str('track_id'),
    str('track_name_prev'),
    str('type'),
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
    str('album_id', false),
    str('album_type'),
    str('artist_id'),
    jsonList('available_markets'),
    json('external_urls'),
    str('href'),
    json('images'),
    text('name'),
    str('release_date'),
    str('release_date_precision'),
    i16('total_tracks'),
    str('track_id'),
    str('track_name_prev'),
    str('uri'),
    str('type'),
    updatedAt,
  ],
  foreignKeys: [
    { column: 'artist_id', references: { table: 'spotify_artists', column: 'artist_id' } },
  ],
  extract: changedThatDay,
  // The run's day is replaced whole, so a row deleted from that day in the source leaves it here too.
  load: 'replace_partition',
  allowAddColumns: false,
  checks: { acceptedValues: { release_date_precision: ['year', 'month', 'day'] } },
};

export const spotifyTracks: TableDef = {
  name: 'spotify_tracks',
  source: 'mysql',
  schema: 'spotify',
  primaryKey: ['track_id'],
  columns: [
    str('track_id', false),
    f64('acousticness'),
    str('album_id'),
    str('analysis_url'),
    list('artists_id'),
    jsonList('available_markets'),
    str('country'),
    f64('danceability'),
    i16('disc_number'),
    i32('duration_ms'),
    f64('energy'),
    str('href'),
    f64('instrumentalness'),
    i16('track_key'),
    f64('liveness'),
    f64('loudness'),
    text('lyrics'),
    i16('mode'),
    text('name'),
    str('playlist'),
    i16('popularity'),
    str('preview_url'),
    f64('speechiness'),
    f64('tempo'),
    i16('time_signature'),
    str('track_href'),
    str('track_name_prev'),
    i16('track_number'),
    str('uri'),
    f64('valence'),
    str('type'),
    updatedAt,
  ],
  foreignKeys: [
    { column: 'album_id', references: { table: 'spotify_albums', column: 'album_id' } },
  ],
  extract: watermark,
  load: 'upsert',
  allowAddColumns: false,
  // ~2 KB a row: parts of 20,000 rows keep a part's bronze object and silver row groups small,
  // and give the stages enough parts to work on at once (issue 10).
  partRows: 20_000,
  checks: { ranges: { popularity: { min: 0, max: 100 }, danceability: { min: 0, max: 1 } } },
};
