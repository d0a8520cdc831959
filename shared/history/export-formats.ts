// The three formats of Spotify's listening-history export, checked with zod and turned into
// listening_history rows that keep every field. The format is told by the first play's fields
// (the file name is only a hint: users rename files): endTime = account data
// (StreamingHistory*.json), ts with username/ip_addr_decrypted = endsong_*.json, ts = extended
// (Streaming_History_Audio_*.json).

import { createHash } from 'node:crypto';
import { z } from 'zod';

export type ExportFormat = 'account_data' | 'extended' | 'endsong';
export type HistoryRow = Record<string, unknown>;

const text = z.string().nullish();
const flag = z.boolean().nullish();

/** The extended and endsong formats: every field either has, all but ts and ms_played optional. */
const streamingPlaySchema = z.object({
  ts: z.iso.datetime({ offset: true }),
  ms_played: z.number().int().nonnegative(),
  username: text,
  platform: text,
  conn_country: text,
  ip_addr: text,
  ip_addr_decrypted: text,
  user_agent_decrypted: text,
  master_metadata_track_name: text,
  master_metadata_album_artist_name: text,
  master_metadata_album_album_name: text,
  spotify_track_uri: text,
  episode_name: text,
  episode_show_name: text,
  spotify_episode_uri: text,
  audiobook_title: text,
  audiobook_uri: text,
  audiobook_chapter_uri: text,
  audiobook_chapter_title: text,
  reason_start: text,
  reason_end: text,
  shuffle: flag,
  skipped: flag,
  offline: flag,
  offline_timestamp: z.number().int().nullish(),
  incognito_mode: flag,
});

/** Account data: end time in UTC to the minute, names only. */
const accountPlaySchema = z.object({
  endTime: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'a time like 2024-05-01 13:45'),
  artistName: z.string(),
  trackName: z.string(),
  msPlayed: z.number().int().nonnegative(),
});

const KNOWN_FIELDS: Record<ExportFormat, ReadonlySet<string>> = {
  account_data: new Set(Object.keys(accountPlaySchema.shape)),
  extended: new Set(Object.keys(streamingPlaySchema.shape)),
  endsong: new Set(Object.keys(streamingPlaySchema.shape)),
};

const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/;

export function detectFormat(first: unknown): ExportFormat | null {
  if (first === null || typeof first !== 'object') {
    return null;
  }
  if ('endTime' in first) {
    return 'account_data';
  }
  if (!('ts' in first)) {
    return null;
  }
  return 'username' in first || 'ip_addr_decrypted' in first || 'user_agent_decrypted' in first
    ? 'endsong'
    : 'extended';
}

export function unknownFields(format: ExportFormat, value: object): string[] {
  return Object.keys(value).filter((key) => !KNOWN_FIELDS[format].has(key));
}

/** Same play, same id: the end time, what was played, and for how long. */
function playId(ts: string, what: string, msPlayed: number): string {
  return createHash('sha256').update(`${ts}|${what}|${msPlayed}`).digest('hex').slice(0, 32);
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

function accountRow(value: unknown, fileName: string): HistoryRow | Error {
  const parsed = accountPlaySchema.safeParse(value);
  if (!parsed.success) {
    return new Error(issues(parsed.error));
  }
  const play = parsed.data;
  const ts = new Date(`${play.endTime.replace(' ', 'T')}:00Z`).toISOString();
  // The account-data export splits music and podcasts into files named ..._music_N / ..._podcast_N.
  const isPodcast = /podcast/i.test(fileName);
  return {
    play_id: playId(ts, `${play.artistName}|${play.trackName}`, play.msPlayed),
    ts,
    ms_played: play.msPlayed,
    content_type: isPodcast ? 'episode' : 'track',
    track_name: isPodcast ? null : play.trackName,
    artist_name: isPodcast ? null : play.artistName,
    episode_name: isPodcast ? play.trackName : null,
    episode_show_name: isPodcast ? play.artistName : null,
    source_format: 'account_data',
    source_file: fileName,
  };
}

const isSet = (value: string | null | undefined): value is string =>
  value !== null && value !== undefined;

function contentTypeOf(play: z.infer<typeof streamingPlaySchema>): string {
  if (isSet(play.spotify_track_uri)) {
    return 'track';
  }
  if (isSet(play.spotify_episode_uri)) {
    return 'episode';
  }
  if (isSet(play.audiobook_uri) || isSet(play.audiobook_chapter_uri)) {
    return 'audiobook';
  }
  // Local files have a name but no URI; rows with neither are kept as 'unknown'.
  return isSet(play.master_metadata_track_name) ? 'track' : 'unknown';
}

function streamingRow(value: unknown, format: ExportFormat, fileName: string): HistoryRow | Error {
  const parsed = streamingPlaySchema.safeParse(value);
  if (!parsed.success) {
    return new Error(issues(parsed.error));
  }
  const play = parsed.data;
  const ts = new Date(play.ts).toISOString();
  const what =
    play.spotify_track_uri ??
    play.spotify_episode_uri ??
    play.audiobook_chapter_uri ??
    play.audiobook_uri ??
    `${play.master_metadata_album_artist_name ?? ''}|${play.master_metadata_track_name ?? ''}`;
  return {
    play_id: playId(ts, what, play.ms_played),
    ts,
    ms_played: play.ms_played,
    content_type: contentTypeOf(play),
    track_name: play.master_metadata_track_name,
    artist_name: play.master_metadata_album_artist_name,
    album_name: play.master_metadata_album_album_name,
    spotify_track_uri: play.spotify_track_uri,
    track_id: TRACK_URI.exec(play.spotify_track_uri ?? '')?.[1] ?? null,
    episode_name: play.episode_name,
    episode_show_name: play.episode_show_name,
    spotify_episode_uri: play.spotify_episode_uri,
    audiobook_title: play.audiobook_title,
    audiobook_uri: play.audiobook_uri,
    audiobook_chapter_uri: play.audiobook_chapter_uri,
    audiobook_chapter_title: play.audiobook_chapter_title,
    reason_start: play.reason_start,
    reason_end: play.reason_end,
    shuffle: play.shuffle,
    skipped: play.skipped,
    offline: play.offline,
    offline_timestamp: play.offline_timestamp,
    incognito_mode: play.incognito_mode,
    platform: play.platform,
    conn_country: play.conn_country,
    ip_addr: play.ip_addr ?? play.ip_addr_decrypted,
    user_agent: play.user_agent_decrypted,
    username: play.username,
    source_format: format,
    source_file: fileName,
  };
}

/** The listening_history row of one play of the export, or an Error naming the bad fields. */
export function historyRow(
  value: unknown,
  format: ExportFormat,
  fileName: string,
): HistoryRow | Error {
  return format === 'account_data'
    ? accountRow(value, fileName)
    : streamingRow(value, format, fileName);
}
