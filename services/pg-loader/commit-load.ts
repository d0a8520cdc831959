// Applies a run's staged rows to the target table in ONE transaction: replace the table for a full
// load, replace the run's day for a `replace_partition` table, upsert by primary key otherwise.
// Readers see the old rows until COMMIT, and a crash at any point leaves the target as it was,
// columns included: a column the catalog allows adding is added in this transaction. The commit is
// recorded in the same transaction.

import type pg from 'pg';
import { getColumn, getTable } from '../../shared/catalog';
import type { ColumnDef, LoadMode, TableDef } from '../../shared/catalog';
import { inTransaction } from '../../shared/clients/pg';
import { addCounts, ZERO_COUNTS } from '../../shared/contracts';
import type { PgLoadCommitJob, PgLoadCommitResult, PgLoadPartResult } from '../../shared/contracts';
import { PermanentError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { loadQuery } from '../../shared/sql/load-sql';
import { checkWarehouseColumns } from './check-drift';
import { isStagingLogged, swapBlockers, swapInStaging } from './swap-table';
import {
  countSql,
  createIndexSql,
  deletePartitionSql,
  dropIndexSql,
  dropStagingSql,
  insertFromStagingSql,
  lockTargetSql,
  stagingName,
  targetName,
  truncateSql,
  upsertFromStagingSql,
} from '../../shared/sql/pg-load-statements';
import type { TargetIndex } from '../../shared/sql/pg-load-statements';

export interface CommitDeps {
  warehouse: pg.Pool;
  log: Logger;
}

type Strategy = PgLoadCommitResult['strategy'];

export function loadModeFor(table: TableDef, strategy: Strategy): LoadMode {
  return strategy === 'full_load' ? 'replace_table' : table.load;
}

export async function commitLoad(
  job: PgLoadCommitJob,
  parts: readonly PgLoadPartResult[],
  deps: CommitDeps,
): Promise<PgLoadCommitResult> {
  const started = performance.now();
  const table = getTable(job.table);
  const strategy: Strategy = parts[0]?.strategy ?? table.extract.kind;
  const mode = loadModeFor(table, strategy);
  const counts = parts.reduce((sum, part) => addCounts(sum, part.counts), ZERO_COUNTS);
  return inTransaction(deps.warehouse, async (client) => {
    const previous = await client.query<{ staged: string; rows_in_target: string }>(
      loadQuery('select_load_commit'),
      [job.runId, table.name],
    );
    const done = previous.rows[0];
    if (done !== undefined) {
      deps.log.info('load already committed');
      return result(
        table,
        mode,
        strategy,
        Number(done.staged),
        Number(done.rows_in_target),
        counts,
        started,
      );
    }
    const staged = await stagedRows(client, job, table);
    await checkWarehouseColumns(client, table, 'add');
    // After a replace the target holds exactly the staged rows it swapped in, or the rows its
    // INSERT wrote (a trigger may have skipped some, which the validator then reports): no second
    // scan of a table that is 2 GB at 1,000,000 tracks.
    const applied = await applyStaged(client, table, job, mode, staged, deps.log);
    const rowsInTarget =
      applied.rowsInTarget ??
      Number((await client.query<{ n: string }>(countSql(targetName(table)))).rows[0]?.n ?? 0);
    await client.query(loadQuery('insert_load_commit'), [
      job.runId,
      table.name,
      mode,
      staged,
      rowsInTarget,
    ]);
    await client.query(loadQuery('delete_staged_parts'), [job.runId, table.name]);
    await client.query(dropStagingSql(table, job.runId));
    return {
      ...result(table, mode, strategy, staged, rowsInTarget, counts, started),
      ...(applied.replacedBy === undefined ? {} : { replacedBy: applied.replacedBy }),
    };
  });
}

interface Applied {
  /** For a replace, the rows now in the target. */
  rowsInTarget: number | null;
  replacedBy?: 'swap' | 'insert';
}

async function applyStaged(
  client: pg.PoolClient,
  table: TableDef,
  job: PgLoadCommitJob,
  mode: LoadMode,
  staged: number,
  log: Logger,
): Promise<Applied> {
  switch (mode) {
    case 'replace_table': {
      await client.query(lockTargetSql(table));
      const blockers = await swapBlockers(client, table);
      if (blockers.length === 0 && (await isStagingLogged(client, table, job.runId)) === true) {
        await swapInStaging(client, table, job.runId);
        return { rowsInTarget: staged, replacedBy: 'swap' };
      }
      if (blockers.length > 0) {
        log.info({ blockers }, 'the target is replaced by INSERT: it has what a swap would lose');
      }
      return { rowsInTarget: await replaceTable(client, table, job.runId), replacedBy: 'insert' };
    }
    case 'replace_partition':
      // Delete the day, then upsert: a row that moved into this day from another one replaces its
      // old version instead of colliding with it on the primary key.
      await client.query(deletePartitionSql(table, partitionColumnOf(table)), [job.partitionDate]);
      await client.query(upsertFromStagingSql(table, job.runId));
      return { rowsInTarget: null };
    case 'upsert':
      await client.query(upsertFromStagingSql(table, job.runId));
      return { rowsInTarget: null };
  }
}

/**
 * Empties the table and inserts the staged rows. Its indexes are dropped before the insert and built
 * again after it, in the same transaction: building an index from all the rows at once is cheaper
 * than growing it a row at a time (1,000,000 tracks: 15.7 s -> 10.8 s, issue 10). The statements
 * that re-create them are PostgreSQL's own descriptions of them. A table whose key another table's
 * foreign key references keeps its indexes, which could only be dropped with that foreign key.
 */
async function replaceTable(
  client: pg.PoolClient,
  table: TableDef,
  runId: string,
): Promise<number> {
  const found = await client.query<TargetIndex>(loadQuery('select_target_indexes'), [
    targetName(table),
  ]);
  const indexes = found.rows.some((index) => index.is_referenced) ? [] : found.rows;
  await client.query(truncateSql(table));
  for (const index of indexes) {
    await client.query(dropIndexSql(table, index));
  }
  const inserted = await client.query(insertFromStagingSql(table, runId));
  for (const index of indexes) {
    await client.query(createIndexSql(table, index));
  }
  return inserted.rowCount ?? 0;
}

function partitionColumnOf(table: TableDef): ColumnDef {
  if (table.extract.kind !== 'incremental_by_partition') {
    throw new PermanentError(
      `${table.name} loads by replace_partition but is not extracted by partition`,
    );
  }
  return getColumn(table, table.extract.partitionColumn);
}

async function stagedRows(
  client: pg.PoolClient,
  job: PgLoadCommitJob,
  table: TableDef,
): Promise<number> {
  const parts = await client.query<{ parts: string; rows: string | null }>(
    loadQuery('sum_staged_parts'),
    [job.runId, table.name],
  );
  const summary = parts.rows[0];
  if (summary === undefined || Number(summary.parts) !== job.parts) {
    throw new PermanentError(
      `${job.runId} ${table.name}: ${summary?.parts ?? 0} of ${job.parts} parts are staged; retry the failed pg-load parts first`,
    );
  }
  const recorded = Number(summary.rows ?? 0);
  // The staging table holds exactly the staged rows; counting it guards against a lost part.
  const counted = await client.query<{ n: string }>(countSql(stagingName(table, job.runId)));
  const rows = Number(counted.rows[0]?.n ?? 0);
  if (rows !== recorded) {
    throw new PermanentError(
      `${job.runId} ${table.name}: staging holds ${rows} rows but the parts recorded ${recorded}`,
    );
  }
  return rows;
}

function result(
  table: TableDef,
  mode: LoadMode,
  strategy: Strategy,
  staged: number,
  rowsInTarget: number,
  counts: PgLoadCommitResult['counts'],
  started: number,
): PgLoadCommitResult {
  return {
    kind: 'commit',
    table: table.name,
    mode,
    strategy,
    staged,
    rowsInTarget,
    counts: { ...counts, loaded: staged },
    ms: performance.now() - started,
  };
}
