// Rows of spotify_artists.csv. Popularity follows log(followers) as on Spotify; most artists have no
// genres, the others a few from one family, sorted; `track_id` is the track the artist was found
// through, shared by a lead and its guests.

import type { Dataset } from './dataset';
import { clamp, pythonList } from './dataset';
import { artistName, STREAM } from './names';
import { csvField } from './python-repr';
import type { Random } from './random';
import { rowRandom } from './random';
import { leadOf, playlistPosition, representativeTrack } from './relations';
import { GENRE_FAMILIES } from './vocabulary';

export const ARTIST_HEADER = [
  '',
  'artist_popularity',
  'followers',
  'genres',
  'id',
  'name',
  'track_id',
  'track_name_prev',
  'type',
] as const;

/** Fields a dirty row may spoil with text that is not a number. */
export const ARTIST_NUMBER_FIELDS = [1, 2] as const;

function genres(random: Random, logFollowers: number): string {
  if (!random.isChance(clamp(0.1 + 0.075 * logFollowers, 0.1, 0.8))) {
    return '[]';
  }
  const family = random.pick(GENRE_FAMILIES);
  const chosen = new Set<string>();
  const wanted = Math.min(family.length, 1 + Math.floor(-Math.log(1 - random.next()) * 1.6));
  while (chosen.size < wanted) {
    chosen.add(random.pick(family));
  }
  return csvField(pythonList([...chosen].sort()));
}

export function artistFields(dataset: Dataset, index: number): string[] {
  const random = rowRandom(dataset.seed, STREAM.artist, index);
  const logFollowers = clamp(2.45 + 1.3 * random.normal(), 0, 7.9);
  const followers = Math.max(0, Math.floor(10 ** logFollowers) - 1);
  const popularity = clamp(
    Math.round(9 * Math.log10(followers + 1) + 3 + 7 * random.normal()),
    0,
    100,
  );
  const track = representativeTrack(dataset.scale, leadOf(dataset.seed, index));
  return [
    String(index),
    String(popularity),
    String(followers),
    genres(random, logFollowers),
    dataset.id('artist', index),
    csvField(artistName(dataset.seed, index)),
    dataset.id('track', track),
    `track_${playlistPosition(dataset.seed, track)}`,
    'artist',
  ];
}
