// Starts runs and follows them from the command line, straight through the queues and the ledger
// (no API needed): what `spotlake run` and `spotlake up --demo` use.

import { FlowProducer, Queue } from 'bullmq';
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import { createPgPool } from '../shared/clients/pg';
import { createRedis } from '../shared/clients/redis';
import type { Config } from '../shared/config';
import { ORCHESTRATION_QUEUES, QUEUES } from '../shared/contracts';
import { createConfigPartPlanner } from '../shared/extract/plan-parts';
import { readBackfill } from '../shared/ledger/backfills';
import type { BackfillState } from '../shared/ledger/backfills';
import { readRun } from '../shared/ledger/run-report';
import type { RunReport } from '../shared/ledger/run-report';
import { createBackfill } from '../shared/queue/backfill';
import type { BackfillPlan } from '../shared/queue/backfill';
import type { BackfillRequest } from '../shared/queue/plan-backfill';
import { startRun } from '../shared/queue/start-run';
import { loadQuery } from '../shared/sql/load-sql';
import type { RunRequest, StartedRun } from '../shared/queue/start-run';

export interface RunProgress {
  status: string;
  /** Stage jobs in the run's flow; null for a run recorded before the ledger counted them. */
  jobs: number | null;
  completed: number;
  failed: number;
  rows: number;
  error: string | null;
}

export interface RunClient {
  start: (request: RunRequest) => Promise<StartedRun>;
  /** Follows a run until it succeeds (resolves) or a stage fails for good (rejects). */
  follow: (runId: string, onProgress: (progress: RunProgress) => void) => Promise<RunProgress>;
  backfill: (request: BackfillRequest, dryRun: boolean) => Promise<BackfillPlan>;
  /** Follows a backfill until every run it started has finished. */
  followBackfill: (
    backfillId: number,
    onProgress: (state: BackfillState) => void,
  ) => Promise<BackfillState>;
  readRun: (runId: string) => Promise<RunReport | null>;
  /** Workers listening on a queue right now: 0 means nothing will pick the jobs up. */
  countWorkers: (queue: string) => Promise<number>;
  ledger: pg.Pool;
  close: () => Promise<void>;
}

const POLL_MS = 500;

export function openRunClient(config: Config): RunClient {
  const redis = createRedis(config, 'producer');
  const ledger = createPgPool(config, { applicationName: 'spotlake-cli', max: 2 });
  const connection = { connection: redis, prefix: config.queuePrefix };
  const flow = new FlowProducer(connection);
  const transformQueue = new Queue(QUEUES.transform, connection);
  const backfillQueue = new Queue(ORCHESTRATION_QUEUES.backfills, connection);
  return {
    ledger,
    backfill: (request, dryRun) => createBackfill(request, dryRun, { ledger, backfillQueue }),
    async followBackfill(backfillId, onProgress) {
      for (;;) {
        const state = await readBackfill(ledger, backfillId);
        if (state === null) {
          throw new Error(`backfill ${backfillId} is not in the ledger`);
        }
        onProgress(state);
        if (state.status !== 'running') {
          return state;
        }
        await delay(POLL_MS);
      }
    },
    readRun: (runId) => readRun(ledger, runId),
    async countWorkers(queue) {
      const probe = new Queue(queue, connection);
      try {
        return await probe.getWorkersCount();
      } finally {
        await probe.close();
      }
    },
    start: (request) =>
      startRun(request, {
        flow,
        transformQueue,
        ledger,
        attempts: config.tuning.jobAttempts,
        planParts: createConfigPartPlanner(config, ledger),
      }),
    async follow(runId, onProgress) {
      for (;;) {
        const progress = await readProgress(ledger, runId);
        onProgress(progress);
        if (progress.status === 'succeeded') {
          return progress;
        }
        if (progress.status === 'failed') {
          throw new Error(`run ${runId} failed: ${progress.error ?? 'see spotlake status'}`);
        }
        // The CLI shows progress as it goes, so it reads the ledger on a short interval.
        await delay(POLL_MS);
      }
    },
    async close() {
      await flow.close();
      await transformQueue.close();
      await backfillQueue.close();
      await ledger.end();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

async function readProgress(ledger: pg.Pool, runId: string): Promise<RunProgress> {
  const result = await ledger.query<{
    status: string;
    jobs: number | null;
    error: string | null;
    completed: string;
    failed: string;
    rows: string | null;
  }>(loadQuery('select_run_progress'), [runId]);
  const row = result.rows[0];
  if (row === undefined) {
    throw new Error(`run ${runId} is not in the ledger`);
  }
  return {
    status: row.status,
    jobs: row.jobs,
    error: row.error,
    completed: Number(row.completed),
    failed: Number(row.failed),
    rows: Number(row.rows ?? 0),
  };
}
