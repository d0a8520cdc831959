// The user's own listening: plays polled from the Web API (`my_tracks`, as the original pipeline
// named it) and the downloadable listening-history export (`listening_history`).

import { bool, f64, i16, i32, i64, list, str, text } from './columns';
import type { ColumnDef, TableDef } from './types';

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
  str('features_source'),
];

/** What a TrackObject says about the track, as my_tracks and api_tracks keep it. */
const trackDetails: readonly ColumnDef[] = [
  text('track_name'),
  str('track_uri'),
  list('artist_ids'),
  list('artist_names'),
  str('album_id'),
  text('album_name'),
  str('album_release_date'),
];

/** One row per play; track_unique_id = track id + played_at, so a play loads once however often it is fetched. */
export const myTracks: TableDef = {
  name: 'my_tracks',
  source: 'spotify_api',
  schema: 'spotify',
  primaryKey: ['track_unique_id'],
  columns: [
    str('track_unique_id', false),
    str('track_id', false),
    ...trackDetails,
    { name: 'played_at', type: 'timestamp', nullable: false },
    i32('duration_ms'),
    i16('popularity'),
    bool('explicit'),
    str('context_type'),
    str('context_uri'),
    ...audioFeatures,
  ],
  extract: { kind: 'incremental_by_watermark', watermarkColumn: 'played_at' },
  load: 'upsert',
  allowAddColumns: false,
  checks: {
    acceptedValues: { features_source: ['api', 'catalog'] },
    ranges: {
      duration_ms: { min: 0 },
      popularity: { min: 0, max: 100 },
      danceability: { min: 0, max: 1 },
      energy: { min: 0, max: 1 },
      valence: { min: 0, max: 1 },
      acousticness: { min: 0, max: 1 },
      tempo: { min: 0 },
    },
  },
};

/** Every field of the three export formats; `ts` is when the play ended, in UTC (as Spotify documents it). */
export const listeningHistory: TableDef = {
  name: 'listening_history',
  source: 'history_import',
  schema: 'spotify',
  primaryKey: ['play_id'],
  columns: [
    str('play_id', false),
    { name: 'ts', type: 'timestamp', nullable: false },
    { name: 'ms_played', type: 'int64', nullable: false },
    /** 'track', 'episode', 'audiobook' or 'unknown': podcasts are kept, apart; plays takes 'track' only. */
    str('content_type', false),
    text('track_name'),
    text('artist_name'),
    text('album_name'),
    str('spotify_track_uri'),
    str('track_id'),
    text('episode_name'),
    text('episode_show_name'),
    str('spotify_episode_uri'),
    text('audiobook_title'),
    str('audiobook_uri'),
    str('audiobook_chapter_uri'),
    text('audiobook_chapter_title'),
    str('reason_start'),
    str('reason_end'),
    bool('shuffle'),
    bool('skipped'),
    bool('offline'),
    { name: 'offline_timestamp', type: 'int64', nullable: true },
    bool('incognito_mode'),
    str('platform'),
    str('conn_country'),
    str('ip_addr'),
    str('user_agent'),
    str('username'),
    /** 'account_data' (StreamingHistory*.json), 'extended' (Streaming_History_Audio_*) or 'endsong'. */
    str('source_format', false),
    str('source_file', false),
  ],
  extract: { kind: 'import_files' },
  load: 'upsert',
  allowAddColumns: false,
  checks: {
    acceptedValues: {
      content_type: ['track', 'episode', 'audiobook'],
      source_format: ['account_data', 'extended', 'endsong'],
    },
    ranges: { ms_played: { min: 0 } },
  },
};

const enrich = { kind: 'enrich_unknown_ids' } as const;

/** Tracks heard (in the export) that neither my_tracks nor the Kaggle catalog knows, from /tracks. */
export const apiTracks: TableDef = {
  name: 'api_tracks',
  source: 'spotify_api',
  schema: 'spotify',
  primaryKey: ['track_id'],
  columns: [
    str('track_id', false),
    ...trackDetails,
    i32('duration_ms'),
    i16('popularity'),
    bool('explicit'),
    i16('disc_number'),
    i16('track_number'),
    str('isrc'),
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
    str('artist_id', false),
    text('name'),
    str('artist_uri'),
    list('genres'),
    i16('popularity'),
    i64('followers'),
    str('image_url'),
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
    str('album_id', false),
    text('album_name'),
    str('album_type'),
    list('artist_ids'),
    list('artist_names'),
    str('release_date'),
    str('release_date_precision'),
    i16('total_tracks'),
    text('label'),
    i16('popularity'),
    str('album_uri'),
    str('image_url'),
  ],
  extract: enrich,
  load: 'upsert',
  allowAddColumns: false,
  checks: { acceptedValues: { release_date_precision: ['year', 'month', 'day'] } },
};
