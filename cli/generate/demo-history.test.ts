// The demo's listening history is a file `import-history` accepts as the extended format, the same
// for the same seed and day, and every play names a catalog track.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExportScanner } from '../../shared/history/scan-export';
import { writeDemoHistory } from './demo-history';
import type { DemoTrack } from './demo-history';

const TRACKS: DemoTrack[] = Array.from({ length: 50 }, (_, i) => ({
  trackId: `${String(i).padStart(2, '0')}${'x'.repeat(20)}`,
  name: i === 0 ? 'Kärlek "Night" 光' : `Track ${i}`,
  artist: i % 7 === 0 ? null : `Artist ${i % 5}`,
  album: `Album ${i % 9}`,
  durationMs: 150_000 + i * 1000,
}));
const END = new Date('2026-11-28T15:00:00Z');

describe('the demo listening history', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-history-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('is an extended export the importer accepts, over the given tracks and days', async () => {
    const file = join(dir, 'Streaming_History_Audio_demo.json');
    const plays = await writeDemoHistory(file, TRACKS, { days: 30, seed: 1, end: END });
    const scanner = createExportScanner('Streaming_History_Audio_demo.json');
    const rows = scanner.push(readFileSync(file));
    const summary = scanner.end();
    expect(summary).toEqual({ format: 'extended', plays, unknownFields: [] });
    expect(plays).toBeGreaterThan(30 * 4);
    const ids = new Set(TRACKS.map((track) => `spotify:track:${track.trackId}`));
    const times = rows.map((scanned) => Date.parse(String(scanned.row.ts)));
    expect(rows.every((scanned) => ids.has(String(scanned.row.spotify_track_uri)))).toBe(true);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2026-10-29T00:00:00Z'));
    expect(Math.max(...times)).toBeLessThan(Date.parse('2026-11-28T00:00:00Z'));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  test('the same seed and day give the same bytes; another seed other plays', async () => {
    const write = async (name: string, seed: number): Promise<string> => {
      await writeDemoHistory(join(dir, name), TRACKS, { days: 10, seed, end: END });
      return readFileSync(join(dir, name), 'utf8');
    };
    const first = await write('a.json', 1);
    expect(await write('b.json', 1)).toBe(first);
    expect(await write('c.json', 2)).not.toBe(first);
  });

  test('favourites are heard far more often than the long tail', async () => {
    const file = join(dir, 'year.json');
    await writeDemoHistory(file, TRACKS, { days: 365, seed: 3, end: END });
    const counts = new Map<string, number>();
    for (const play of JSON.parse(readFileSync(file, 'utf8')) as { spotify_track_uri: string }[]) {
      counts.set(play.spotify_track_uri, (counts.get(play.spotify_track_uri) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(sorted[0]).toBeGreaterThan(5 * (sorted[sorted.length - 1] ?? 0));
  });

  test('refuses an empty catalog', async () => {
    await expect(
      writeDemoHistory(join(dir, 'none.json'), [], { days: 1, seed: 1, end: END }),
    ).rejects.toThrow('at least one catalog track');
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
  });
});
