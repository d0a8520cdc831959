// Exports one analytics table to the gold layer: gold/analytics/<model>/updated_at=<date>/
// part-00000.parquet. Rows stream from a pg cursor into the Parquet object writer a row group at a
// time, so memory holds one row group whatever the table's size. The Parquet schema follows the
// table's PostgreSQL column types; a type without a Parquet counterpart is written as text.

import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { SchemaElement } from 'hyparquet';
import { buildLakeKey } from '../../shared/lake/keys';
import type { LakeStore } from '../../shared/lake/objects';
import { createParquetObjectWriter } from '../../shared/parquet/object-writer';
import { loadQuery } from '../../shared/sql/load-sql';
import { qualifiedPg, quotePg } from '../../shared/sql/quote';
import { MODEL_SCHEMA } from './models';

export interface GoldDeps {
  warehouse: pg.Pool;
  store: LakeStore;
  rowGroupRows: number;
  signal?: AbortSignal;
}

export interface GoldExport {
  key: string;
  rows: number;
  bytes: number;
}

type Convert = (value: unknown) => unknown;

interface GoldColumn {
  element: SchemaElement[];
  select: string;
  convert: Convert;
}

type Leaf = Omit<SchemaElement, 'name' | 'repetition_type'>;

/** How one PostgreSQL type is selected, typed in Parquet and converted from its text form. */
interface GoldType {
  leaf: Leaf | 'list';
  select: (quoted: string) => string;
  convert: Convert;
}

const DAY_MS = 86_400_000;
// pg-cursor hands every value over as text here (see the type parser below); each column converts.
const toBigInt: Convert = (value) => (value === null ? null : BigInt(value as string));
const toNumber: Convert = (value) => (value === null ? null : Number(value));
const fromJson: Convert = (value) =>
  value === null ? null : (JSON.parse(value as string) as unknown);
const asIs = (quoted: string): string => quoted;
const asDouble = (quoted: string): string => `${quoted}::double precision`;

const INTEGER: GoldType = { leaf: { type: 'INT32' }, select: asIs, convert: toNumber };
const DOUBLE: GoldType = { leaf: { type: 'DOUBLE' }, select: asDouble, convert: toNumber };
const JSON_TYPE: GoldType = {
  leaf: { type: 'BYTE_ARRAY', converted_type: 'JSON' },
  select: asIs,
  convert: fromJson,
};
const TEXT: GoldType = {
  leaf: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  select: (quoted) => `${quoted}::text`,
  convert: (value) => value,
};

const GOLD_TYPES: Record<string, GoldType> = {
  smallint: { ...INTEGER, leaf: { type: 'INT32', converted_type: 'INT_16' } },
  integer: INTEGER,
  bigint: { leaf: { type: 'INT64' }, select: asIs, convert: toBigInt },
  real: DOUBLE,
  'double precision': DOUBLE,
  numeric: DOUBLE,
  boolean: {
    leaf: { type: 'BOOLEAN' },
    select: asIs,
    convert: (v) => (v === null ? null : v === 't'),
  },
  date: {
    leaf: { type: 'INT32', converted_type: 'DATE' },
    select: asIs,
    convert: (v) =>
      v === null ? null : Math.round(Date.parse(`${v as string}T00:00:00Z`) / DAY_MS),
  },
  'timestamp with time zone': {
    leaf: {
      type: 'INT64',
      converted_type: 'TIMESTAMP_MILLIS',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    },
    select: (quoted) => `(extract(epoch FROM ${quoted}) * 1000)::bigint`,
    convert: toBigInt,
  },
  'text[]': { leaf: 'list', select: (quoted) => `to_json(${quoted})::text`, convert: fromJson },
  json: JSON_TYPE,
  jsonb: JSON_TYPE,
};

function goldColumn(name: string, type: string): GoldColumn {
  const gold = GOLD_TYPES[type] ?? TEXT;
  const element: SchemaElement[] =
    gold.leaf === 'list'
      ? [
          { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
          { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
          {
            name: 'element',
            repetition_type: 'OPTIONAL',
            type: 'BYTE_ARRAY',
            converted_type: 'UTF8',
          },
        ]
      : [{ name, repetition_type: 'OPTIONAL', ...gold.leaf }];
  return { element, select: gold.select(quotePg(name)), convert: gold.convert };
}

// Every value arrives as PostgreSQL's text form and is converted per column, so no global pg type
// parser (and no process time zone) can change what lands in the file.
const TEXT_ONLY = { getTypeParser: () => (value: string) => value };

export function goldKey(model: string, partitionDate: string): string {
  return buildLakeKey({
    layer: 'gold',
    source: 'analytics',
    table: model,
    partitionDate,
    part: 0,
    seq: null,
    ext: 'parquet',
  });
}

export async function exportGold(
  model: string,
  partitionDate: string,
  deps: GoldDeps,
): Promise<GoldExport> {
  const table = qualifiedPg(MODEL_SCHEMA, model);
  const { rows: described } = await deps.warehouse.query<{ name: string; type: string }>(
    loadQuery('select_table_columns'),
    [table],
  );
  const columns = described.map((column) => goldColumn(column.name, column.type));
  const names = described.map((column) => column.name);
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.flatMap((column) => column.element),
  ];
  const key = goldKey(model, partitionDate);
  // Aborting the upload on any failure leaves no half-written object behind.
  const upload = new AbortController();
  const stop = (): void => upload.abort();
  deps.signal?.addEventListener('abort', stop, { once: true });
  const writer = createParquetObjectWriter<unknown>(
    deps.store,
    key,
    schema,
    names,
    deps.rowGroupRows,
    upload.signal,
  );
  const select = columns.map((column, i) => `${column.select} AS c${i}`).join(', ');
  const client = await deps.warehouse.connect();
  const cursor = client.query(
    new Cursor<unknown[]>(`SELECT ${select} FROM ${table}`, [], {
      rowMode: 'array',
      types: TEXT_ONLY,
    }),
  );
  let rows = 0;
  try {
    const read = (): Promise<unknown[][]> => {
      const next = cursor.read(deps.rowGroupRows);
      // Awaited below; this branch only keeps a read left in flight by a failure from going
      // unhandled (the failure itself is what gets reported).
      next.catch(() => undefined);
      return next;
    };
    let next = read();
    for (let batch = await next; batch.length > 0; batch = await next) {
      // The next batch travels from PostgreSQL while this one is encoded.
      next = read();
      for (const row of batch) {
        await writer.appendRow(row.map((value, i) => columns[i]?.convert(value) ?? null));
      }
      rows += batch.length;
      deps.signal?.throwIfAborted();
    }
    const bytes = await writer.close();
    return { key, rows, bytes };
  } catch (err) {
    upload.abort();
    throw err;
  } finally {
    deps.signal?.removeEventListener('abort', stop);
    await cursor.close();
    client.release();
  }
}
