// The walking skeleton, real from end to end: a run extracts spotify_artists from MariaDB, writes
// bronze and silver to S3, loads PostgreSQL, validates the counts and builds a model, every stage
// a separate BullMQ worker.

import { join } from 'node:path';
import { seedCsv } from '../cli/seed/seed-csv';
import { listKeys } from '../shared/lake/objects';
import { createTestEnv } from '../test/test-env';
import type { TestEnv } from '../test/test-env';
import { startPipeline } from '../test/pipeline-services';
import type { RunningPipeline } from '../test/pipeline-services';

const TOKEN = 'skeleton-test-token';
const FIXTURE = join(__dirname, 'fixtures', 'spotify_artists.csv');

describe('a mysql run of spotify_artists', () => {
  let env: TestEnv;
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0' });
    const seeded = await seedCsv(FIXTURE, 'spotify_artists', {
      mysql: env.clients.mysql.promise(),
      rejectFile: join(env.config.home, 'rejects.ndjson'),
    });
    expect(seeded).toMatchObject({ loaded: 309, rejected: 0 });
    pipeline = await startPipeline(env, TOKEN);
    const created = await pipeline.request('POST', '/runs', {
      pipeline: 'mysql',
      date: '2024-05-01',
      tables: ['spotify_artists'],
    });
    expect(created).toMatchObject({
      status: 201,
      body: { runId: 'mysql-2024-05-01', created: true },
    });
    await pipeline.waitForRun('mysql-2024-05-01');
  });

  afterAll(async () => {
    await pipeline?.stop();
    await env?.close();
  });

  it('loads every artist into the warehouse with its values', async () => {
    const { rows } = await env.clients.warehouse.query(
      `SELECT artist_id, artist_popularity, followers, genres, name, track_id, track_name_prev, type
       FROM spotify.spotify_artists WHERE artist_id IN ('4mGnpjhqgx4RUdsIJiURdo', '1dLnVku4VQUOLswwDFvRc9')
       ORDER BY artist_id`,
    );
    expect(rows).toEqual([
      {
        artist_id: '1dLnVku4VQUOLswwDFvRc9',
        artist_popularity: 22,
        followers: '313',
        genres: [],
        name: 'The Grenadines',
        track_id: '4wqwj0gA8qPZKLl5WVqXml',
        track_name_prev: 'track_30',
        type: 'artist',
      },
      {
        artist_id: '4mGnpjhqgx4RUdsIJiURdo',
        artist_popularity: 44,
        followers: '23230',
        genres: ['sertanejo', 'sertanejo pop', 'sertanejo tradicional', 'sertanejo universitario'],
        name: 'Juliano Cezar',
        track_id: '0wmDmAILuW9e2aRttkl4aC',
        track_name_prev: 'track_9',
        type: 'artist',
      },
    ]);
    const count = await env.clients.warehouse.query(
      'SELECT count(*)::int AS n FROM spotify.spotify_artists',
    );
    expect(count.rows[0]).toEqual({ n: 309 });
  });

  it('writes bronze, silver and gold objects under the run date', async () => {
    const keys: string[] = [];
    for await (const key of listKeys(env.clients.store, '')) {
      keys.push(key);
    }
    expect(keys.filter((key) => !key.startsWith('gold/')).sort()).toEqual([
      // zstd: the command is installed (.ci/apt-packages), and BRONZE_CODEC is auto.
      'bronze/mysql/spotify_artists/updated_at=2024-05-01/part-00000-00000.ndjson.zst',
      'silver/mysql/spotify_artists/updated_at=2024-05-01/part-00000.parquet',
    ]);
    expect(keys).toContain(
      'gold/analytics/cleaned_artists/updated_at=2024-05-01/part-00000.parquet',
    );
  });

  it('records every stage as completed and the run as succeeded in the ledger', async () => {
    const run = await pipeline.request('GET', '/runs/mysql-2024-05-01');
    expect(run.status).toBe(200);
    const body = run.body as {
      status: string;
      stages: { stage: string; status: string; rows_out: string | null }[];
    };
    expect(body.status).toBe('succeeded');
    expect(body.stages.map((stage) => [stage.stage, stage.status])).toEqual([
      ['transform', 'completed'],
      ['extract', 'completed'],
      ['s3-load', 'completed'],
      ['pg-load', 'completed'],
      ['pg-commit', 'completed'],
      ['validate', 'completed'],
    ]);
  });

  it('builds the cleaned_artists model', async () => {
    const { rows } = await env.clients.warehouse.query(
      'SELECT count(*)::int AS n, count(DISTINCT artist_id)::int AS artists FROM analytics.cleaned_artists',
    );
    expect(rows[0]).toEqual({ n: 309, artists: 309 });
  });

  it('shows every stage queue with its completed jobs in Bull Board', async () => {
    const board = await pipeline.request(
      'GET',
      '/admin/queues/api/queues?activeQueue=extract&status=completed',
    );
    expect(board.status).toBe(200);
    const queues = (board.body as { queues: { name: string; counts: { completed: number } }[] })
      .queues;
    const completed = Object.fromEntries(
      queues.map((queue) => [queue.name, queue.counts.completed]),
    );
    // The board also shows the orchestration queues (schedules, backfills), idle here.
    expect(completed).toEqual({
      schedules: 0,
      backfills: 0,
      extract: 1,
      's3-load': 1,
      'pg-load': 2,
      validate: 1,
      transform: 1,
      'spotify-api': 0,
    });
  });
});
