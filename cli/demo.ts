// The demo dataset `spotlake up --demo` loads: a few thousand generated tracks with their albums
// and artists (all three tables, in the Kaggle format), plus the 309 real Kaggle artist rows.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMysqlPool } from '../shared/clients/mysql';
import type { Config } from '../shared/config';
import { projectRoot } from '../shared/paths';
import { generateDataset, MANIFEST_FILE } from './generate/generate-dataset';
import { seedCsv } from './seed/seed-csv';
import type { SeedResult } from './seed/seed-csv';
import { seedDirectory } from './seed/seed-directory';

const DEMO_TRACKS = 3000;
const DEMO_SEED = 1;

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
