// The fake user's listening: one play about every 200 s from `startAt`, each a track of a seeded
// pool, so the history is the same on every run. recently-played shows only the newest `window`
// plays up to the fake clock's now, as the real API shows only the last 50.

import { trackIdAt, unit } from './catalog';

const PLAY_EVERY_MS = 200_000;
const JITTER_MS = 60_000;

export interface HistoryOptions {
  seed: string;
  startAt: number;
  /** How many distinct tracks the user plays. */
  poolSize: number;
  /** How many of the newest plays recently-played can see (50 on the real API). */
  window: number;
}

export interface Play {
  index: number;
  trackId: string;
  playedAt: number;
  context: { type: string; uri: string } | null;
}

export function playAt(options: HistoryOptions, index: number): Play {
  const jitter = Math.floor(unit(options.seed, 'jitter', String(index)) * JITTER_MS);
  const slot = Math.floor(unit(options.seed, 'play', String(index)) * options.poolSize);
  const contextKind = unit(options.seed, 'ctx', String(index));
  const playlist = `spotify:playlist:37i9dQZF1DX${String(slot % 7).padStart(11, '0')}`;
  return {
    index,
    trackId: trackIdAt(options.seed, slot),
    playedAt: options.startAt + index * PLAY_EVERY_MS + jitter,
    context: contextKind < 0.5 ? { type: 'playlist', uri: playlist } : null,
  };
}

/** Index of the newest play at or before `now`, or -1 when none has happened yet. */
export function lastPlayIndex(options: HistoryOptions, now: number): number {
  let index = Math.floor((now - options.startAt) / PLAY_EVERY_MS);
  while (index >= 0 && playAt(options, index).playedAt > now) {
    index -= 1;
  }
  return index;
}

export interface PageQuery {
  limit: number;
  after?: number;
  before?: number;
}

/** The plays of one recently-played page, newest first, and whether more lie beyond it. */
export function pageOfPlays(
  options: HistoryOptions,
  now: number,
  query: PageQuery,
): { plays: Play[]; hasMore: boolean } {
  const newest = lastPlayIndex(options, now);
  const oldest = Math.max(0, newest - options.window + 1);
  const visible: Play[] = [];
  for (let index = newest; index >= oldest; index -= 1) {
    visible.push(playAt(options, index));
  }
  if (query.after !== undefined) {
    const { after } = query;
    const newer = visible.filter((play) => play.playedAt > after).reverse();
    const page = newer.slice(0, query.limit);
    return { plays: page.reverse(), hasMore: newer.length > page.length };
  }
  const { before } = query;
  const older = before === undefined ? visible : visible.filter((play) => play.playedAt < before);
  return { plays: older.slice(0, query.limit), hasMore: older.length > query.limit };
}
