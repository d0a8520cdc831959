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

/** One row per play; track_unique_id = track id + played_at, so a play loads once however often it is fetched. */
export const myTracks: TableDef = {
  name: 'my_tracks',
  source: 'spotify_api',
  schema: 'spotify',
  primaryKey: ['track_unique_id'],
  columns: [
    s('track_unique_id', false),
    s('track_id', false),
    text('track_name'),
    s('track_uri'),
    list('artist_ids'),
    list('artist_names'),
    s('album_id'),
    text('album_name'),
    s('album_release_date'),
    { name: 'played_at', type: 'timestamp', nullable: false },
    i32('duration_ms'),
    i16('popularity'),
    bool('explicit'),
    s('context_type'),
    s('context_uri'),
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
    /** Where the audio features came from: 'api', 'catalog' (the Kaggle table), or NULL. */
    s('features_source'),
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
    s('play_id', false),
    { name: 'ts', type: 'timestamp', nullable: false },
    { name: 'ms_played', type: 'int64', nullable: false },
    /** 'track', 'episode' or 'audiobook': podcasts are kept, apart, and left out of the plays model. */
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
  checks: {
    acceptedValues: {
      content_type: ['track', 'episode', 'audiobook'],
      source_format: ['account_data', 'extended', 'endsong'],
    },
    ranges: { ms_played: { min: 0 } },
  },
};
