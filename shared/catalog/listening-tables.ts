// The user's own listening: plays polled from the Web API (`my_tracks`, as the original pipeline
// named it) and the downloadable listening-history export (`listening_history`).

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
const bool = (name: string): ColumnDef => ({ name, type: 'boolean', nullable: true });
const list = (name: string): ColumnDef => ({ name, type: 'string_list', nullable: true });

const i64 = (name: string): ColumnDef => ({ name, type: 'int64', nullable: true });

/** Audio features and where they came from: 'api', 'catalog' (the Kaggle table), or NULL. */
const audioFeatures: readonly ColumnDef[] = [
  f64('danceability'),
  f64('energy'),
  i16('track_key'),
  f64('loudness'),
  i16('mode'),
  f64('speechiness'),
  f64('acousticness'),
  f64('instrumentalness'),
  f64('liveness'),
  f64('valence'),
  f64('tempo'),
  i16('time_signature'),
  s('features_source'),
];

/** What a TrackObject says about the track, as my_tracks and api_tracks keep it. */
const trackDetails: readonly ColumnDef[] = [
  text('track_name'),
  s('track_uri'),
  list('artist_ids'),
  list('artist_names'),
  s('album_id'),
  text('album_name'),
  s('album_release_date'),
];

/** One row per play; track_unique_id = track id + played_at, so a play loads once however often it is fetched. */
export const myTracks: TableDef = {
  name: 'my_tracks',
  source: 'spotify_api',
  schema: 'spotify',
  primaryKey: ['track_unique_id'],
  columns: [
    s('track_unique_id', false),
    s('track_id', false),
    ...trackDetails,
    { name: 'played_at', type: 'timestamp', nullable: false },
    i32('duration_ms'),
    i16('popularity'),
    bool('explicit'),
    s('context_type'),
    s('context_uri'),
    ...audioFeatures,
  ],
  extract: { kind: 'incremental_by_watermark', watermarkColumn: 'played_at' },
  load: 'upsert',
  allowAddColumns: false,
};

/** Every field of the three export formats; `ts` is when the play ended, in UTC (as Spotify documents it). */
export const listeningHistory: TableDef = {
  name: 'listening_history',
  source: 'history_import',
  schema: 'spotify',
  primaryKey: ['play_id'],
  columns: [
    s('play_id', false),
    { name: 'ts', type: 'timestamp', nullable: false },
    { name: 'ms_played', type: 'int64', nullable: false },
    /** 'track', 'episode', 'audiobook' or 'unknown': podcasts are kept, apart; plays takes 'track' only. */
    s('content_type', false),
    text('track_name'),
    text('artist_name'),
    text('album_name'),
    s('spotify_track_uri'),
    s('track_id'),
    text('episode_name'),
    text('episode_show_name'),
    s('spotify_episode_uri'),
    text('audiobook_title'),
    s('audiobook_uri'),
    s('audiobook_chapter_uri'),
    text('audiobook_chapter_title'),
    s('reason_start'),
    s('reason_end'),
    bool('shuffle'),
    bool('skipped'),
    bool('offline'),
    { name: 'offline_timestamp', type: 'int64', nullable: true },
    bool('incognito_mode'),
    s('platform'),
    s('conn_country'),
    s('ip_addr'),
    s('user_agent'),
    s('username'),
    /** 'account_data' (StreamingHistory*.json), 'extended' (Streaming_History_Audio_*) or 'endsong'. */
    s('source_format', false),
    s('source_file', false),
  ],
  extract: { kind: 'import_files' },
  load: 'upsert',
  allowAddColumns: false,
};

const enrich = { kind: 'enrich_unknown_ids' } as const;

/** Tracks heard (in the export) that neither my_tracks nor the Kaggle catalog knows, from /tracks. */
export const apiTracks: TableDef = {
  name: 'api_tracks',
  source: 'spotify_api',
  schema: 'spotify',
  primaryKey: ['track_id'],
  columns: [
    s('track_id', false),
    ...trackDetails,
    i32('duration_ms'),
    i16('popularity'),
    bool('explicit'),
    i16('disc_number'),
    i16('track_number'),
    s('isrc'),
    ...audioFeatures,
  ],
  extract: enrich,
  load: 'upsert',
  allowAddColumns: false,
};

/** Artists of the tracks heard that the Kaggle catalog does not know, from /artists. */
export const apiArtists: TableDef = {
  name: 'api_artists',
  source: 'spotify_api',
  schema: 'spotify',
  primaryKey: ['artist_id'],
  columns: [
    s('artist_id', false),
    text('name'),
    s('artist_uri'),
    list('genres'),
    i16('popularity'),
    i64('followers'),
    s('image_url'),
  ],
  extract: enrich,
  load: 'upsert',
  allowAddColumns: false,
};

/** Albums of the tracks heard that the Kaggle catalog does not know, from /albums. */
export const apiAlbums: TableDef = {
  name: 'api_albums',
  source: 'spotify_api',
  schema: 'spotify',
  primaryKey: ['album_id'],
  columns: [
    s('album_id', false),
    text('album_name'),
    s('album_type'),
    list('artist_ids'),
    list('artist_names'),
    s('release_date'),
    s('release_date_precision'),
    i16('total_tracks'),
    text('label'),
    i16('popularity'),
    s('album_uri'),
    s('image_url'),
  ],
  extract: enrich,
  load: 'upsert',
  allowAddColumns: false,
  checks: { acceptedValues: { release_date_precision: ['year', 'month', 'day'] } },
};
