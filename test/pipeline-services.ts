// Starts every service in this process against a test environment, as `spotlake up` does, and
// gives a test what it needs to drive and observe runs.

import { Job, Queue, QueueEvents } from 'bullmq';
import { QUEUES } from '../shared/contracts';
import { buildJobId } from '../shared/contracts';
import type { Running } from '../shared/service/run-main';
import { start as startApi } from '../services/api/main';
import { start as startExtractor } from '../services/extractor/main';
import { start as startPgLoader } from '../services/pg-loader/main';
import { start as startS3Loader } from '../services/s3-loader/main';
import { start as startTransformer } from '../services/transformer/main';
import { start as startValidator } from '../services/validator/main';
import type { TestEnv } from './test-env';

export interface RunningPipeline {
  apiUrl: string;
  token: string;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Resolves with the run's transform result once the root job finishes; rejects if it fails. */
  waitForRun(runId: string, timeoutMs?: number): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startPipeline(env: TestEnv, token: string): Promise<RunningPipeline> {
  const services: Running[] = [];
  for (const start of [
    startExtractor,
    startS3Loader,
    startPgLoader,
    startValidator,
    startTransformer,
  ]) {
    services.push(await start(env.config, env.log));
  }
  const api = await startApi(env.config, env.log);
  services.push(api);
  const connection = { connection: env.clients.redis, prefix: env.config.queuePrefix };
  const transformQueue = new Queue(QUEUES.transform, connection);
  const events = new QueueEvents(QUEUES.transform, {
    connection: { host: env.config.redis.host, port: env.config.redis.port },
    prefix: env.config.queuePrefix,
  });
  await events.waitUntilReady();
  return {
    apiUrl: api.url,
    token,
    async request(method, path, body) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
    },
    async waitForRun(runId, timeoutMs = 60_000) {
      const job = await Job.fromId(transformQueue, buildJobId(runId, 'transform'));
      if (job === undefined) {
        throw new Error(`run ${runId} has no transform job`);
      }
      const result: unknown = await job.waitUntilFinished(events, timeoutMs);
      return result;
    },
    async stop() {
      await events.close();
      await transformQueue.close();
      for (const service of services.reverse()) {
        await service.stop();
      }
    },
  };
}
