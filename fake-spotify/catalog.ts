// The fake Spotify's music: tracks, artists and albums synthesized from their ids, so any valid
// Spotify id resolves the same way every time, and a seeded listening history over a pool of tracks.
// Objects are shaped as the OpenAPI spec's TrackObject, ArtistObject, AlbumObject and friends.

import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const SPOTIFY_ID = /^[0-9A-Za-z]{22}$/;
const WORDS = [
  'Midnight',
  'Paper',
  'Echo',
  'Velvet',
  'Satellite',
  'Harbor',
  'Golden',
  'Neon',
  'River',
  'Glass',
  'Summer',
  'Ghost',
  'Wild',
  'Electric',
  'Silent',
  'Ocean',
  'Crimson',
  'Hollow',
  'Saudade',
  'Łąka',
  'Corazón',
  'Nocturne',
  'Café',
  'Kōen',
];
const ARTIST_POOL = 40;
const ALBUM_POOL = 60;

export interface FakeOptions {
  seed: string;
  /** Apps in development mode (2026) no longer get popularity, followers, genres, markets. */
  isDevelopmentMode: boolean;
  apiUrl: string;
}

function digest(...parts: string[]): Buffer {
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

/** A deterministic 22-character base62 Spotify id. */
export function fakeId(...parts: string[]): string {
  const bytes = digest(...parts);
  let id = '';
  for (let i = 0; i < 22; i += 1) {
    id += BASE62[(bytes[i] ?? 0) % 62];
  }
  return id;
}

/** A deterministic number in [0, 1) for a key. */
export function unit(...parts: string[]): number {
  return digest(...parts).readUInt32BE(0) / 2 ** 32;
}

function pick<T>(items: readonly T[], ...parts: string[]): T {
  return items[Math.floor(unit(...parts) * items.length)] as T;
}

function title(seed: string, id: string, words: number): string {
  return Array.from({ length: words }, (_, i) => pick(WORDS, seed, id, 'w', String(i))).join(' ');
}

const artistIdAt = (seed: string, index: number): string => fakeId(seed, 'artist', String(index));
const albumIdAt = (seed: string, index: number): string => fakeId(seed, 'album', String(index));

export function trackIdAt(seed: string, index: number): string {
  return fakeId(seed, 'track', String(index));
}

function links(options: FakeOptions, kind: string, id: string) {
  return {
    external_urls: { spotify: `https://open.spotify.com/${kind}/${id}` },
    href: `${options.apiUrl}/${kind}s/${id}`,
    uri: `spotify:${kind}:${id}`,
  };
}

function simplifiedArtist(options: FakeOptions, id: string) {
  return {
    ...links(options, 'artist', id),
    id,
    name: title(options.seed, id, 2),
    type: 'artist',
  };
}

function albumIndexOf(options: FakeOptions, trackId: string): number {
  return Math.floor(unit(options.seed, trackId, 'album') * ALBUM_POOL);
}

function albumArtistIds(options: FakeOptions, albumId: string): string[] {
  const main = artistIdAt(options.seed, Math.floor(unit(options.seed, albumId, 'a') * ARTIST_POOL));
  return [main];
}

function markets(options: FakeOptions): { available_markets?: string[] } {
  return options.isDevelopmentMode ? {} : { available_markets: ['DE', 'PL', 'SG', 'US', 'VN'] };
}

function popularity(options: FakeOptions, id: string): { popularity?: number } {
  return options.isDevelopmentMode ? {} : { popularity: Math.floor(unit(id, 'pop') * 101) };
}

function albumBase(options: FakeOptions, albumId: string) {
  const year = 1970 + Math.floor(unit(albumId, 'year') * 55);
  const precision = pick(['day', 'day', 'month', 'year'] as const, albumId, 'precision');
  const releaseDate =
    precision === 'year' ? `${year}` : precision === 'month' ? `${year}-06` : `${year}-06-15`;
  return {
    album_type: pick(['album', 'single', 'compilation'] as const, albumId, 'type'),
    total_tracks: 1 + Math.floor(unit(albumId, 'n') * 14),
    ...markets(options),
    ...links(options, 'album', albumId),
    id: albumId,
    images: [
      { url: `https://i.scdn.co/image/${albumId}640`, height: 640, width: 640 },
      { url: `https://i.scdn.co/image/${albumId}300`, height: 300, width: 300 },
    ],
    name: title(options.seed, albumId, 2),
    release_date: releaseDate,
    release_date_precision: precision,
    type: 'album',
  };
}

function simplifiedAlbum(options: FakeOptions, albumId: string) {
  return {
    ...albumBase(options, albumId),
    artists: albumArtistIds(options, albumId).map((id) => simplifiedArtist(options, id)),
  };
}

/** The album a track belongs to: pool tracks share a small set of albums, so artists repeat. */
function albumIdOf(options: FakeOptions, trackId: string): string {
  return albumIdAt(options.seed, albumIndexOf(options, trackId));
}

export function fakeTrack(options: FakeOptions, id: string) {
  const albumId = albumIdOf(options, id);
  const artistIds = albumArtistIds(options, albumId);
  if (unit(id, 'feat') < 0.3) {
    artistIds.push(artistIdAt(options.seed, Math.floor(unit(id, 'featured') * ARTIST_POOL)));
  }
  return {
    album: simplifiedAlbum(options, albumId),
    artists: [...new Set(artistIds)].map((artistId) => simplifiedArtist(options, artistId)),
    ...markets(options),
    disc_number: 1,
    duration_ms: 120_000 + Math.floor(unit(id, 'duration') * 180_000),
    explicit: unit(id, 'explicit') < 0.2,
    external_ids: { isrc: `QZ${id.slice(0, 10).toUpperCase()}` },
    ...links(options, 'track', id),
    id,
    is_local: false,
    name: title(options.seed, id, 3),
    ...popularity(options, id),
    preview_url: null,
    track_number: 1 + Math.floor(unit(id, 'no') * 12),
    type: 'track',
  };
}

export function fakeArtist(options: FakeOptions, id: string) {
  const extended = options.isDevelopmentMode
    ? {}
    : {
        followers: { href: null, total: Math.floor(unit(id, 'followers') * 2_000_000) },
        genres: [pick(['indie pop', 'sertanejo', 'k-pop', 'techno', 'jazz'], id, 'genre')],
        popularity: Math.floor(unit(id, 'pop') * 101),
      };
  return {
    ...links(options, 'artist', id),
    ...extended,
    id,
    images: [{ url: `https://i.scdn.co/image/${id}a`, height: 640, width: 640 }],
    name: title(options.seed, id, 2),
    type: 'artist',
  };
}

export function fakeAlbum(options: FakeOptions, id: string) {
  const base = albumBase(options, id);
  const artists = albumArtistIds(options, id).map((artistId) =>
    simplifiedArtist(options, artistId),
  );
  const extended = options.isDevelopmentMode
    ? {}
    : { genres: [], popularity: Math.floor(unit(id, 'pop') * 101) };
  const firstTrack = fakeId(options.seed, 'album-track', id);
  return {
    ...base,
    artists,
    tracks: {
      href: `${options.apiUrl}/albums/${id}/tracks?offset=0&limit=50`,
      items: [
        {
          artists,
          ...markets(options),
          disc_number: 1,
          duration_ms: 200_000,
          explicit: false,
          ...links(options, 'track', firstTrack),
          id: firstTrack,
          is_local: false,
          name: base.name,
          preview_url: null,
          track_number: 1,
          type: 'track',
        },
      ],
      limit: 50,
      next: null,
      offset: 0,
      previous: null,
      total: 1,
    },
    copyrights: [{ text: `(C) ${base.release_date.slice(0, 4)} Fake Records`, type: 'C' }],
    external_ids: { upc: `00${id.length}${Math.floor(unit(id, 'upc') * 1e9)}` },
    label: 'Fake Records',
    ...extended,
  };
}

export function fakeAudioFeatures(options: FakeOptions, id: string) {
  const f = (name: string, digits = 3): number =>
    Number(unit(options.seed, id, name).toFixed(digits));
  return {
    acousticness: f('acousticness'),
    analysis_url: `${options.apiUrl}/audio-analysis/${id}`,
    danceability: f('danceability'),
    duration_ms: fakeTrack(options, id).duration_ms,
    energy: f('energy'),
    id,
    instrumentalness: f('instrumentalness', 5),
    key: Math.floor(unit(id, 'key') * 12),
    liveness: f('liveness'),
    loudness: Number((-30 + unit(id, 'loudness') * 28).toFixed(3)),
    mode: unit(id, 'mode') < 0.6 ? 1 : 0,
    speechiness: f('speechiness'),
    tempo: Number((60 + unit(id, 'tempo') * 120).toFixed(3)),
    time_signature: unit(id, 'ts') < 0.9 ? 4 : 3,
    track_href: `${options.apiUrl}/tracks/${id}`,
    type: 'audio_features',
    uri: `spotify:track:${id}`,
    valence: f('valence'),
  };
}
