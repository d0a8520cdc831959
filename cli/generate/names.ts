// Names and lyrics for generated rows, in the mix the real catalog has: mostly Latin script with
// accents, some Cyrillic, Greek, Hangul and kana, a few names with commas, apostrophes, double
// quotes or emoji (the cases that break naive CSV and SQL handling).

import type { Random } from './random';
import { rowRandom } from './random';
import {
  BAND_SUFFIXES,
  EMOJI,
  FIRST_NAMES,
  LAST_NAMES,
  NATIVE_SCRIPT_NAMES,
  WORDS,
} from './vocabulary';

/** Independent random streams, one per kind of value, so a name can be rebuilt from its index. */
export const STREAM = {
  artist: 1,
  album: 2,
  track: 3,
  artistName: 4,
  trackTitle: 5,
  markets: 6,
  dirty: 7,
  lyrics: 8,
} as const;

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

function person(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

function words(random: Random, min: number, max: number): string {
  const count = random.int(min, max);
  const picked: string[] = [];
  for (let i = 0; i < count; i += 1) {
    picked.push(capitalize(random.pick(WORDS)));
  }
  return picked.join(' ');
}

/** The artist's name; the artists file and the tracks' "(feat. …)" both call this. */
export function artistName(seed: number, artist: number): string {
  const random = rowRandom(seed, STREAM.artistName, artist);
  const roll = random.next();
  if (roll < 0.45) {
    return person(random);
  }
  if (roll < 0.55) {
    return `${random.pick(FIRST_NAMES)} & ${random.pick(FIRST_NAMES)}`;
  }
  if (roll < 0.7) {
    return random.isChance(0.5) ? `The ${words(random, 1, 2)}` : words(random, 1, 2);
  }
  if (roll < 0.79) {
    return random.pick(WORDS).toUpperCase();
  }
  if (roll < 0.85) {
    return `${random.pick(LAST_NAMES)} ${random.pick(BAND_SUFFIXES)}`;
  }
  if (roll < 0.9) {
    return random.pick(NATIVE_SCRIPT_NAMES);
  }
  if (roll < 0.905) {
    return `${person(random)}, Jr.`;
  }
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)} & The ${words(random, 1, 1)}`;
}

/** A track's title without version suffix or featuring credit. */
export function trackTitle(seed: number, track: number): string {
  const random = rowRandom(seed, STREAM.trackTitle, track);
  const roll = random.next();
  if (roll < 0.03) {
    return `${words(random, 1, 2)}, ${random.pick(WORDS)}`;
  }
  if (roll < 0.034) {
    return `Theme From "${words(random, 1, 2)}"`;
  }
  if (roll < 0.036) {
    return `${words(random, 1, 3)} ${random.pick(EMOJI)}`;
  }
  return words(random, 1, 4);
}

export function albumTitle(random: Random): string {
  const roll = random.next();
  if (roll < 0.1) {
    return `Live at ${words(random, 1, 2)}`;
  }
  if (roll < 0.13) {
    return `${words(random, 1, 2)}, ${words(random, 1, 2)} & ${words(random, 1, 1)}`;
  }
  return words(random, 1, 4);
}

/** A pool of lyric lines, built once per dataset; rows pick from it so text stays cheap to make. */
export function buildLyricLines(seed: number, count: number): string[] {
  const random = rowRandom(seed, STREAM.lyrics, 0);
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const line = words(random, 3, 9);
    const roll = random.next();
    lines.push(
      roll < 0.2
        ? `${line}, ${random.pick(WORDS)}`
        : roll < 0.23
          ? `"${line}"`
          : roll < 0.3
            ? `${line} (oh, oh)`
            : line,
    );
  }
  return lines;
}

/** The lyrics cell: many lines (so always quoted), or empty for instrumentals and unknowns. */
export function lyricsCell(random: Random, escapedLines: readonly string[]): string {
  if (random.isChance(0.12)) {
    return '';
  }
  const count = random.int(16, 76);
  let text = random.pick(escapedLines);
  for (let i = 1; i < count; i += 1) {
    text += `\n${random.pick(escapedLines)}`;
  }
  return `"${text}"`;
}
