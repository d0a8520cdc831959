// The 309 real Kaggle artist rows go CSV -> MySQL -> bronze -> silver -> PostgreSQL and arrive with
// every value unchanged, while the run extracts the table as four primary-key range parts
// (EXTRACT_PART_ROWS=100), each its own chain of jobs.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { seedCsv } from '../cli/seed/seed-csv';
import { listKeys } from '../shared/lake/objects';
import { parsePythonLiteral } from '../shared/typing/python-literal';
import { createTestEnv } from '../test/test-env';
import type { TestEnv } from '../test/test-env';
import { startPipeline } from '../test/pipeline-services';
import type { RunningPipeline } from '../test/pipeline-services';

const TOKEN = 'round-trip-test-token';
const FIXTURE = join(__dirname, 'fixtures', 'spotify_artists.csv');

describe('the real Kaggle artists through the whole pipeline', () => {
  let env: TestEnv;
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0', EXTRACT_PART_ROWS: '100' });
    const seeded = await seedCsv(FIXTURE, 'spotify_artists', {
      mysql: env.clients.mysql.promise(),
      rejectFile: join(env.config.home, 'round-trip.rejects.ndjson'),
    });
    expect(seeded).toMatchObject({ loaded: 309, rejected: 0 });
    pipeline = await startPipeline(env, TOKEN);
    const created = await pipeline.request('POST', '/runs', {
      pipeline: 'mysql',
      date: '2024-05-01',
      tables: ['spotify_artists'],
    });
    expect(created.status).toBe(201);
    await pipeline.waitForRun('mysql-2024-05-01', 120_000);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await env?.close();
  });

  it('extracts the table as four primary-key range parts', async () => {
    const parts = new Set<string>();
    for await (const key of listKeys(env.clients.store, 'bronze/mysql/spotify_artists/')) {
      parts.add(key.replace(/^.*\/(part-\d{5})-\d{5}\.ndjson\.zst$/, '$1'));
    }
    expect([...parts].sort()).toEqual(['part-00000', 'part-00001', 'part-00002', 'part-00003']);
  });

  it('loads all 309 rows into PostgreSQL with the values of the CSV', async () => {
    const expected = parse<Record<string, string>>(readFileSync(FIXTURE), { columns: true });
    const { rows } = await env.clients.warehouse.query<Record<string, unknown>>(
      `SELECT artist_id, artist_popularity, followers, genres, name, track_id, track_name_prev, type
       FROM spotify.spotify_artists ORDER BY artist_id`,
    );
    const byId = new Map(rows.map((row) => [row.artist_id, row]));
    expect(rows).toHaveLength(309);
    for (const row of expected) {
      expect(byId.get(row.id)).toEqual({
        artist_id: row.id,
        artist_popularity: Number(row.artist_popularity),
        followers: row.followers,
        genres: parsePythonLiteral(row.genres ?? ''),
        name: row.name,
        track_id: row.track_id,
        track_name_prev: row.track_name_prev,
        type: row.type,
      });
    }
  });
});
