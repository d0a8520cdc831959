// The demo dataset `spotlake up --demo` loads: the 309 real Kaggle artist rows shipped in e2e/fixtures.

import { join } from 'node:path';
import { createMysqlPool } from '../shared/clients/mysql';
import type { Config } from '../shared/config';
import { projectRoot } from '../shared/paths';
import { seedCsv } from './seed/seed-csv';
import type { SeedResult } from './seed/seed-csv';

export async function seedDemo(config: Config): Promise<SeedResult[]> {
  const pool = createMysqlPool(config, { connectionLimit: 2 });
  try {
    const file = join(projectRoot(), 'e2e', 'fixtures', 'spotify_artists.csv');
    return [
      await seedCsv(file, 'spotify_artists', {
        mysql: pool.promise(),
        rejectFile: join(config.home, 'rejects', 'spotify_artists.ndjson'),
      }),
    ];
  } finally {
    await pool.promise().end();
  }
}
