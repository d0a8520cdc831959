// Runs over real HTTP, Redis, MariaDB, PostgreSQL and S3, every stage a real worker: a run
// created over the API completes, the same run key is deduplicated, a stage that failed because
// its source was broken is retried through the API and the flow resumes, and /metrics reports it.

import { Queue } from 'bullmq';
import { waitUntil } from '../../cli/bootstrap/wait-until';
import { QUEUES } from '../../shared/contracts';
import { startPipeline } from '../../test/pipeline-services';
import type { RunningPipeline } from '../../test/pipeline-services';
import { parsePrometheus, sampleValue } from '../../test/prometheus';
import { ARTIST_ROWS, seedArtists } from '../../test/seed-artists';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

const TOKEN = 'runs-test-token';

interface RunBody {
  status: string;
  error: string | null;
  jobs: number;
  stages: { stage: string; status: string; attempts: number }[];
  counts: { table_name: string; stage: string; rows_out: number | null }[];
  checks: { check_name: string; passed: boolean }[];
  errors: { table: string; stage: string; error: string }[];
}

describe('runs over the API', () => {
  let env: TestEnv;
  let pipeline: RunningPipeline;

  const readRun = async (runId: string): Promise<RunBody> => {
    const answer = await pipeline.request('GET', `/runs/${runId}`);
    expect(answer.status).toBe(200);
    return answer.body as RunBody;
  };

  beforeAll(async () => {
    // One attempt per job, so a broken source fails its stage at once instead of backing off.
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0', JOB_ATTEMPTS: '1' });
    await seedArtists(env);
    pipeline = await startPipeline(env, TOKEN);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await env?.close();
  });

  it('creates a run and sees it complete, with its stages, counts and checks in the ledger', async () => {
    const created = await pipeline.request('POST', '/runs', {
      pipeline: 'mysql',
      date: '2024-05-01',
      tables: ['spotify_artists'],
    });
    expect(created).toEqual({
      status: 201,
      body: {
        runId: 'mysql-2024-05-01',
        created: true,
        tables: ['spotify_artists'],
        jobs: 6,
        url: '/runs/mysql-2024-05-01',
      },
    });
    await pipeline.waitForRun('mysql-2024-05-01');
    const run = await readRun('mysql-2024-05-01');
    expect(run).toMatchObject({ status: 'succeeded', error: null, jobs: 6, errors: [] });
    expect(run.stages.every((stage) => stage.status === 'completed')).toBe(true);
    expect(run.stages).toHaveLength(6);
    const extracted = run.counts.find((count) => count.stage === 'extract');
    expect(extracted).toMatchObject({ table_name: 'spotify_artists', rows_out: ARTIST_ROWS });
    expect(run.checks.length).toBeGreaterThan(0);
    expect(run.checks.every((check) => check.passed)).toBe(true);
  });

  it('returns the existing run for the same run key and enqueues nothing new', async () => {
    const again = await pipeline.request('POST', '/runs', {
      pipeline: 'mysql',
      date: '2024-05-01',
      tables: ['spotify_artists'],
    });
    expect(again).toMatchObject({
      status: 200,
      body: { runId: 'mysql-2024-05-01', created: false, jobs: 0 },
    });
    const transform = new Queue(QUEUES.transform, {
      connection: env.clients.redis,
      prefix: env.config.queuePrefix,
    });
    try {
      const counts = await transform.getJobCounts('completed', 'waiting', 'waiting-children');
      expect(counts).toEqual({ completed: 1, waiting: 0, 'waiting-children': 0 });
    } finally {
      await transform.close();
    }
    const list = await pipeline.request('GET', '/runs?pipeline=mysql');
    expect((list.body as { runs: { run_id: string }[] }).runs.map((run) => run.run_id)).toEqual([
      'mysql-2024-05-01',
    ]);
  });

  it('retries only the failed stage of a run whose source was broken, and the flow resumes', async () => {
    const mysql = env.clients.mysql.promise();
    await mysql.query('RENAME TABLE spotify_artists TO spotify_artists_moved');
    const runId = 'mysql-2024-05-02';
    try {
      await pipeline.request('POST', '/runs', {
        pipeline: 'mysql',
        date: '2024-05-02',
        tables: ['spotify_artists'],
      });
      await waitUntil(
        'the run to fail',
        async () => (await readRun(runId)).status === 'failed',
        30_000,
      );
    } finally {
      await mysql.query('RENAME TABLE spotify_artists_moved TO spotify_artists');
    }
    const failed = await readRun(runId);
    expect(failed.errors).toEqual([
      expect.objectContaining({ table: 'spotify_artists', stage: 'extract' }),
    ]);
    expect(failed.error).toMatch(/^spotify_artists extract: /);

    const retried = await pipeline.request('POST', `/runs/${runId}/retry`);
    expect(retried).toEqual({
      status: 202,
      body: {
        runId,
        retried: [
          {
            jobId: `${runId}.spotify_artists.extract`,
            queue: 'extract',
            table: 'spotify_artists',
            stage: 'extract',
          },
        ],
      },
    });
    await pipeline.waitForRun(runId);
    const run = await readRun(runId);
    expect(run.status).toBe('succeeded');
    expect(run.errors).toEqual([]);
    expect(run.counts.find((count) => count.stage === 'pg-commit')?.rows_out).toBe(ARTIST_ROWS);
    const attempts = await env.clients.warehouse.query<{ stage: string; statuses: string[] }>(
      `SELECT stage, array_agg(status ORDER BY finished_at) AS statuses
       FROM pipeline.stage_attempts WHERE run_id = $1 GROUP BY stage ORDER BY stage`,
      [runId],
    );
    expect(attempts.rows).toEqual([
      { stage: 'extract', statuses: ['failed', 'completed'] },
      { stage: 'pg-commit', statuses: ['completed'] },
      { stage: 'pg-load', statuses: ['completed'] },
      { stage: 's3-load', statuses: ['completed'] },
      { stage: 'transform', statuses: ['completed'] },
      { stage: 'validate', statuses: ['completed'] },
    ]);
  });

  it('refuses to retry a run with nothing failed (409) or a run that does not exist (404)', async () => {
    const done = await pipeline.request('POST', '/runs/mysql-2024-05-01/retry');
    expect(done).toMatchObject({ status: 409, body: { error: { code: 'nothing_to_retry' } } });
    const missing = await pipeline.request('POST', '/runs/mysql-1999-01-01/retry');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('serves /metrics as Prometheus text counting jobs, rows, durations and failures', async () => {
    const response = await fetch(`${pipeline.apiUrl}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const families = await parsePrometheus(await response.text());
    const value = (name: string, labels: Record<string, string>) =>
      sampleValue(families, name, labels);
    expect(value('spotlake_queue_jobs', { queue: 'extract', state: 'completed' })).toBe(2);
    expect(value('spotlake_queue_jobs', { queue: 'transform', state: 'failed' })).toBe(0);
    expect(value('spotlake_rows_moved_total', { stage: 'extract', table: 'spotify_artists' })).toBe(
      2 * ARTIST_ROWS,
    );
    expect(
      value('spotlake_stage_attempts_total', {
        stage: 'extract',
        table: 'spotify_artists',
        outcome: 'failed',
      }),
    ).toBe(1);
    expect(value('spotlake_stage_duration_seconds_count', { stage: 'extract' })).toBe(2);
    expect(value('spotlake_stage_duration_seconds_bucket', { stage: 'extract', le: '+Inf' })).toBe(
      2,
    );
    expect(value('spotlake_runs', { pipeline: 'mysql', status: 'succeeded' })).toBe(2);
    const histogram = families.find((family) => family.name === 'spotlake_stage_duration_seconds');
    expect(histogram?.type).toBe('histogram');
  });

  it('refuses a second run of a date while one is still loading the same table (409), then starts it', async () => {
    // An active run of 2024-05-03, as a run whose extract is still going would be recorded.
    await env.clients.warehouse.query(
      `INSERT INTO pipeline.runs (run_id, pipeline, partition_date, tables, status)
       VALUES ('mysql-2024-05-03', 'mysql', '2024-05-03', '{spotify_artists}', 'running')`,
    );
    const request = { pipeline: 'mysql', date: '2024-05-03', tables: ['spotify_artists'] };
    const busy = await pipeline.request('POST', '/runs', { ...request, rerun: 'r2' });
    expect(busy).toMatchObject({ status: 409, body: { error: { code: 'run_busy' } } });
    expect(JSON.stringify(busy.body)).toContain('run mysql-2024-05-03 is still loading');
    expect((await pipeline.request('GET', '/runs/mysql-2024-05-03-r2')).status).toBe(404);

    await env.clients.warehouse.query(
      `UPDATE pipeline.runs SET status = 'succeeded' WHERE run_id = 'mysql-2024-05-03'`,
    );
    const started = await pipeline.request('POST', '/runs', { ...request, rerun: 'r2' });
    expect(started).toMatchObject({ status: 201, body: { runId: 'mysql-2024-05-03-r2' } });
    await pipeline.waitForRun('mysql-2024-05-03-r2');
    expect((await readRun('mysql-2024-05-03-r2')).status).toBe('succeeded');
  });
});
