// What the pipeline reads from Spotify's responses, as zod schemas after the OpenAPI spec. Lenient
// where the real API is: context may be null, and popularity, genres, followers and markets may be
// missing (gone for development-mode apps since 2026). Envelopes and items are checked apart, so
// one bad item is quarantined and the rest go on.

import { z } from 'zod';

const id = z.string().regex(/^[0-9A-Za-z]{22}$/, 'a 22-character Spotify id');

const simplifiedArtistSchema = z.object({ id, name: z.string() });

const imageSchema = z.object({ url: z.string() });

export const simplifiedAlbumSchema = z.object({
  id,
  name: z.string(),
  release_date: z.string().optional(),
});

export const trackSchema = z.object({
  id,
  name: z.string(),
  uri: z.string(),
  duration_ms: z.number().int().nonnegative(),
  explicit: z.boolean(),
  popularity: z.number().int().min(0).max(100).optional(),
  disc_number: z.number().int().optional(),
  track_number: z.number().int().optional(),
  artists: z.array(simplifiedArtistSchema),
  album: simplifiedAlbumSchema,
  external_ids: z.object({ isrc: z.string().optional() }).optional(),
});
export type Track = z.infer<typeof trackSchema>;

export const playItemSchema = z.object({
  track: trackSchema,
  played_at: z.iso.datetime(),
  context: z.object({ type: z.string(), uri: z.string() }).nullish(),
});
export type PlayItem = z.infer<typeof playItemSchema>;

export const recentlyPlayedPageSchema = z.object({
  items: z.array(z.unknown()),
  next: z.string().nullish(),
  cursors: z.object({ after: z.string().optional(), before: z.string().optional() }).nullish(),
});

export const audioFeaturesSchema = z.object({
  id,
  danceability: z.number(),
  energy: z.number(),
  key: z.number().int(),
  loudness: z.number(),
  mode: z.number().int(),
  speechiness: z.number(),
  acousticness: z.number(),
  instrumentalness: z.number(),
  liveness: z.number(),
  valence: z.number(),
  tempo: z.number(),
  time_signature: z.number().int(),
});
export type AudioFeatures = z.infer<typeof audioFeaturesSchema>;

export const artistSchema = z.object({
  id,
  name: z.string(),
  uri: z.string(),
  genres: z.array(z.string()).optional(),
  popularity: z.number().int().min(0).max(100).optional(),
  followers: z.object({ total: z.number().int().nonnegative() }).optional(),
  images: z.array(imageSchema).optional(),
});
export type Artist = z.infer<typeof artistSchema>;

export const albumSchema = z.object({
  id,
  name: z.string(),
  uri: z.string(),
  album_type: z.string(),
  total_tracks: z.number().int().nonnegative(),
  release_date: z.string(),
  release_date_precision: z.enum(['year', 'month', 'day']),
  artists: z.array(simplifiedArtistSchema),
  label: z.string().optional(),
  popularity: z.number().int().min(0).max(100).optional(),
  images: z.array(imageSchema).optional(),
});
export type Album = z.infer<typeof albumSchema>;

/** A batch envelope: `{ <key>: [item | null, ...] }`; items are checked one by one afterwards. */
export function batchEnvelopeSchema(key: string) {
  return z.object({ [key]: z.array(z.unknown()) });
}

/** One line of reasons, naming each bad field, for the quarantine. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'item'}: ${issue.message}`)
    .join('; ');
}
