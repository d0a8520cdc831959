// Streams one part of a MySQL table into gzipped NDJSON bronze objects on S3, a bounded number of
// rows per object, each row a JSON array under a header line of column names (bronze-rows.ts). A
// failure or an abort leaves no object of the part behind. Knows nothing of BullMQ: a worker, the
// CLI and a test call it alike.

import { addAbortSignal } from 'node:stream';
import type { Pool, PoolConnection } from 'mysql2';
import type pg from 'pg';
import { getTable } from '../../shared/catalog';
import type { TableDef } from '../../shared/catalog';
import { ZERO_COUNTS } from '../../shared/contracts';
import type { ExtractJob, ExtractResult } from '../../shared/contracts';
import { coerceError } from '../../shared/errors';
import { chooseStrategy } from '../../shared/extract/choose-strategy';
import { readWatermark } from '../../shared/extract/read-watermark';
import { bronzeHeaderLine } from '../../shared/lake/bronze-rows';
import { buildLakeKey, partObjectsPrefix } from '../../shared/lake/keys';
import { NDJSON_EXT } from '../../shared/lake/compression';
import type { LakeCodec } from '../../shared/lake/compression';
import { createNdjsonWriter } from '../../shared/lake/ndjson';
import type { NdjsonWriter } from '../../shared/lake/ndjson';
import { deleteByPrefix } from '../../shared/lake/objects';
import type { LakeStore } from '../../shared/lake/objects';
import type { Logger } from '../../shared/logger';
import { JsonRowEncoder } from './json-row-encoder';
import { buildExtractQuery } from '../../shared/sql/mysql-extract-statements';
import type { ExtractQuery } from '../../shared/sql/mysql-extract-statements';

export interface ExtractDeps {
  mysql: Pool;
  warehouse: pg.Pool;
  store: LakeStore;
  log: Logger;
  signal: AbortSignal;
  objectRows: number;
  /** How bronze objects are compressed; gzip unless given. */
  bronzeCodec?: LakeCodec;
  onProgress(rows: number): Promise<void>;
  /** Rows between two progress reports; 10,000 unless a test wants to see them sooner. */
  progressRows?: number;
}

interface Streamed {
  keys: string[];
  bytes: number;
  rows: number;
  maxWatermark: string | null;
}

const PROGRESS_EVERY = 10_000;
/**
 * Rows mysql2 buffers ahead of the writer: bounds memory whatever the table's size. Each buffered
 * row holds a view of every field, which keeps its socket chunk alive: 2,000 rows took the
 * extractor's peak from ~200 to ~260 MB, 500 left it where it was.
 */
const STREAM_ROWS = 500;

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
  const prefix = partObjectsPrefix(
    'bronze',
    table.source,
    table.name,
    job.partitionDate,
    job.part.index,
  );
  // A retried part starts clean: what an earlier attempt left is not this attempt's output.
  await deleteByPrefix(deps.store, prefix);
  deps.log.info({ strategy: strategy.kind, watermark, part: job.part }, 'extracting');
  let streamed: Streamed;
  try {
    streamed = await streamRows(job, table, query, deps);
  } catch (err) {
    await deleteByPrefix(deps.store, prefix);
    throw err;
  }
  await deps.onProgress(streamed.rows);
  return {
    table: table.name,
    part: job.part,
    strategy: strategy.kind,
    bronzeKeys: streamed.keys,
    bytes: streamed.bytes,
    watermark: streamed.maxWatermark,
    counts: { ...ZERO_COUNTS, extracted: streamed.rows },
    ms: performance.now() - started,
  };
}

async function streamRows(
  job: ExtractJob,
  table: TableDef,
  query: ExtractQuery,
  deps: ExtractDeps,
): Promise<Streamed> {
  const out: Streamed = { keys: [], bytes: 0, rows: 0, maxWatermark: null };
  const columns = table.columns.map((column) => column.name);
  // Each row comes as the bytes of its catalog columns, then on a watermark run the watermark's as
  // printed; the encoder turns the columns into the row's JSON line.
  const encoder = new JsonRowEncoder(columns.length);
  const progressRows = deps.progressRows ?? PROGRESS_EVERY;
  let rowsInObject = 0;
  let writer: NdjsonWriter | null = null;
  const connection = await getConnection(deps.mysql);
  let isDone = false;
  try {
    const stream = addAbortSignal(
      deps.signal,
      connection
        .query({ sql: query.sql, values: query.values, rowsAsArray: true, typeCast: false })
        .stream({ highWaterMark: STREAM_ROWS }),
    );
    stream.once('fields', (fields: { columnType: number }[]) => encoder.setFields(fields));
    for await (const row of stream as AsyncIterable<(Buffer | null)[]>) {
      writer ??= await openObject(job, table, columns, out.keys, deps);
      await writer.writeLine(encoder.encode(row));
      const watermark = query.watermarked ? row[columns.length]?.toString('latin1') : undefined;
      out.rows += 1;
      rowsInObject += 1;
      if (
        typeof watermark === 'string' &&
        (out.maxWatermark === null || watermark > out.maxWatermark)
      ) {
        out.maxWatermark = watermark;
      }
      if (rowsInObject >= deps.objectRows) {
        out.bytes += await writer.close();
        writer = null;
        rowsInObject = 0;
      }
      if (out.rows % progressRows === 0) {
        await deps.onProgress(out.rows);
      }
    }
    if (writer !== null) {
      out.bytes += await writer.close();
      writer = null;
    }
    isDone = true;
    return out;
  } catch (err) {
    await writer?.abort(coerceError(err));
    throw err;
  } finally {
    // A query abandoned midway would keep streaming rows into the connection: destroy it instead.
    if (isDone) {
      connection.release();
    } else {
      connection.destroy();
    }
  }
}

async function openObject(
  job: ExtractJob,
  table: TableDef,
  columns: readonly string[],
  keys: string[],
  deps: ExtractDeps,
): Promise<NdjsonWriter> {
  const key = buildLakeKey({
    layer: 'bronze',
    source: table.source,
    table: table.name,
    partitionDate: job.partitionDate,
    part: job.part.index,
    seq: keys.length,
    ext: NDJSON_EXT[deps.bronzeCodec ?? 'gzip'],
  });
  keys.push(key);
  const writer = createNdjsonWriter(deps.store, key, deps.signal);
  await writer.writeLine(bronzeHeaderLine(columns));
  return writer;
}

function getConnection(pool: Pool): Promise<PoolConnection> {
  return new Promise((resolve, reject) => {
    pool.getConnection((err, connection) => (err ? reject(err) : resolve(connection)));
  });
}
