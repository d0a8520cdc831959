// The orchestrator: the workers of the `schedules` and `backfills` queues. A schedule tick becomes
// a run for the tick's partition date; a backfill job coordinates its runs. The api service hosts
// it (so `spotlake up` does too); it never runs a stage itself.

import { WaitingError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { backfillJobSchema, ORCHESTRATION_QUEUES, scheduleTickSchema } from '../contracts';
import { listenRunStatus } from '../ledger/run-status-listener';
import type { Logger } from '../logger';
import { coordinateBackfill } from './backfill';
import { closeWorker } from './close-worker';
import { runRequestForTick } from './schedules';
import type { RunRequest, StartedRun } from './start-run';
import { parsePayload } from './stage-worker';

export interface OrchestratorDeps {
  /** A worker-role connection (waits out Redis outages). */
  connection: Redis;
  prefix: string;
  ledger: pg.Pool;
  log: Logger;
  startRun(request: RunRequest): Promise<StartedRun>;
  /** Backfills coordinated at once by this process. */
  backfillConcurrency: number;
}

export interface RunningOrchestrator {
  stop(graceMs: number): Promise<void>;
}

export async function startOrchestrator(deps: OrchestratorDeps): Promise<RunningOrchestrator> {
  const log = deps.log.child({ service: 'orchestrator' });
  const runStatus = await listenRunStatus(deps.ledger, log);
  const options = { connection: deps.connection, prefix: deps.prefix };
  const schedules = new Worker(
    ORCHESTRATION_QUEUES.schedules,
    async (job: Job) => runTick(job, deps, log),
    { ...options, concurrency: 1 },
  );
  const backfills = new Worker(
    ORCHESTRATION_QUEUES.backfills,
    async (job: Job, token?: string, signal?: AbortSignal) => {
      const { backfillId } = parsePayload(job.queueName, backfillJobSchema, job.data);
      const scoped = log.child({ backfillId, jobId: job.id });
      try {
        const state = await coordinateBackfill(
          backfillId,
          {
            ledger: deps.ledger,
            runStatus,
            startRun: (request) => deps.startRun(request),
            log: scoped,
          },
          signal ?? new AbortController().signal,
        );
        return { status: state.status };
      } catch (err) {
        if (signal?.aborted === true) {
          // Shutdown: its state is in the ledger, so hand it back for the next process to resume.
          await job.moveToWait(token);
          scoped.info('backfill released at shutdown');
          throw new WaitingError();
        }
        throw err;
      }
    },
    { ...options, concurrency: deps.backfillConcurrency },
  );
  for (const worker of [schedules, backfills]) {
    worker.on('error', (err) => log.error({ err, queue: worker.name }, 'worker error'));
    worker.on('failed', (job, err) =>
      log.error({ err, queue: worker.name, jobId: job?.id }, 'orchestration job failed'),
    );
  }
  await Promise.all([schedules.waitUntilReady(), backfills.waitUntilReady()]);
  return {
    async stop(graceMs) {
      await closeWorker(schedules, graceMs, log);
      // A backfill waits on runs for hours: release it at once rather than wait out the grace.
      await closeWorker(backfills, 0, log);
      await runStatus.close();
    },
  };
}

async function runTick(job: Job, deps: OrchestratorDeps, log: Logger): Promise<StartedRun> {
  const tick = parsePayload(job.queueName, scheduleTickSchema, job.data);
  // The instant the tick was scheduled for, not when a worker got to it.
  const instant = job.opts.prevMillis ?? job.timestamp;
  const request = runRequestForTick(tick, instant);
  const started = await deps.startRun(request);
  log.info(
    {
      schedule: job.name,
      tick: new Date(instant).toISOString(),
      runId: started.runId,
      created: started.created,
    },
    started.created ? 'schedule started a run' : 'schedule tick found its run already there',
  );
  return started;
}
