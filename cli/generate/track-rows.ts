// Rows of spotify_tracks.csv: audio features in Spotify's ranges and precisions, integer columns
// printed as floats (pandas had NaNs in them), multi-line lyrics, and the album's markets.

import { albumFacts } from './album-rows';
import type { AlbumFacts } from './album-rows';
import type { Dataset } from './dataset';
import { clamp, fixed, floatInt, pythonList, significant } from './dataset';
import { artistName, lyricsCell, STREAM, trackTitle } from './names';
import { csvField } from './python-repr';
import type { Random } from './random';
import { rowRandom } from './random';
import {
  albumOfTrack,
  artistOfAlbum,
  guestsOf,
  leadRepresentedBy,
  playlistOfTrack,
  playlistPosition,
  tracksOfAlbum,
} from './relations';
import { randomHex } from './spotify-ids';
import { PLAYLIST_COUNTRIES, TRACK_SUFFIXES } from './vocabulary';

export const TRACK_HEADER = [
  '',
  'acousticness',
  'album_id',
  'analysis_url',
  'artists_id',
  'available_markets',
  'country',
  'danceability',
  'disc_number',
  'duration_ms',
  'energy',
  'href',
  'id',
  'instrumentalness',
  'key',
  'liveness',
  'loudness',
  'lyrics',
  'mode',
  'name',
  'playlist',
  'popularity',
  'preview_url',
  'speechiness',
  'tempo',
  'time_signature',
  'track_href',
  'track_name_prev',
  'track_number',
  'uri',
  'valence',
  'type',
] as const;

export const TRACK_NUMBER_FIELDS = [1, 7, 9, 21, 24] as const;

/** The primary artist, the guests of a representative track, or now and then a featured artist. */
function creditedArtists(
  dataset: Dataset,
  random: Random,
  track: number,
  primary: number,
): number[] {
  const lead = leadRepresentedBy(dataset.seed, dataset.scale, track);
  if (lead !== null) {
    return [primary, ...guestsOf(dataset.seed, dataset.scale, lead)];
  }
  if (random.isChance(0.12)) {
    return [primary, random.int(0, dataset.scale.artists - 1)];
  }
  return [primary];
}

function trackName(dataset: Dataset, random: Random, track: number, artists: number[]): string {
  let name = trackTitle(dataset.seed, track);
  const [, featured] = artists;
  if (featured !== undefined && featured !== artists[0] && random.isChance(0.6)) {
    name += ` (feat. ${artistName(dataset.seed, featured)})`;
  } else if (random.isChance(0.06)) {
    name += random.pick(TRACK_SUFFIXES);
  }
  return name;
}

function instrumentalness(random: Random): string {
  const roll = random.next();
  if (roll < 0.3) {
    return '0.0';
  }
  if (roll < 0.7) {
    return significant(10 ** (-6 + 3 * random.next()));
  }
  if (roll < 0.85) {
    return significant(10 ** (-3 + 2.5 * random.next()));
  }
  return significant(0.5 + 0.45 * random.next());
}

interface AudioFeatures {
  acousticness: string;
  danceability: string;
  energy: string;
  instrumentalness: string;
  liveness: string;
  loudness: string;
  speechiness: string;
  tempo: string;
  valence: string;
}

function audioFeatures(random: Random): AudioFeatures {
  const energy = clamp(0.63 + 0.2 * random.normal(), 0.02, 1);
  const danceability = clamp(0.58 + 0.16 * random.normal(), 0.06, 0.98);
  const tempo = random.isChance(0.002) ? 0 : clamp(120 + 28 * random.normal(), 48, 215);
  return {
    acousticness: significant(clamp(random.next() ** 1.8 * (1.15 - energy), 1e-6, 0.996)),
    danceability: fixed(danceability, 3),
    energy: fixed(energy, 3),
    instrumentalness: instrumentalness(random),
    liveness: significant(clamp(Math.exp(Math.log(0.16) + 0.6 * random.normal()), 0.015, 0.99)),
    loudness: fixed(clamp(-4 - (1 - energy) * 14 + 2.2 * random.normal(), -45, 1.8), 3),
    speechiness: significant(
      clamp(Math.exp(Math.log(0.055) + 0.75 * random.normal()), 0.022, 0.96),
    ),
    tempo: fixed(tempo, 3),
    valence: fixed(clamp(0.45 + 0.24 * random.normal() + 0.2 * (danceability - 0.58), 0, 0.99), 3),
  };
}

/** What the tracks of one album share; consecutive tracks share an album, so it is kept. */
interface AlbumContext {
  album: number;
  id: string;
  facts: AlbumFacts;
  primaryArtist: number;
  firstTrack: number;
}

/** The row builder for spotify_tracks.csv: index in, CSV fields out. */
export function createTrackFields(dataset: Dataset): (index: number) => string[] {
  let context: AlbumContext | null = null;
  return (index) => {
    const album = albumOfTrack(dataset.scale, index);
    if (context?.album !== album) {
      context = {
        album,
        id: dataset.id('album', album),
        facts: albumFacts(dataset, album),
        primaryArtist: artistOfAlbum(dataset.scale, album),
        firstTrack: tracksOfAlbum(dataset.scale, album).first,
      };
    }
    return trackFields(dataset, index, context);
  };
}

function trackFields(dataset: Dataset, index: number, album: AlbumContext): string[] {
  const random = rowRandom(dataset.seed, STREAM.track, index);
  const artists = creditedArtists(dataset, random, index, album.primaryArtist);
  const id = dataset.id('track', index);
  const features = audioFeatures(random);
  const playlist = playlistOfTrack(index);
  const roll = random.next();
  return [
    String(index),
    features.acousticness,
    album.id,
    `https://api.spotify.com/v1/audio-analysis/${id}`,
    csvField(pythonList(artists.map((artist) => dataset.id('artist', artist)))),
    album.facts.markets,
    PLAYLIST_COUNTRIES[playlist % PLAYLIST_COUNTRIES.length] ?? 'US',
    features.danceability,
    floatInt(roll < 0.96 ? 1 : roll < 0.995 ? 2 : 3),
    floatInt(clamp(Math.exp(Math.log(215_000) + 0.35 * random.normal()), 30_000, 1_800_000)),
    features.energy,
    `https://api.spotify.com/v1/tracks/${id}`,
    id,
    features.instrumentalness,
    floatInt(random.int(0, 11)),
    features.liveness,
    features.loudness,
    lyricsCell(random, dataset.lyricLines),
    floatInt(random.isChance(0.64) ? 1 : 0),
    csvField(trackName(dataset, random, index, artists)),
    dataset.id('playlist', playlist),
    floatInt(clamp(35 + 18 * random.normal(), 0, 100)),
    random.isChance(0.25)
      ? ''
      : `https://p.scdn.co/mp3-preview/${randomHex(random, 40)}?cid=${dataset.previewCid}`,
    features.speechiness,
    features.tempo,
    floatInt(random.pick([4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 5, 1])),
    `https://api.spotify.com/v1/tracks/${id}`,
    `track_${playlistPosition(dataset.seed, index)}`,
    floatInt(Math.min(album.facts.totalTracks, index - album.firstTrack + 1 + random.int(0, 3))),
    `spotify:track:${id}`,
    features.valence,
    'track',
  ];
}
