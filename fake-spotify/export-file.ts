// Writes a listening-history export (extended format) of the fake user's plays, consistent with
// the fake's tracks: for the demo, and to measure imports at a year's scale. Streams to the file.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fakeTrack } from './catalog';
import { playAt } from './history';
import type { HistoryOptions } from './history';

export async function writeFakeExport(
  path: string,
  history: HistoryOptions,
  plays: number,
): Promise<number> {
  const out = createWriteStream(path);
  const options = { seed: history.seed, isDevelopmentMode: false, apiUrl: '' };
  out.write('[\n');
  for (let index = 0; index < plays; index += 1) {
    const play = playAt(history, index);
    const track = fakeTrack(options, play.trackId);
    const isSkipped = play.index % 7 === 0;
    const row = {
      ts: new Date(play.playedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      platform: 'Android OS 14 API 34 (Google, Pixel 8)',
      ms_played: isSkipped ? 12_000 : track.duration_ms,
      conn_country: 'VN',
      ip_addr: '203.0.113.7',
      master_metadata_track_name: track.name,
      master_metadata_album_artist_name: track.artists[0]?.name ?? null,
      master_metadata_album_album_name: track.album.name,
      spotify_track_uri: track.uri,
      episode_name: null,
      episode_show_name: null,
      spotify_episode_uri: null,
      audiobook_title: null,
      audiobook_uri: null,
      audiobook_chapter_uri: null,
      audiobook_chapter_title: null,
      reason_start: 'trackdone',
      reason_end: isSkipped ? 'fwdbtn' : 'trackdone',
      shuffle: play.index % 3 === 0,
      skipped: isSkipped,
      offline: false,
      offline_timestamp: null,
      incognito_mode: false,
    };
    const line = `  ${JSON.stringify(row)}${index === plays - 1 ? '' : ','}\n`;
    if (!out.write(line)) {
      await once(out, 'drain');
    }
  }
  out.end(']\n');
  await once(out, 'finish');
  return out.bytesWritten;
}
