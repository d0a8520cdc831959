// Streams one part of a MySQL table into gzipped NDJSON bronze objects on S3, a bounded number of
// rows per object. Knows nothing of BullMQ: a worker, the CLI and a test call it alike.

import type { Pool, PoolConnection } from 'mysql2';
import type pg from 'pg';
import { getTable } from '../../shared/catalog';
import type { ExtractStrategy, TableDef } from '../../shared/catalog';
import { ZERO_COUNTS } from '../../shared/contracts';
import type { ExtractJob, ExtractResult } from '../../shared/contracts';
import { buildLakeKey, partObjectsPrefix } from '../../shared/lake/keys';
import { createNdjsonWriter } from '../../shared/lake/ndjson';
import type { NdjsonWriter } from '../../shared/lake/ndjson';
import { deleteByPrefix } from '../../shared/lake/objects';
import type { LakeStore } from '../../shared/lake/objects';
import type { Logger } from '../../shared/logger';
import { buildExtractQuery } from '../../shared/sql/mysql-extract-statements';
import { readWatermark } from './read-watermark';

export interface ExtractDeps {
  mysql: Pool;
  warehouse: pg.Pool;
  store: LakeStore;
  log: Logger;
  signal: AbortSignal;
  objectRows: number;
  onProgress(rows: number): Promise<void>;
}

const PROGRESS_EVERY = 10_000;

export function chooseStrategy(table: TableDef, fullRefresh: boolean): ExtractStrategy {
  return fullRefresh ? { kind: 'full_load' } : table.extract;
}

export async function extractMysqlPart(job: ExtractJob, deps: ExtractDeps): Promise<ExtractResult> {
  const started = performance.now();
  const table = getTable(job.table);
  const strategy = chooseStrategy(table, job.fullRefresh);
  const watermark =
    strategy.kind === 'incremental_by_watermark'
      ? await readWatermark(deps.warehouse, table, strategy.watermarkColumn)
      : null;
  const query = buildExtractQuery(table, strategy, {
    partitionDate: job.partitionDate,
    watermark,
    part: job.part,
  });
  await deleteByPrefix(
    deps.store,
    partObjectsPrefix('bronze', table.source, table.name, job.partitionDate, job.part.index),
  );
  deps.log.info({ strategy: strategy.kind, watermark, part: job.part }, 'extracting');

  const keys: string[] = [];
  let bytes = 0;
  let rows = 0;
  let rowsInObject = 0;
  let maxWatermark: string | null = null;
  let writer: NdjsonWriter | null = null;
  const watermarkColumn =
    strategy.kind === 'incremental_by_watermark' ? strategy.watermarkColumn : null;

  const connection = await getConnection(deps.mysql);
  let isDone = false;
  try {
    const stream = connection
      .query({ sql: query.sql, values: query.values })
      .stream({ highWaterMark: 2_000 });
    for await (const row of stream as AsyncIterable<Record<string, unknown>>) {
      if (writer === null) {
        const key = buildLakeKey({
          layer: 'bronze',
          source: table.source,
          table: table.name,
          partitionDate: job.partitionDate,
          part: job.part.index,
          seq: keys.length,
          ext: 'ndjson.gz',
        });
        keys.push(key);
        writer = createNdjsonWriter(deps.store, key, deps.signal);
      }
      await writer.writeLine(JSON.stringify(row));
      rows += 1;
      rowsInObject += 1;
      if (watermarkColumn !== null) {
        const value = row[watermarkColumn];
        if (typeof value === 'string' && (maxWatermark === null || value > maxWatermark)) {
          maxWatermark = value;
        }
      }
      if (rowsInObject >= deps.objectRows) {
        bytes += await writer.close();
        writer = null;
        rowsInObject = 0;
      }
      if (rows % PROGRESS_EVERY === 0) {
        await deps.onProgress(rows);
      }
    }
    if (writer !== null) {
      bytes += await writer.close();
    }
    isDone = true;
  } finally {
    // A query abandoned midway would keep streaming rows into the connection: destroy it instead.
    if (isDone) {
      connection.release();
    } else {
      connection.destroy();
    }
  }
  await deps.onProgress(rows);
  return {
    table: table.name,
    part: job.part,
    strategy: strategy.kind,
    bronzeKeys: keys,
    bytes,
    watermark: maxWatermark,
    counts: { ...ZERO_COUNTS, extracted: rows },
    ms: performance.now() - started,
  };
}

function getConnection(pool: Pool): Promise<PoolConnection> {
  return new Promise((resolve, reject) => {
    pool.getConnection((err, connection) => (err ? reject(err) : resolve(connection)));
  });
}
