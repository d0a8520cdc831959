// Rows of spotify_albums.csv, and the album facts its tracks repeat (markets, track count). Images
// and external_urls are Python-literal dicts; release_date has year, month or day precision.

import type { Dataset } from './dataset';
import { pythonList } from './dataset';
import { albumTitle, STREAM, trackTitle } from './names';
import { csvField } from './python-repr';
import type { Random } from './random';
import { rowRandom } from './random';
import { artistOfAlbum, playlistPosition, tracksOfAlbum } from './relations';
import { randomHex } from './spotify-ids';
import { MARKETS } from './vocabulary';

export const ALBUM_HEADER = [
  '',
  'album_type',
  'artist_id',
  'available_markets',
  'external_urls',
  'href',
  'id',
  'images',
  'name',
  'release_date',
  'release_date_precision',
  'total_tracks',
  'track_id',
  'track_name_prev',
  'uri',
  'type',
] as const;

export const ALBUM_NUMBER_FIELDS = [11] as const;

export interface AlbumFacts {
  type: 'album' | 'single' | 'compilation';
  totalTracks: number;
  /** available_markets as the CSV cell holds it (already quoted when it needs to be). */
  markets: string;
}

/** The reference notes available_markets above 10 KB: a list repeated many times, kept rare. */
const HUGE_MARKETS_SHARE = 0.0005;

function marketsCell(dataset: Dataset, random: Random): string {
  const roll = random.next();
  if (roll < HUGE_MARKETS_SHARE) {
    return csvField(pythonList(Array.from({ length: 22 }, () => MARKETS).flat()));
  }
  if (roll < 0.72) {
    return dataset.allMarketsCell;
  }
  if (roll < 0.86) {
    const dropped = new Set(Array.from({ length: random.int(1, 6) }, () => random.pick(MARKETS)));
    return csvField(pythonList(MARKETS.filter((market) => !dropped.has(market))));
  }
  if (roll < 0.96) {
    const kept = new Set(Array.from({ length: random.int(1, 15) }, () => random.pick(MARKETS)));
    return csvField(pythonList(MARKETS.filter((market) => kept.has(market))));
  }
  return '[]';
}

export function albumFacts(dataset: Dataset, album: number): AlbumFacts {
  const random = rowRandom(dataset.seed, STREAM.markets, album);
  const roll = random.next();
  const type = roll < 0.55 ? 'album' : roll < 0.9 ? 'single' : 'compilation';
  const totalTracks =
    type === 'single'
      ? random.int(1, random.isChance(0.7) ? 1 : 4)
      : type === 'album'
        ? random.int(6, 22)
        : random.int(12, 40);
  return { type, totalTracks, markets: marketsCell(dataset, random) };
}

function releaseDate(random: Random): [string, string] {
  if (random.isChance(0.0005)) {
    return ['0000', 'year'];
  }
  const year = random.isChance(0.12)
    ? random.int(1950, 2020)
    : 2020 - Math.floor(Math.abs(random.normal()) * 7);
  const month = String(random.int(1, 12)).padStart(2, '0');
  const day = String(random.int(1, 28)).padStart(2, '0');
  const roll = random.next();
  if (roll < (year < 1985 ? 0.5 : 0.1)) {
    return [String(year), 'year'];
  }
  if (roll < (year < 1985 ? 0.55 : 0.14)) {
    return [`${year}-${month}`, 'month'];
  }
  return [`${year}-${month}-${day}`, 'day'];
}

/** Three sizes of one cover, as the API lists them (same hash, size code in the path). */
function images(random: Random): string {
  const hash = randomHex(random, 24);
  const image = (size: number, code: string): string =>
    `{'height': ${size}, 'url': 'https://i.scdn.co/image/ab67616d0000${code}${hash}', 'width': ${size}}`;
  return `"[${image(640, 'b273')}, ${image(300, '1e02')}, ${image(64, '4851')}]"`;
}

export function albumFields(dataset: Dataset, index: number): string[] {
  const facts = albumFacts(dataset, index);
  const random = rowRandom(dataset.seed, STREAM.album, index);
  const id = dataset.id('album', index);
  const firstTrack = tracksOfAlbum(dataset.scale, index).first;
  const [date, precision] = releaseDate(random);
  const name = facts.type === 'single' ? trackTitle(dataset.seed, firstTrack) : albumTitle(random);
  return [
    String(index),
    facts.type,
    dataset.id('artist', artistOfAlbum(dataset.scale, index)),
    facts.markets,
    `{'spotify': 'https://open.spotify.com/album/${id}'}`,
    `https://api.spotify.com/v1/albums/${id}`,
    id,
    images(random),
    csvField(name),
    date,
    precision,
    String(facts.totalTracks),
    dataset.id('track', firstTrack),
    `track_${playlistPosition(dataset.seed, firstTrack)}`,
    `spotify:album:${id}`,
    'album',
  ];
}
