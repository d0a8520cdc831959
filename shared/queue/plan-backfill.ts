// Decides what a backfill does with each date of its range, from the runs the ledger already
// holds. Pure: the dry run and the real backfill plan alike, and a test needs no server.

import type { Pipeline } from '../contracts';
import { buildRunId } from '../contracts';
import { eachDate } from './dates';

export interface BackfillRequest {
  pipeline: Pipeline;
  from: string;
  to: string;
  tables: readonly string[];
  maxConcurrent: number;
  /** Only dates where a requested table has no succeeded run (failed or never run). */
  onlyFailed: boolean;
  fullRefresh: boolean;
}

export interface ExistingRun {
  run_id: string;
  partition_date: string;
  status: string;
  tables: readonly string[];
}

export interface PlannedPartition {
  partition_date: string;
  action: 'run' | 'skip';
  /** The run to start, or for a skip the run that covers the date. */
  run_id: string | null;
  tables: string[];
  reason: string;
}

const IN_PROGRESS = new Set(['queued', 'running']);

export function planBackfill(
  request: BackfillRequest,
  existing: readonly ExistingRun[],
): PlannedPartition[] {
  return eachDate(request.from, request.to).map((date) =>
    planDate(
      request,
      date,
      existing.filter((run) => run.partition_date === date),
    ),
  );
}

function planDate(
  request: BackfillRequest,
  date: string,
  runs: readonly ExistingRun[],
): PlannedPartition {
  const skip = (runId: string | null, reason: string): PlannedPartition => ({
    partition_date: date,
    action: 'skip',
    run_id: runId,
    tables: [],
    reason,
  });
  const active = runs.find((run) => IN_PROGRESS.has(run.status));
  if (active !== undefined) {
    return skip(active.run_id, `run ${active.run_id} is in progress`);
  }
  const succeeded = runs.filter((run) => run.status === 'succeeded');
  const covered = new Set(succeeded.flatMap((run) => run.tables));
  const failed = runs.filter((run) => run.status === 'failed').at(-1);
  let tables = [...request.tables];
  let reason = runs.length === 0 ? 'never run' : 'run again';
  if (request.onlyFailed) {
    tables = tables.filter((table) => !covered.has(table));
    if (tables.length === 0) {
      return skip(succeeded.at(-1)?.run_id ?? null, 'already succeeded');
    }
    reason = failed !== undefined ? `failed in ${failed.run_id}` : 'never run';
  }
  return {
    partition_date: date,
    action: 'run',
    run_id: freeRunId(request.pipeline, date, runs),
    tables,
    reason,
  };
}

/** The date's plain run id when unused, else the first free rerun id: `-r2`, `-r3`... */
function freeRunId(pipeline: Pipeline, date: string, runs: readonly ExistingRun[]): string {
  const taken = new Set(runs.map((run) => run.run_id));
  let runId = buildRunId(pipeline, date);
  for (let n = 2; taken.has(runId); n += 1) {
    runId = buildRunId(pipeline, date, `r${n}`);
  }
  return runId;
}

/** The suffix startRun needs to rebuild a planned run id. */
export function suffixOf(runId: string, pipeline: Pipeline, date: string): string | undefined {
  const base = buildRunId(pipeline, date);
  return runId === base ? undefined : runId.slice(base.length + 1);
}
