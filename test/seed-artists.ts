// Loads the 309 real Kaggle artist rows into a test environment's MySQL database: the smallest
// real source a whole run can move.

import { join } from 'node:path';
import { seedCsv } from '../cli/seed/seed-csv';
import type { TestEnv } from './test-env';

export const ARTIST_ROWS = 309;

export async function seedArtists(env: TestEnv): Promise<void> {
  const seeded = await seedCsv(
    join(__dirname, '..', 'e2e', 'fixtures', 'spotify_artists.csv'),
    'spotify_artists',
    {
      mysql: env.clients.mysql.promise(),
      rejectFile: join(env.config.home, `${env.id}-rejects.ndjson`),
    },
  );
  if (seeded.loaded !== ARTIST_ROWS) {
    throw new Error(`expected ${ARTIST_ROWS} artists seeded, got ${seeded.loaded}`);
  }
}
