// Streams a Kaggle CSV into its MySQL table. A bad row (wrong field count, a cell its column cannot
// hold) goes to the reject file with its line number and reason; the good rows still load. Seeding
// the same file twice leaves the same rows, and rows whose values did not change keep updated_at.

import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { getTable } from '../../shared/catalog';
import type { TableDef } from '../../shared/catalog';
import { quoteMysql } from '../../shared/sql/quote';
import { readColumnLimits } from './column-rules';
import { loadDataRecords } from './load-data-rows';
import { openKaggleCsv } from './read-kaggle-csv';
import { upsertRecords } from './upsert-rows';
import { withoutKeyChecks } from './without-key-checks';

/** How rows reach MySQL; `auto` takes LOAD DATA LOCAL for an empty table when the server allows. */
export type SeedMethod = 'auto' | 'insert' | 'load-data';

export interface SeedResult {
  table: string;
  loaded: number;
  rejected: number;
  rejectFile: string | null;
  method: 'insert' | 'load-data';
  ms: number;
}

export interface SeedDeps {
  mysql: Pool;
  rejectFile: string;
  method?: SeedMethod;
  batchRows?: number;
  onProgress?(bytesRead: number, rows: number): void;
}

interface RejectLog {
  write(record: { line: number; reason: string; fields: readonly string[] }): Promise<void>;
  close(): Promise<number>;
}

function openRejectLog(path: string): RejectLog {
  let out: WriteStream | null = null;
  let count = 0;
  return {
    async write(record) {
      count += 1;
      out ??= createWriteStream(path);
      if (!out.write(`${JSON.stringify(record)}\n`)) {
        await once(out, 'drain');
      }
    },
    async close() {
      if (out !== null) {
        out.end();
        await finished(out);
      }
      return count;
    },
  };
}

async function chooseMethod(
  connection: PoolConnection,
  table: TableDef,
  method: SeedMethod,
): Promise<'insert' | 'load-data'> {
  if (method !== 'auto') {
    return method;
  }
  const [setting] = await connection.query<RowDataPacket[]>('SELECT @@local_infile AS allowed');
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT 1 FROM ${quoteMysql(table.name)} LIMIT 1`,
  );
  // bigNumberStrings makes the server's integer a string.
  return Number(setting[0]?.allowed) === 1 && rows.length === 0 ? 'load-data' : 'insert';
}

export async function seedCsv(
  file: string,
  tableName: string,
  deps: SeedDeps,
): Promise<SeedResult> {
  const started = performance.now();
  const table = getTable(tableName);
  const csv = await openKaggleCsv(file, table, await readColumnLimits(deps.mysql, table));
  await rm(deps.rejectFile, { force: true });
  const rejects = openRejectLog(deps.rejectFile);
  try {
    // Parents may be rejected rows or load later; the seed checks references once all is loaded.
    return await withoutKeyChecks(deps.mysql, async (connection) => {
      const method = await chooseMethod(connection, table, deps.method ?? 'auto');
      const sink = {
        connection,
        reject: (record: { line: number; reason: string; fields: readonly string[] }) =>
          rejects.write(record),
        onLoaded: (rows: number) => deps.onProgress?.(csv.bytesRead(), rows),
      };
      const loaded =
        method === 'load-data'
          ? await loadDataRecords(csv.records, table, csv.columns, sink)
          : await upsertRecords(csv.records, table, csv.columns, {
              ...sink,
              batchRows: deps.batchRows ?? 500,
            });
      const rejected = await rejects.close();
      return {
        table: table.name,
        loaded,
        rejected,
        rejectFile: rejected > 0 ? deps.rejectFile : null,
        method,
        ms: Math.round(performance.now() - started),
      };
    });
  } finally {
    await csv.records.return(undefined);
  }
}
