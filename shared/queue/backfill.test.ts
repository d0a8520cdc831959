// A backfill over real HTTP, Redis and every stage worker: seven days with a cap of two never
// have more than two runs active, as the run ledger proves, and a dry run with onlyFailed lists
// what would run without recording anything.

import { waitUntil } from '../../cli/bootstrap/wait-until';
import { startPipeline } from '../../test/pipeline-services';
import type { RunningPipeline } from '../../test/pipeline-services';
import { seedArtists } from '../../test/seed-artists';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

const TOKEN = 'backfill-test-token';

interface Interval {
  run_id: string;
  created_at: Date;
  finished_at: Date;
}

/** The most runs whose [created, finished] spans overlap at any instant. */
function maxOverlap(intervals: readonly Interval[]): number {
  const events = intervals.flatMap((run) => [
    { at: run.created_at.getTime(), delta: 1 },
    { at: run.finished_at.getTime(), delta: -1 },
  ]);
  // At equal instants a run ending frees its slot before the next one takes it.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let active = 0;
  let most = 0;
  for (const event of events) {
    active += event.delta;
    most = Math.max(most, active);
  }
  return most;
}

describe('a backfill', () => {
  let env: TestEnv;
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0' });
    await seedArtists(env);
    pipeline = await startPipeline(env, TOKEN);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await env?.close();
  });

  it('over 7 days with a cap of 2 never has more than 2 runs active', async () => {
    const created = await pipeline.request('POST', '/backfills', {
      pipeline: 'mysql',
      from: '2024-06-01',
      to: '2024-06-07',
      tables: ['spotify_artists'],
      maxConcurrent: 2,
    });
    expect(created.status).toBe(201);
    const { backfillId, partitions } = created.body as {
      backfillId: number;
      partitions: { action: string }[];
    };
    expect(partitions.filter((partition) => partition.action === 'run')).toHaveLength(7);
    await waitUntil(
      'the backfill to finish',
      async () => {
        const state = await pipeline.request('GET', `/backfills/${backfillId}`);
        return (state.body as { status: string }).status !== 'running';
      },
      180_000,
      500,
    );
    const state = (await pipeline.request('GET', `/backfills/${backfillId}`)).body as {
      status: string;
      partitions: { partition_date: string; run_id: string; run_status: string }[];
    };
    expect(state.status).toBe('succeeded');
    expect(state.partitions.map((p) => [p.run_id, p.run_status])).toEqual(
      ['01', '02', '03', '04', '05', '06', '07'].map((day) => [
        `mysql-2024-06-${day}`,
        'succeeded',
      ]),
    );
    const runs = await env.clients.warehouse.query<Interval>(
      `SELECT run_id, created_at, finished_at FROM pipeline.runs
       WHERE partition_date BETWEEN '2024-06-01' AND '2024-06-07'`,
    );
    expect(runs.rows).toHaveLength(7);
    // The ledger's own clock orders each run's start after the end that freed its slot.
    expect(maxOverlap(runs.rows)).toBe(2);
  });

  it('as a dry run with onlyFailed lists the dates that would run and records nothing', async () => {
    const before = await env.clients.warehouse.query(
      'SELECT count(*)::int AS n FROM pipeline.backfills',
    );
    const dry = await pipeline.request('POST', '/backfills', {
      pipeline: 'mysql',
      from: '2024-06-06',
      to: '2024-06-09',
      tables: ['spotify_artists'],
      onlyFailed: true,
      dryRun: true,
    });
    expect(dry).toEqual({
      status: 200,
      body: {
        backfillId: null,
        dryRun: true,
        url: null,
        partitions: [
          {
            partition_date: '2024-06-06',
            action: 'skip',
            run_id: 'mysql-2024-06-06',
            tables: [],
            reason: 'already succeeded',
          },
          {
            partition_date: '2024-06-07',
            action: 'skip',
            run_id: 'mysql-2024-06-07',
            tables: [],
            reason: 'already succeeded',
          },
          {
            partition_date: '2024-06-08',
            action: 'run',
            run_id: 'mysql-2024-06-08',
            tables: ['spotify_artists'],
            reason: 'never run',
          },
          {
            partition_date: '2024-06-09',
            action: 'run',
            run_id: 'mysql-2024-06-09',
            tables: ['spotify_artists'],
            reason: 'never run',
          },
        ],
      },
    });
    const after = await env.clients.warehouse.query(
      'SELECT count(*)::int AS n FROM pipeline.backfills',
    );
    expect(after.rows).toEqual(before.rows);
  });
});
