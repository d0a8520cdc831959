// Streams a Kaggle CSV into its MySQL table in batched, parameterized inserts. A bad row (wrong
// field count, a number that does not parse) goes to the reject file with its line number and
// reason; the good rows still load. Seeding the same file twice leaves the same rows.

import { createReadStream, createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import type { Pool } from 'mysql2/promise';
import { getTable } from '../../shared/catalog';
import type { ColumnDef, TableDef } from '../../shared/catalog';
import { quoteMysql } from '../../shared/sql/quote';
import { mapKaggleHeader } from './kaggle-columns';
import type { HeaderMapping } from './kaggle-columns';

export interface SeedResult {
  table: string;
  loaded: number;
  rejected: number;
  rejectFile: string | null;
}

export interface SeedDeps {
  mysql: Pool;
  rejectFile: string;
  batchRows?: number;
  onProgress?(bytesRead: number, rows: number): void;
}

type Value = string | number | null;

function convert(column: ColumnDef, raw: string): Value {
  if (raw === '' && column.nullable) {
    return null;
  }
  switch (column.type) {
    case 'int16':
    case 'int32':
    case 'int64': {
      if (!/^-?\d+(\.0+)?$/.test(raw.trim())) {
        throw new Error(`${column.name} is not an integer: ${JSON.stringify(raw.slice(0, 30))}`);
      }
      return raw.trim().replace(/\.0+$/, '');
    }
    case 'float32':
    case 'float64': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) {
        throw new Error(`${column.name} is not a number: ${JSON.stringify(raw.slice(0, 30))}`);
      }
      return value;
    }
    default:
      return raw;
  }
}

function insertSql(table: TableDef, columns: readonly string[], rows: number): string {
  const list = columns.map(quoteMysql).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const updates = columns
    .filter((column) => !table.primaryKey.includes(column))
    .map((column) => `${quoteMysql(column)} = VALUES(${quoteMysql(column)})`)
    .join(', ');
  return `INSERT INTO ${quoteMysql(table.name)} (${list}) VALUES ${Array(rows).fill(tuple).join(', ')} ON DUPLICATE KEY UPDATE ${updates}`;
}

export async function seedCsv(
  file: string,
  tableName: string,
  deps: SeedDeps,
): Promise<SeedResult> {
  const table = getTable(tableName);
  const batchRows = deps.batchRows ?? 500;
  const input = createReadStream(file);
  const parser = parse({ relax_column_count: true, bom: true, info: true });
  // A read error reaches the loop below through the parser, which pipeline destroys with it.
  pipeline(input, parser, () => undefined);
  let mapping: HeaderMapping | null = null;
  let batch: Value[] = [];
  let batchCount = 0;
  let loaded = 0;
  let rejected = 0;
  let rejects: WriteStream | null = null;

  const flush = async (): Promise<void> => {
    if (batchCount === 0 || mapping === null) {
      return;
    }
    await deps.mysql.query(insertSql(table, mapping.columns, batchCount), batch);
    loaded += batchCount;
    batch = [];
    batchCount = 0;
    deps.onProgress?.(input.bytesRead, loaded + rejected);
  };

  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (mapping === null) {
      mapping = mapKaggleHeader(table, record);
      continue;
    }
    const problem = checkRow(table, mapping, record, batch);
    if (problem === null) {
      batchCount += 1;
      if (batchCount >= batchRows) {
        await flush();
      }
      continue;
    }
    rejected += 1;
    rejects ??= createWriteStream(deps.rejectFile);
    if (
      !rejects.write(`${JSON.stringify({ line: info.lines, reason: problem, fields: record })}\n`)
    ) {
      await once(rejects, 'drain');
    }
  }
  await flush();
  if (rejects !== null) {
    rejects.end();
    await once(rejects, 'finish');
  }
  return {
    table: table.name,
    loaded,
    rejected,
    rejectFile: rejects === null ? null : deps.rejectFile,
  };
}

/** Appends the row's converted values to `out` and returns null, or returns why it is rejected. */
function checkRow(
  table: TableDef,
  mapping: HeaderMapping,
  record: readonly string[],
  out: Value[],
): string | null {
  if (record.length !== mapping.targets.length) {
    return `expected ${mapping.targets.length} fields, found ${record.length}`;
  }
  const values: Value[] = [];
  for (let i = 0; i < record.length; i += 1) {
    const target = mapping.targets[i];
    if (target === null || target === undefined) {
      continue;
    }
    const column = table.columns.find((c) => c.name === target);
    try {
      values.push(column === undefined ? (record[i] ?? null) : convert(column, record[i] ?? ''));
    } catch (err) {
      return (err as Error).message;
    }
  }
  out.push(...values);
  return null;
}
