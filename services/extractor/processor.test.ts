// A job whose payload is invalid fails once with a message naming the field, instead of burning
// its attempts; the run ledger is not touched because there is no valid run to record it under.

import { Queue, QueueEvents } from 'bullmq';
import { QUEUES } from '../../shared/contracts';
import { startStageService } from '../../shared/queue/stage-service';
import type { Running } from '../../shared/service/run-main';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { createExtractStage } from './processor';

describe('the extractor worker', () => {
  let env: TestEnv;
  let service: Running;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    env = await createTestEnv();
    service = await startStageService('extractor', env.config, env.log, createExtractStage);
    queue = new Queue(QUEUES.extract, {
      connection: env.clients.redis,
      prefix: env.config.queuePrefix,
    });
    events = new QueueEvents(QUEUES.extract, {
      connection: { host: env.config.redis.host, port: env.config.redis.port },
      prefix: env.config.queuePrefix,
    });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await queue?.close();
    await service?.stop();
    await env?.close();
  });

  it('fails a job with an invalid payload once, naming the field, without retrying', async () => {
    const job = await queue.add(
      'spotify_artists',
      {
        runId: 'mysql-2024-05-01',
        pipeline: 'mysql',
        partitionDate: '2024-05-01',
        table: 'spotify_artists',
      },
      { attempts: 5, backoff: { type: 'fixed', delay: 10 } },
    );
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(
      /invalid extract job payload/,
    );
    const failed = await queue.getJob(job.id ?? '');
    expect(await failed?.getState()).toBe('failed');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/part/);
  });
});
