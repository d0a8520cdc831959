// Writes and reads backfills in the run ledger: the backfill, its plan (one row per date) and
// which runs it has started. Statements live in sql/queries.

import type pg from 'pg';
import { inTransaction } from '../clients/pg';
import type { BackfillRequest, ExistingRun, PlannedPartition } from '../queue/plan-backfill';
import { loadQuery } from '../sql/load-sql';

export interface BackfillPartitionState extends PlannedPartition {
  started_at: Date | null;
  /** The started run's status; null until the partition starts. */
  run_status: string | null;
  run_finished_at: Date | null;
}

export interface BackfillState {
  backfill_id: number;
  pipeline: BackfillRequest['pipeline'];
  from_date: string;
  to_date: string;
  tables: string[];
  max_concurrent: number;
  only_failed: boolean;
  full_refresh: boolean;
  status: 'running' | 'succeeded' | 'failed';
  created_at: Date;
  finished_at: Date | null;
  partitions: BackfillPartitionState[];
}

export async function listRunsInRange(
  ledger: pg.Pool,
  request: Pick<BackfillRequest, 'pipeline' | 'from' | 'to'>,
): Promise<ExistingRun[]> {
  const runs = await ledger.query<ExistingRun>(loadQuery('select_runs_in_range'), [
    request.pipeline,
    request.from,
    request.to,
  ]);
  return runs.rows;
}

/** Records the backfill and its plan in one transaction; returns the new backfill id. */
export async function insertBackfill(
  ledger: pg.Pool,
  request: BackfillRequest,
  plan: readonly PlannedPartition[],
): Promise<number> {
  return inTransaction(ledger, async (client) => {
    const inserted = await client.query<{ backfill_id: string }>(loadQuery('insert_backfill'), [
      request.pipeline,
      request.from,
      request.to,
      request.tables,
      request.maxConcurrent,
      request.onlyFailed,
      request.fullRefresh,
    ]);
    const backfillId = Number(inserted.rows[0]?.backfill_id);
    await client.query(loadQuery('insert_backfill_partitions'), [backfillId, JSON.stringify(plan)]);
    return backfillId;
  });
}

export async function readBackfill(
  ledger: pg.Pool,
  backfillId: number,
): Promise<BackfillState | null> {
  const backfill = await ledger.query<Omit<BackfillState, 'partitions'>>(
    loadQuery('select_backfill'),
    [backfillId],
  );
  const row = backfill.rows[0];
  if (row === undefined) {
    return null;
  }
  const partitions = await ledger.query<BackfillPartitionState>(
    loadQuery('select_backfill_partitions'),
    [backfillId],
  );
  return { ...row, partitions: partitions.rows };
}

export async function listBackfills(
  ledger: pg.Pool,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const backfills = await ledger.query<Record<string, unknown>>(loadQuery('select_backfills'), [
    limit,
  ]);
  return backfills.rows;
}

export async function markPartitionStarted(
  ledger: pg.Pool,
  backfillId: number,
  partitionDate: string,
): Promise<void> {
  await ledger.query(loadQuery('update_backfill_partition_started'), [backfillId, partitionDate]);
}

export async function finishBackfill(
  ledger: pg.Pool,
  backfillId: number,
  status: 'succeeded' | 'failed',
): Promise<void> {
  await ledger.query(loadQuery('update_backfill_status'), [backfillId, status]);
}
