// Writes the run ledger (schema pipeline): runs, stage jobs and checks. Statements live in
// sql/queries; this module only binds their parameters.

import type pg from 'pg';
import { inTransaction } from '../clients/pg';
import type { CheckResult } from '../contracts/validate';
import { loadQuery } from '../sql/load-sql';

export interface RunRecord {
  runId: string;
  pipeline: string;
  partitionDate: string;
  tables: readonly string[];
  options: Record<string, unknown>;
}

export interface StageRef {
  runId: string;
  table: string;
  stage: string;
  part: number;
}

export interface StageOutcome {
  status: 'completed' | 'failed' | 'retrying' | 'released';
  rowsIn: number | null;
  rowsOut: number | null;
  bytes: number | null;
  ms: number;
  error: string | null;
  result: unknown;
}

function insertRunParams(run: RunRecord): unknown[] {
  return [run.runId, run.pipeline, run.partitionDate, run.tables, JSON.stringify(run.options)];
}

/** Returns true when the run is new, false when the run id was already recorded. */
export async function insertRun(pool: pg.Pool, run: RunRecord): Promise<boolean> {
  const inserted = await pool.query(loadQuery('insert_run'), insertRunParams(run));
  return inserted.rowCount === 1;
}

/** A run that would write the same lake objects as one still active. */
export class RunBusyError extends Error {
  constructor(
    readonly runId: string,
    readonly activeRunId: string,
  ) {
    super(
      `run ${activeRunId} is still loading the same tables for this date; ${runId} can start once it has finished (or failed)`,
    );
    this.name = 'RunBusyError';
  }
}

/**
 * Records a run unless another active run of the same pipeline and date loads one of its tables:
 * their objects share the date's folder of the lake. The check and the insert hold one lock, so
 * two requests at once cannot both pass. True when the run is new, false when it was recorded.
 */
export async function insertExclusiveRun(pool: pg.Pool, run: RunRecord): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `run:${run.pipeline}:${run.partitionDate}`,
    ]);
    const active = await client.query<{ run_id: string }>(loadQuery('select_active_run_on_date'), [
      run.runId,
      run.pipeline,
      run.partitionDate,
      run.tables,
    ]);
    const other = active.rows[0];
    if (other !== undefined) {
      throw new RunBusyError(run.runId, other.run_id);
    }
    const inserted = await client.query(loadQuery('insert_run'), insertRunParams(run));
    return inserted.rowCount === 1;
  });
}

export async function recordStageStart(
  pool: pg.Pool,
  ref: StageRef,
  job: { jobId: string; queue: string; attempts: number },
): Promise<void> {
  await pool.query(loadQuery('upsert_stage_start'), [
    ref.runId,
    ref.table,
    ref.stage,
    ref.part,
    job.jobId,
    job.queue,
    job.attempts,
  ]);
}

export async function recordStageEnd(
  pool: pg.Pool,
  ref: StageRef,
  outcome: StageOutcome,
): Promise<void> {
  await pool.query(loadQuery('update_stage_end'), [
    ref.runId,
    ref.table,
    ref.stage,
    ref.part,
    outcome.status,
    outcome.rowsIn,
    outcome.rowsOut,
    outcome.bytes,
    Math.round(outcome.ms),
    outcome.error,
    outcome.result === undefined ? null : JSON.stringify(outcome.result),
  ]);
}

export async function updateRunStatus(
  pool: pg.Pool,
  runId: string,
  status: 'running' | 'succeeded' | 'failed',
  error: string | null = null,
): Promise<void> {
  await pool.query(loadQuery('update_run_status'), [runId, status, error]);
}

export async function recordChecks(
  pool: pg.Pool,
  runId: string,
  table: string,
  checks: readonly CheckResult[],
): Promise<void> {
  for (const check of checks) {
    await pool.query(loadQuery('upsert_check'), [
      runId,
      table,
      check.name,
      check.passed,
      check.observed,
      check.expected,
      check.detail,
      check.ms === undefined ? null : Math.round(check.ms),
    ]);
  }
}
