// A year of someone's listening, in the extended export format (Streaming_History_Audio_*.json),
// over tracks of the catalog: what `spotlake up --demo` imports so the wrap-up has plays that join
// the catalog. Seeded: the same tracks, seed and end date give the same file.

import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRandom, hash32 } from './random';
import type { Random } from './random';

export interface DemoTrack {
  readonly trackId: string;
  readonly name: string;
  readonly artist: string | null;
  readonly album: string | null;
  readonly durationMs: number;
}

export interface DemoHistoryOptions {
  readonly days: number;
  readonly seed: number;
  /** Plays end before this instant (the demo uses today's UTC midnight). */
  readonly end: Date;
}

export interface DemoPlay {
  readonly ts: string;
  readonly platform: string;
  readonly ms_played: number;
  readonly conn_country: string;
  readonly master_metadata_track_name: string;
  readonly master_metadata_album_artist_name: string | null;
  readonly master_metadata_album_album_name: string | null;
  readonly spotify_track_uri: string;
  readonly reason_start: string;
  readonly reason_end: string;
  readonly shuffle: boolean;
  readonly skipped: boolean;
  readonly offline: boolean;
  readonly incognito_mode: boolean;
}

const DAY_MS = 86_400_000;
const PLATFORMS = ['iOS 17.4 (iPhone15,2)', 'Android OS 14 API 34 (Google, Pixel 8)', 'OS X 14.2'];
// Sessions start most often on the way to work, at lunch and in the evening.
const SESSION_HOURS = [7, 8, 8, 12, 13, 17, 18, 19, 20, 21, 21, 22, 23];

/** A few favourites heard often and a long tail heard once: the order of favour is seeded. */
function favourOrder(tracks: readonly DemoTrack[], seed: number): DemoTrack[] {
  return tracks
    .map((track, index) => ({ track, key: hash32(seed, index) }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.track);
}

function sessionPlays(
  random: Random,
  ordered: readonly DemoTrack[],
  start: number,
  platform: string,
): DemoPlay[] {
  const plays: DemoPlay[] = [];
  let at = start;
  const length = random.int(4, 24);
  const shuffle = random.isChance(0.3);
  for (let i = 0; i < length; i += 1) {
    const track = ordered[Math.floor(random.next() ** 3 * ordered.length)] as DemoTrack;
    const skipped = random.isChance(0.12);
    const msPlayed = skipped ? random.int(1500, 28_000) : track.durationMs;
    at += msPlayed;
    plays.push({
      ts: new Date(at - (at % 1000)).toISOString().replace('.000Z', 'Z'),
      platform,
      ms_played: msPlayed,
      conn_country: 'SE',
      master_metadata_track_name: track.name,
      master_metadata_album_artist_name: track.artist,
      master_metadata_album_album_name: track.album,
      spotify_track_uri: `spotify:track:${track.trackId}`,
      reason_start: i === 0 ? 'clickrow' : 'trackdone',
      reason_end: skipped ? 'fwdbtn' : 'trackdone',
      shuffle,
      skipped,
      offline: false,
      incognito_mode: false,
    });
    at += random.int(0, 4000);
  }
  return plays;
}

function assertHasTracks(tracks: readonly DemoTrack[]): void {
  if (tracks.length === 0) {
    throw new RangeError('the demo history needs at least one catalog track');
  }
}

/** The plays, oldest first, one day at a time (a day's plays are a few hundred at most). */
export function* demoPlays(
  tracks: readonly DemoTrack[],
  options: DemoHistoryOptions,
): Generator<DemoPlay> {
  assertHasTracks(tracks);
  const ordered = favourOrder(tracks, options.seed);
  const endDay = Math.floor(options.end.getTime() / DAY_MS) * DAY_MS;
  for (let day = options.days; day >= 1; day -= 1) {
    const dayStart = endDay - day * DAY_MS;
    const random = createRandom(options.seed, 0x6d796461, dayStart / DAY_MS, 7);
    const hours = [
      ...new Set(Array.from({ length: random.int(1, 3) }, () => random.pick(SESSION_HOURS))),
    ];
    const platform = random.pick(PLATFORMS);
    for (const hour of hours.sort((a, b) => a - b)) {
      const start = dayStart + hour * 3_600_000 + random.int(0, 40) * 60_000;
      for (const play of sessionPlays(random, ordered, start, platform)) {
        if (Date.parse(play.ts) < endDay) {
          yield play;
        }
      }
    }
  }
}

/** Writes the plays as one JSON array, as Spotify does, a play per line; returns the count. */
export async function writeDemoHistory(
  file: string,
  tracks: readonly DemoTrack[],
  options: DemoHistoryOptions,
): Promise<number> {
  // Refused before the file is opened: a stream destroyed while opening still creates it, later.
  assertHasTracks(tracks);
  let count = 0;
  async function* text(): AsyncGenerator<string> {
    yield '[';
    for (const play of demoPlays(tracks, options)) {
      yield `${count === 0 ? '\n' : ',\n'}${JSON.stringify(play)}`;
      count += 1;
    }
    yield '\n]\n';
  }
  await pipeline(Readable.from(text()), createWriteStream(file));
  return count;
}
