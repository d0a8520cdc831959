// Loads seed rows with batched, parameterized `INSERT … ON DUPLICATE KEY UPDATE`. Works on any
// MySQL (no LOAD DATA LOCAL needed) and into a table that already holds rows: only rows whose values
// change get a new updated_at. A batch the server refuses is retried row by row, so one bad row
// is rejected with the server's reason and the others still load.

import type { PoolConnection } from 'mysql2/promise';
import type { TableDef } from '../../shared/catalog';
import { buildUpsertSql } from '../../shared/sql/mysql-seed-statements';
import type { SeedValue } from './column-rules';
import type { SeedRecord } from './read-kaggle-csv';

export interface SinkDeps {
  connection: PoolConnection;
  reject(record: { line: number; reason: string; fields: readonly string[] }): Promise<void>;
  /** Called after each batch reaches the server, with the rows loaded so far. */
  onLoaded(rows: number): void;
}

interface PendingRow {
  line: number;
  values: SeedValue[];
}

/** SQLSTATE classes of a row's own fault (22 data exception, 23 integrity): retry row by row. */
const isRowFault = (err: unknown): boolean =>
  typeof (err as { sqlState?: unknown }).sqlState === 'string' &&
  /^2[23]/.test((err as { sqlState: string }).sqlState);

export async function upsertRecords(
  records: AsyncIterable<SeedRecord>,
  table: TableDef,
  columns: readonly string[],
  deps: SinkDeps & { batchRows: number },
): Promise<number> {
  const batchSql = buildUpsertSql(table, columns, deps.batchRows);
  let batch: PendingRow[] = [];
  let loaded = 0;
  const flush = async (): Promise<void> => {
    const sql =
      batch.length === deps.batchRows ? batchSql : buildUpsertSql(table, columns, batch.length);
    try {
      await deps.connection.query(
        sql,
        batch.flatMap((row) => row.values),
      );
      loaded += batch.length;
    } catch (err) {
      if (!isRowFault(err)) {
        throw err;
      }
      loaded += await upsertOneByOne(batch, table, columns, deps);
    }
    batch = [];
    deps.onLoaded(loaded);
  };
  for await (const record of records) {
    if ('reason' in record) {
      await deps.reject(record);
      continue;
    }
    batch.push(record);
    if (batch.length >= deps.batchRows) {
      await flush();
    }
  }
  if (batch.length > 0) {
    await flush();
  }
  return loaded;
}

async function upsertOneByOne(
  rows: readonly PendingRow[],
  table: TableDef,
  columns: readonly string[],
  deps: SinkDeps,
): Promise<number> {
  const sql = buildUpsertSql(table, columns, 1);
  let loaded = 0;
  for (const row of rows) {
    try {
      await deps.connection.query(sql, row.values);
      loaded += 1;
    } catch (err) {
      if (!isRowFault(err)) {
        throw err;
      }
      const reason = `MySQL refused the row: ${(err as Error).message}`;
      await deps.reject({ line: row.line, reason, fields: row.values.map((value) => value ?? '') });
    }
  }
  return loaded;
}
