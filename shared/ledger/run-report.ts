// Reads runs back from the ledger as people look at them: a run with its stage jobs, rows per
// table and stage, checks and errors; or a list of recent runs. The API and the CLI share it.

import type pg from 'pg';
import { loadQuery } from '../sql/load-sql';

type Row = Record<string, unknown>;

export interface RunReport {
  run_id: string;
  status: string;
  error: string | null;
  jobs: number | null;
  stages: Row[];
  counts: Row[];
  checks: Row[];
  /** Every stage job that ended in an error, with its message: what to read first. */
  errors: { table: string; stage: string; part: number; status: string; error: string }[];
  [field: string]: unknown;
}

export interface RunListQuery {
  pipeline?: string;
  status?: string;
  limit: number;
}

/** The run, or null when the ledger has no such run. */
export async function readRun(ledger: pg.Pool, runId: string): Promise<RunReport | null> {
  const run = await ledger.query<Row>(loadQuery('select_run'), [runId]);
  const row = run.rows[0];
  if (row === undefined) {
    return null;
  }
  const [stages, counts, checks] = await Promise.all([
    ledger.query<Row>(loadQuery('select_run_stages'), [runId]),
    ledger.query<Row>(loadQuery('select_run_counts'), [runId]),
    ledger.query<Row>(loadQuery('select_run_checks'), [runId]),
  ]);
  const errors = stages.rows
    .filter((stage) => typeof stage.error === 'string')
    .map((stage) => ({
      table: String(stage.table_name),
      stage: String(stage.stage),
      part: Number(stage.part),
      status: String(stage.status),
      error: String(stage.error),
    }));
  return {
    ...row,
    run_id: String(row.run_id),
    status: String(row.status),
    error: typeof row.error === 'string' ? row.error : null,
    jobs: typeof row.jobs === 'number' ? row.jobs : null,
    stages: stages.rows,
    counts: counts.rows.map(numericCounts),
    checks: checks.rows,
    errors,
  };
}

/** pg returns bigint sums as strings; counts are small enough to be numbers. */
function numericCounts(row: Row): Row {
  const out: Row = { ...row };
  for (const key of ['rows_in', 'rows_out', 'bytes', 'ms']) {
    out[key] = row[key] === null || row[key] === undefined ? null : Number(row[key]);
  }
  return out;
}

export async function listRuns(ledger: pg.Pool, query: RunListQuery): Promise<Row[]> {
  const runs = await ledger.query<Row>(loadQuery('select_runs'), [
    query.pipeline ?? null,
    query.status ?? null,
    query.limit,
  ]);
  return runs.rows;
}
