// Spotify-style ids for generated rows: 22 base62 characters, starting with 0-7 as the real ones do
// (they encode 128 bits). Characters 2-12 spell a keyed permutation of (kind, index), which makes
// every id of a dataset unique by construction; the rest is noise.

import type { Random } from './random';
import { hash32, mix32 } from './random';

export const ID_KIND = { track: 1, album: 2, artist: 3, playlist: 4 } as const;
export type IdKind = keyof typeof ID_KIND;
export type IdMaker = (kind: IdKind, index: number) => string;

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE62_CODES = [...BASE62].map((ch) => ch.charCodeAt(0));
const HEX = '0123456789abcdef';

/** Writes `count` base62 digits of the 64-bit value (high, low) into `codes`, ending at `end`. */
function putBase62(codes: number[], end: number, count: number, high: number, low: number): void {
  let hi = high;
  let lo = low;
  for (let i = 0; i < count; i += 1) {
    const carried = (hi % 62) * 4294967296 + lo;
    hi = Math.floor(hi / 62);
    lo = Math.floor(carried / 62);
    codes[end - i] = BASE62_CODES[carried % 62] ?? 48;
  }
}

export function createIdMaker(seed: number): IdMaker {
  const keys = [0, 1, 2, 3].map((round) => hash32(seed, 0x1d5, round));
  const codes = new Array<number>(22).fill(48);
  return (kind, index) => {
    // A Feistel network over two 32-bit halves is a bijection whatever its round function.
    let left: number = ID_KIND[kind];
    let right = index >>> 0;
    for (const key of keys) {
      const next = (left ^ mix32(right ^ key)) >>> 0;
      left = right;
      right = next;
    }
    const noise = mix32(left ^ mix32(right + seed));
    codes[0] = BASE62_CODES[noise & 7] ?? 48;
    // 62^11 > 2^64, so 11 digits hold the permuted value whole: distinct inputs, distinct ids.
    putBase62(codes, 11, 11, left, right);
    putBase62(codes, 21, 10, noise >>> 3, mix32(noise ^ index));
    return String.fromCharCode(...codes);
  };
}

/** `length` lowercase hex digits drawn from a row's stream (image and preview hashes). */
export function randomHex(random: Random, length: number): string {
  let out = '';
  while (out.length < length) {
    let word = random.bits();
    for (let i = 0; i < 8 && out.length < length; i += 1) {
      out += HEX[word & 15] ?? '0';
      word >>>= 4;
    }
  }
  return out;
}
