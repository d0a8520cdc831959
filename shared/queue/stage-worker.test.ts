// A stage as a BullMQ Worker on a real Redis and run ledger: transient failures are retried with
// exponential backoff, a permanent one fails at once, and a job still running at shutdown is
// handed back to the queue without spending an attempt.

import { Queue, QueueEvents } from 'bullmq';
import type { Job } from 'bullmq';
import { z } from 'zod';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { PermanentError } from '../errors';
import { insertRun } from '../ledger/ledger';
import { closeWorker } from './close-worker';
import { createStageWorker } from './stage-worker';
import type { StageDefinition } from './stage-worker';

const payloadSchema = z.object({ runId: z.string(), table: z.string() });
type Payload = z.infer<typeof payloadSchema>;

function deferred<T = void>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('a stage worker', () => {
  let env: TestEnv;
  let queue: Queue;
  let events: QueueEvents;
  const QUEUE = 'stage-worker-test';

  const stage = (handle: StageDefinition<Payload, { rows: number }>['handle']) => ({
    queue: QUEUE,
    payloadSchema,
    resultSchema: z.object({ rows: z.number() }),
    ledgerRef: (payload: Payload) => ({ table: payload.table, stage: 'extract' as const, part: 0 }),
    summarize: (result: { rows: number }) => ({ rowsIn: null, rowsOut: result.rows, bytes: null }),
    handle,
  });
  const startWorker = (handle: StageDefinition<Payload, { rows: number }>['handle']) =>
    createStageWorker(stage(handle), {
      connection: env.clients.redis,
      prefix: env.config.queuePrefix,
      ledger: env.clients.warehouse,
      log: env.log,
      concurrency: 1,
    });
  const attemptsOf = async (runId: string) =>
    (
      await env.clients.warehouse.query<{ status: string }>(
        'SELECT status FROM pipeline.stage_attempts WHERE run_id = $1 ORDER BY finished_at',
        [runId],
      )
    ).rows.map((row) => row.status);
  const addJob = async (runId: string, attempts: number): Promise<Job> => {
    await insertRun(env.clients.warehouse, {
      runId,
      pipeline: 'mysql',
      partitionDate: runId.slice(6, 16),
      tables: ['spotify_artists'],
      options: {},
    });
    return queue.add(
      'spotify_artists',
      { runId, table: 'spotify_artists' },
      { jobId: runId, attempts, backoff: { type: 'exponential', delay: 20 } },
    );
  };

  beforeAll(async () => {
    env = await createTestEnv();
    queue = new Queue(QUEUE, { connection: env.clients.redis, prefix: env.config.queuePrefix });
    events = new QueueEvents(QUEUE, {
      connection: { host: env.config.redis.host, port: env.config.redis.port },
      prefix: env.config.queuePrefix,
    });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await env?.close();
  });

  it('retries a transient failure with exponential backoff until it succeeds', async () => {
    let calls = 0;
    const worker = startWorker(async () => {
      calls += 1;
      if (calls < 3) {
        throw new Error('connection reset');
      }
      return { rows: 7 };
    });
    try {
      const job = await addJob('mysql-2024-01-01', 5);
      await expect(job.waitUntilFinished(events, 20_000)).resolves.toEqual({ rows: 7 });
      expect(await attemptsOf('mysql-2024-01-01')).toEqual(['retrying', 'retrying', 'completed']);
      const finished = await queue.getJob('mysql-2024-01-01');
      expect(finished?.opts.backoff).toEqual({ type: 'exponential', delay: 20 });
    } finally {
      await worker.close();
    }
  });

  it('fails a permanent error at once, leaving its other attempts unspent, and fails the run', async () => {
    const worker = startWorker(async () => {
      throw new PermanentError('check keys_unique failed on spotify_artists: 2 duplicates');
    });
    try {
      const job = await addJob('mysql-2024-01-02', 5);
      await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/keys_unique/);
      const failed = await queue.getJob('mysql-2024-01-02');
      expect(await failed?.getState()).toBe('failed');
      expect(failed?.attemptsMade).toBe(1);
      expect(await attemptsOf('mysql-2024-01-02')).toEqual(['failed']);
      const run = await env.clients.warehouse.query(
        "SELECT status, error FROM pipeline.runs WHERE run_id = 'mysql-2024-01-02'",
      );
      expect(run.rows[0]).toEqual({
        status: 'failed',
        error: 'spotify_artists extract: check keys_unique failed on spotify_artists: 2 duplicates',
      });
    } finally {
      await worker.close();
    }
  });

  it('hands a job still running at shutdown back to the queue without spending an attempt', async () => {
    const started = deferred();
    const never = deferred<{ rows: number }>();
    const stuck = startWorker(async () => {
      started.resolve();
      return never.promise;
    });
    const job = await addJob('mysql-2024-01-03', 3);
    await started.promise;
    await closeWorker(stuck, 0, env.log);
    const released = await queue.getJob('mysql-2024-01-03');
    expect(await released?.getState()).toBe('waiting');
    expect(released?.attemptsMade).toBe(0);
    expect(await attemptsOf('mysql-2024-01-03')).toEqual(['released']);

    const next = startWorker(async () => ({ rows: 3 }));
    try {
      await expect(job.waitUntilFinished(events, 20_000)).resolves.toEqual({ rows: 3 });
      expect(await attemptsOf('mysql-2024-01-03')).toEqual(['released', 'completed']);
    } finally {
      await next.close();
    }
  });
});
