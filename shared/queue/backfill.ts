// Backfills: plans a date range against the ledger, records it, and coordinates it, starting the
// planned runs at most max_concurrent at a time. All state lives in the ledger, so a coordinator
// stopped midway (shutdown, crash) resumes where it was.

import type { Queue } from 'bullmq';
import type pg from 'pg';
import { buildBackfillJobId } from '../contracts';
import type { BackfillJob } from '../contracts';
import { PermanentError } from '../errors';
import {
  finishBackfill,
  insertBackfill,
  listRunsInRange,
  markPartitionStarted,
  readBackfill,
} from '../ledger/backfills';
import type { BackfillState } from '../ledger/backfills';
import type { RunStatusListener } from '../ledger/run-status-listener';
import type { Logger } from '../logger';
import { planBackfill, suffixOf } from './plan-backfill';
import type { BackfillRequest, PlannedPartition } from './plan-backfill';
import type { RunRequest, StartedRun } from './start-run';

export interface BackfillPlan {
  backfillId: number | null;
  dryRun: boolean;
  partitions: PlannedPartition[];
}

export interface CreateBackfillDeps {
  ledger: pg.Pool;
  backfillQueue: Queue;
}

/** Plans the backfill; unless it is a dry run, records it and enqueues its coordinator. */
export async function createBackfill(
  request: BackfillRequest,
  dryRun: boolean,
  deps: CreateBackfillDeps,
): Promise<BackfillPlan> {
  const partitions = planBackfill(request, await listRunsInRange(deps.ledger, request));
  if (dryRun) {
    return { backfillId: null, dryRun, partitions };
  }
  const backfillId = await insertBackfill(deps.ledger, request, partitions);
  const job: BackfillJob = { backfillId };
  await deps.backfillQueue.add(`${request.pipeline} ${request.from}..${request.to}`, job, {
    jobId: buildBackfillJobId(backfillId),
    attempts: 10,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  });
  return { backfillId, dryRun, partitions };
}

export interface CoordinateDeps {
  ledger: pg.Pool;
  runStatus: RunStatusListener;
  startRun(request: RunRequest): Promise<StartedRun>;
  log: Logger;
}

const IN_PROGRESS = new Set(['queued', 'running']);

/** Runs the backfill to its end; returns its final state. Rejects when `signal` aborts. */
export async function coordinateBackfill(
  backfillId: number,
  deps: CoordinateDeps,
  signal: AbortSignal,
): Promise<BackfillState> {
  for (;;) {
    signal.throwIfAborted();
    const seen = deps.runStatus.generation();
    const state = await readBackfill(deps.ledger, backfillId);
    if (state === null) {
      throw new PermanentError(`backfill ${backfillId} is not in the ledger`);
    }
    if (state.status !== 'running') {
      return state;
    }
    const planned = state.partitions.filter((partition) => partition.action === 'run');
    const active = planned.filter(
      (partition) => partition.started_at !== null && IN_PROGRESS.has(partition.run_status ?? ''),
    );
    const pending = planned.filter((partition) => partition.started_at === null);
    if (pending.length === 0 && active.length === 0) {
      const isSuccess = planned.every((partition) => partition.run_status === 'succeeded');
      await finishBackfill(deps.ledger, backfillId, isSuccess ? 'succeeded' : 'failed');
      deps.log.info({ backfillId, runs: planned.length, isSuccess }, 'backfill finished');
      continue;
    }
    const free = Math.max(0, state.max_concurrent - active.length);
    for (const partition of pending.slice(0, free)) {
      await startPartition(state, partition, deps);
    }
    // Every way forward now needs a run to change status: a slot to free, or the last to end.
    await deps.runStatus.waitForChange(seen, signal);
  }
}

async function startPartition(
  state: BackfillState,
  partition: PlannedPartition,
  deps: CoordinateDeps,
): Promise<void> {
  const date = partition.partition_date;
  const runId = partition.run_id ?? '';
  const started = await deps.startRun({
    pipeline: state.pipeline,
    partitionDate: date,
    tables: partition.tables,
    suffix: suffixOf(runId, state.pipeline, date),
    fullRefresh: state.full_refresh,
  });
  await markPartitionStarted(deps.ledger, state.backfill_id, date);
  deps.log.info(
    { backfillId: state.backfill_id, runId: started.runId, partitionDate: date },
    'backfill started a run',
  );
}
