// SIGTERM to a real service process in the middle of a job. Within the grace period the job
// finishes and the process takes no new one; past it the job is handed back to the queue, and
// another worker finishes it: nothing is lost. The source is held mid-job by a MySQL table lock.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { FlowProducer, Queue } from 'bullmq';
import { createConnection } from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { waitUntil } from '../../cli/bootstrap/wait-until';
import { startPipeline } from '../../test/pipeline-services';
import { ARTIST_ROWS, seedArtists } from '../../test/seed-artists';
import { createTestEnv, testEnvironment } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { buildJobId, QUEUES } from '../contracts';
import { wholeTablePlanner } from '../extract/plan-parts';
import { startRun } from './start-run';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 'shutdown-test-token';

interface Child {
  process: ChildProcess;
  output: string[];
  /** Resolves when a log line with this message appears. */
  logged(message: string): Promise<void>;
}

function startExtractorProcess(env: TestEnv, graceMs: number): Child {
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test', 'ts-register.js'), join(ROOT, 'services', 'extractor', 'main.ts')],
    {
      env: testEnvironment(env.id, { SHUTDOWN_GRACE_MS: String(graceMs), LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const logged = (message: string) =>
    waitUntil(
      `the extractor to log "${message}"`,
      async () => output.join('').includes(`"msg":"${message}"`),
      30_000,
      50,
    );
  return { process: child, output, logged };
}

describe('a service stopped with SIGTERM mid-job', () => {
  let env: TestEnv;
  let lock: Connection;
  let flow: FlowProducer;
  let extract: Queue;
  let transform: Queue;

  const enqueueRun = (date: string) =>
    startRun(
      { pipeline: 'mysql', partitionDate: date, tables: ['spotify_artists'] },
      {
        flow,
        transformQueue: transform,
        ledger: env.clients.warehouse,
        attempts: 3,
        planParts: wholeTablePlanner,
      },
    );
  const extractState = async (runId: string) =>
    (await extract.getJob(buildJobId(runId, 'extract', 'spotify_artists')))?.getState();
  const extractJob = (runId: string) =>
    extract.getJob(buildJobId(runId, 'extract', 'spotify_artists'));
  const isExtractActive = async (runId: string) => (await extractState(runId)) === 'active';

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0' });
    await seedArtists(env);
    const connection = { connection: env.clients.redis, prefix: env.config.queuePrefix };
    flow = new FlowProducer(connection);
    extract = new Queue(QUEUES.extract, connection);
    transform = new Queue(QUEUES.transform, connection);
    lock = await createConnection({
      host: env.config.mysql.host,
      port: env.config.mysql.port,
      user: env.config.mysql.user,
      database: env.config.mysql.database,
    });
  });

  afterAll(async () => {
    await lock?.end();
    await extract?.close();
    await transform?.close();
    await flow?.close();
    await env?.close();
  });

  it('finishes the running job within the grace period and takes no new one', async () => {
    await lock.query('LOCK TABLES spotify_artists WRITE');
    const child = startExtractorProcess(env, 60_000);
    try {
      await child.logged('started');
      await enqueueRun('2024-07-01');
      await waitUntil(
        'the extract job to start',
        () => isExtractActive('mysql-2024-07-01'),
        30_000,
        50,
      );
      const exited = once(child.process, 'exit');
      child.process.kill('SIGTERM');
      await child.logged('stopping');
      await enqueueRun('2024-07-02');
      await lock.query('UNLOCK TABLES');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      expect(await extractState('mysql-2024-07-01')).toBe('completed');
      expect((await extractJob('mysql-2024-07-01'))?.returnvalue).toMatchObject({
        counts: { extracted: ARTIST_ROWS },
      });
      expect(await extractState('mysql-2024-07-02')).toBe('waiting');
    } finally {
      await lock.query('UNLOCK TABLES');
      child.process.kill('SIGKILL');
    }
  });

  it('past the grace period hands the job back, and another worker completes the run', async () => {
    await lock.query('LOCK TABLES spotify_artists WRITE');
    const child = startExtractorProcess(env, 300);
    try {
      await child.logged('started');
      // The waiting extract of 2024-07-02 is taken first and blocks on the lock.
      await waitUntil(
        'the extract job to start',
        () => isExtractActive('mysql-2024-07-02'),
        30_000,
        50,
      );
      const exited = once(child.process, 'exit');
      child.process.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      expect(child.output.join('')).toContain('stage released at shutdown');
      const released = await extractJob('mysql-2024-07-02');
      expect(await released?.getState()).toBe('waiting');
      expect(released?.attemptsMade).toBe(0);
    } finally {
      await lock.query('UNLOCK TABLES');
      child.process.kill('SIGKILL');
    }
    const pipeline = await startPipeline(env, TOKEN);
    try {
      await pipeline.waitForRun('mysql-2024-07-02');
      await pipeline.waitForRun('mysql-2024-07-01');
    } finally {
      await pipeline.stop();
    }
    const loaded = await env.clients.warehouse.query(
      'SELECT count(*)::int AS n FROM spotify.spotify_artists',
    );
    expect(loaded.rows[0]).toEqual({ n: ARTIST_ROWS });
    const extracts = await env.clients.warehouse.query<{ run_id: string; statuses: string[] }>(
      `SELECT run_id, array_agg(status ORDER BY finished_at) AS statuses FROM pipeline.stage_attempts
       WHERE stage = 'extract' GROUP BY run_id ORDER BY run_id`,
    );
    expect(extracts.rows).toEqual([
      { run_id: 'mysql-2024-07-01', statuses: ['completed'] },
      { run_id: 'mysql-2024-07-02', statuses: ['released', 'completed'] },
    ]);
  });
});
