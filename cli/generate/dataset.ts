// What every row builder of one generated dataset shares: the seed, the scale, and the few values
// computed once (lyric lines, the preview `cid`, the formatted full market list).

import { buildLyricLines } from './names';
import { csvField, pythonFloat, pythonString } from './python-repr';
import { hash32 } from './random';
import type { Scale } from './relations';
import { scaleFor } from './relations';
import { createIdMaker } from './spotify-ids';
import type { IdMaker } from './spotify-ids';
import { MARKETS } from './vocabulary';

export interface Dataset {
  readonly seed: number;
  readonly scale: Scale;
  /** The dataset's Spotify-style id of a row: `id('album', 12)`. */
  readonly id: IdMaker;
  /** Lyric lines, their double quotes already doubled for the CSV cell. */
  readonly lyricLines: readonly string[];
  /** The client id every preview URL of the crawl carries. */
  readonly previewCid: string;
  /** The CSV cell of all markets, the most common value of available_markets. */
  readonly allMarketsCell: string;
}

export function createDataset(seed: number, tracks: number): Dataset {
  const cid = [0, 1, 2, 3].map((i) => hash32(seed, 0xc1d, i).toString(16).padStart(8, '0'));
  return {
    seed,
    scale: scaleFor(tracks),
    id: createIdMaker(seed),
    lyricLines: buildLyricLines(seed, 600).map((line) => line.replace(/"/g, '""')),
    previewCid: cid.join(''),
    allMarketsCell: csvField(pythonList(MARKETS)),
  };
}

export function pythonList(items: readonly string[]): string {
  return `[${items.map(pythonString).join(', ')}]`;
}

export const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));

/** Rounded to `digits` decimals, printed as pandas prints a float. */
export function fixed(value: number, digits: number): string {
  const scale = 10 ** digits;
  return pythonFloat(Math.round(value * scale) / scale);
}

/** Three significant digits, as Spotify reports acousticness, speechiness and the like. */
export function significant(value: number): string {
  return pythonFloat(Number(value.toPrecision(3)));
}

/** An integer column of a pandas frame that had gaps: pandas made it float, so `4` prints `4.0`. */
export function floatInt(value: number): string {
  return `${Math.round(value)}.0`;
}
