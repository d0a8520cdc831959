// Turns the items of Spotify responses into rows keyed by catalog column names. The extractor
// (to count and to collect ids) and the s3-loader (to load) read responses through the same
// functions, so the counts they report agree. An item that does not match the spec comes back as
// an Error naming the field, for the quarantine.

import type { z } from 'zod';
import { SpotifyResponseError } from './errors';
import {
  albumSchema,
  artistSchema,
  audioFeaturesSchema,
  batchEnvelopeSchema,
  describeIssues,
  playItemSchema,
  recentlyPlayedPageSchema,
  trackSchema,
} from './schemas';
import type { AudioFeatures, Track } from './schemas';
import type { BronzeKind } from './bronze';

export type Row = Record<string, unknown>;

/** Audio features by track id, with where they came from. */
export type FeatureMap = Map<string, { values: Row; source: 'api' | 'catalog' }>;

export const FEATURE_COLUMNS = [
  'danceability',
  'energy',
  'track_key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
  'time_signature',
] as const;

const ENVELOPE_KEYS: Record<string, string> = {
  api_tracks: 'tracks',
  api_artists: 'artists',
  api_albums: 'albums',
};

/** The items of one bronze response object; an envelope that is not as documented throws. */
export function itemsOf(table: string, kind: BronzeKind, body: unknown): unknown[] {
  if (kind === 'each') {
    if (!Array.isArray(body)) {
      throw new SpotifyResponseError(table, 'a per-id bundle is not an array');
    }
    return body;
  }
  const schema =
    table === 'my_tracks'
      ? recentlyPlayedPageSchema
      : batchEnvelopeSchema(ENVELOPE_KEYS[table] ?? '');
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new SpotifyResponseError(table, describeIssues(parsed.error));
  }
  const data = parsed.data as Record<string, unknown>;
  return (table === 'my_tracks' ? data.items : data[ENVELOPE_KEYS[table] ?? '']) as unknown[];
}

function check<T>(schema: z.ZodType<T>, item: unknown): T | Error {
  if (item === null) {
    return new Error('Spotify returned null for this id (unknown to Spotify)');
  }
  const parsed = schema.safeParse(item);
  return parsed.success ? parsed.data : new Error(describeIssues(parsed.error));
}

export function featureValues(features: AudioFeatures): Row {
  return {
    danceability: features.danceability,
    energy: features.energy,
    track_key: features.key,
    loudness: features.loudness,
    mode: features.mode,
    speechiness: features.speechiness,
    acousticness: features.acousticness,
    instrumentalness: features.instrumentalness,
    liveness: features.liveness,
    valence: features.valence,
    tempo: features.tempo,
    time_signature: features.time_signature,
  };
}

/** Adds the features of an /audio-features response to the map; returns how many were malformed. */
export function addApiFeatures(map: FeatureMap, body: unknown): number {
  const parsed = batchEnvelopeSchema('audio_features').safeParse(body);
  if (!parsed.success) {
    throw new SpotifyResponseError('/audio-features', describeIssues(parsed.error));
  }
  let malformed = 0;
  for (const item of parsed.data.audio_features as unknown[]) {
    const features = audioFeaturesSchema.safeParse(item);
    if (features.success) {
      map.set(features.data.id, { values: featureValues(features.data), source: 'api' });
    } else if (item !== null) {
      malformed += 1;
    }
  }
  return malformed;
}

/** Adds a catalog row (spotify_tracks, as MySQL gave it) to the map. */
export function addCatalogFeatures(map: FeatureMap, row: Row): void {
  const values: Row = {};
  for (const column of FEATURE_COLUMNS) {
    values[column] = row[column] ?? null;
  }
  map.set(String(row.track_id), { values, source: 'catalog' });
}

function withFeatures(trackId: string, features: FeatureMap): Row {
  const found = features.get(trackId);
  if (found === undefined) {
    return { features_source: null };
  }
  return { ...found.values, features_source: found.source };
}

function trackColumns(track: Track): Row {
  return {
    track_id: track.id,
    track_name: track.name,
    track_uri: track.uri,
    artist_ids: track.artists.map((artist) => artist.id),
    artist_names: track.artists.map((artist) => artist.name),
    album_id: track.album.id,
    album_name: track.album.name,
    album_release_date: track.album.release_date ?? null,
    duration_ms: track.duration_ms,
    popularity: track.popularity ?? null,
    explicit: track.explicit,
  };
}

/** A my_tracks row; track_unique_id = track id + played_at, so a play loads once however often seen. */
export function myTracksRow(item: unknown, features: FeatureMap): Row | Error {
  const play = check(playItemSchema, item);
  if (play instanceof Error) {
    return play;
  }
  const playedAt = new Date(play.played_at).toISOString();
  return {
    track_unique_id: `${play.track.id}_${playedAt}`,
    ...trackColumns(play.track),
    played_at: playedAt,
    context_type: play.context?.type ?? null,
    context_uri: play.context?.uri ?? null,
    ...withFeatures(play.track.id, features),
  };
}

export function apiTrackRow(item: unknown, features: FeatureMap): Row | Error {
  const track = check(trackSchema, item);
  if (track instanceof Error) {
    return track;
  }
  return {
    ...trackColumns(track),
    disc_number: track.disc_number ?? null,
    track_number: track.track_number ?? null,
    isrc: track.external_ids?.isrc ?? null,
    ...withFeatures(track.id, features),
  };
}

export function apiArtistRow(item: unknown): Row | Error {
  const artist = check(artistSchema, item);
  if (artist instanceof Error) {
    return artist;
  }
  return {
    artist_id: artist.id,
    name: artist.name,
    artist_uri: artist.uri,
    genres: artist.genres ?? null,
    popularity: artist.popularity ?? null,
    followers: artist.followers?.total ?? null,
    image_url: artist.images?.[0]?.url ?? null,
  };
}

export function apiAlbumRow(item: unknown): Row | Error {
  const album = check(albumSchema, item);
  if (album instanceof Error) {
    return album;
  }
  return {
    album_id: album.id,
    album_name: album.name,
    album_type: album.album_type,
    artist_ids: album.artists.map((artist) => artist.id),
    artist_names: album.artists.map((artist) => artist.name),
    release_date: album.release_date,
    release_date_precision: album.release_date_precision,
    total_tracks: album.total_tracks,
    label: album.label ?? null,
    popularity: album.popularity ?? null,
    album_uri: album.uri,
    image_url: album.images?.[0]?.url ?? null,
  };
}

/** The row of one item for a spotify_api table. */
export function rowOf(table: string, item: unknown, features: FeatureMap): Row | Error {
  switch (table) {
    case 'my_tracks':
      return myTracksRow(item, features);
    case 'api_tracks':
      return apiTrackRow(item, features);
    case 'api_artists':
      return apiArtistRow(item);
    case 'api_albums':
      return apiAlbumRow(item);
    default:
      throw new Error(`${table} is not a spotify_api table`);
  }
}
