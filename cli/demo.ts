// The demo dataset `spotlake up --demo` loads: a few thousand generated tracks with their albums
// and artists (all three tables, in the Kaggle format), plus the 309 real Kaggle artist rows; and a
// year of listening over those tracks, as a Spotify extended-history export file to import.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMysqlPool } from '../shared/clients/mysql';
import type { Config } from '../shared/config';
import { projectRoot } from '../shared/paths';
import { writeDemoHistory } from './generate/demo-history';
import type { DemoTrack } from './generate/demo-history';
import { generateDataset, MANIFEST_FILE } from './generate/generate-dataset';
import { seedCsv } from './seed/seed-csv';
import type { SeedResult } from './seed/seed-csv';
import { seedDirectory } from './seed/seed-directory';

const DEMO_TRACKS = 3000;
const DEMO_SEED = 1;
const DEMO_HISTORY_DAYS = 365;

// The first listed artist of a track: ids are 22 characters, the list text starts with `['`.
const DEMO_TRACKS_SQL = `
SELECT t.track_id AS trackId, t.name, a.name AS artist, al.name AS album, t.duration_ms AS durationMs
FROM spotify_tracks t
LEFT JOIN spotify_artists a ON a.artist_id = SUBSTRING(t.artists_id, 3, 22)
LEFT JOIN spotify_albums al ON al.album_id = t.album_id
WHERE t.duration_ms > 0
ORDER BY t.track_id
LIMIT ?`;

/** Generates the demo files once; a finished dataset of the same scale and seed is reused. */
async function demoFiles(config: Config): Promise<string> {
  const dir = join(config.home, 'demo-data');
  const manifest = join(dir, MANIFEST_FILE);
  const isReady =
    existsSync(manifest) &&
    readFileSync(manifest, 'utf8').includes(`"tracks": ${DEMO_TRACKS},`) &&
    readFileSync(manifest, 'utf8').includes(`"seed": ${DEMO_SEED},`);
  if (!isReady) {
    await generateDataset({ tracks: DEMO_TRACKS, out: dir, seed: DEMO_SEED, dirty: 0 });
  }
  return dir;
}

export async function seedDemo(config: Config): Promise<SeedResult[]> {
  const dir = await demoFiles(config);
  const rejectDir = join(config.home, 'rejects');
  const pool = createMysqlPool(config, { connectionLimit: 2 });
  try {
    const generated = await seedDirectory(dir, { mysql: pool.promise(), rejectDir });
    const real = await seedCsv(
      join(projectRoot(), 'e2e', 'fixtures', 'spotify_artists.csv'),
      'spotify_artists',
      { mysql: pool.promise(), rejectFile: join(rejectDir, 'spotify_artists.real.rejects.ndjson') },
    );
    return [...generated.tables, real];
  } finally {
    await pool.promise().end();
  }
}

export interface DemoHistory {
  readonly file: string;
  readonly plays: number;
}

/** Writes a year of plays, ending today (UTC), over the demo tracks now in MySQL. */
export async function writeDemoHistoryFile(config: Config): Promise<DemoHistory> {
  const pool = createMysqlPool(config, { connectionLimit: 1 });
  try {
    const [rows] = await pool.promise().query(DEMO_TRACKS_SQL, [DEMO_TRACKS]);
    const tracks = (rows as DemoTrack[]).map((row) => ({
      ...row,
      durationMs: Number(row.durationMs),
    }));
    const file = join(config.home, 'demo-data', 'Streaming_History_Audio_demo.json');
    const plays = await writeDemoHistory(file, tracks, {
      days: DEMO_HISTORY_DAYS,
      seed: DEMO_SEED,
      end: new Date(),
    });
    return { file, plays };
  } finally {
    await pool.promise().end();
  }
}
