// The SELECT that extracts one part of a table from MySQL, per strategy. Identifiers come from the
// catalog (backtick-quoted); dates, watermarks and key bounds are bound parameters.

import type { ExtractStrategy, TableDef } from '../catalog';
import type { Part } from '../contracts';
import { quoteMysql } from './quote';

export interface ExtractQuery {
  sql: string;
  values: (string | number)[];
}

export interface ExtractBounds {
  partitionDate: string;
  /** The highest watermark already in the warehouse; null on a first run. */
  watermark: string | null;
  part: Part;
}

export function buildExtractQuery(
  table: TableDef,
  strategy: ExtractStrategy,
  bounds: ExtractBounds,
): ExtractQuery {
  const where: string[] = [];
  const values: (string | number)[] = [];
  if (strategy.kind === 'incremental_by_partition') {
    const column = quoteMysql(strategy.partitionColumn);
    where.push(`${column} >= ? AND ${column} < ? + INTERVAL 1 DAY`);
    values.push(bounds.partitionDate, bounds.partitionDate);
  } else if (strategy.kind === 'incremental_by_watermark' && bounds.watermark !== null) {
    where.push(`${quoteMysql(strategy.watermarkColumn)} >= ?`);
    values.push(bounds.watermark);
  }
  const [key] = table.primaryKey;
  if (key !== undefined && bounds.part.from !== null) {
    where.push(`${quoteMysql(key)} >= ?`);
    values.push(bounds.part.from);
  }
  if (key !== undefined && bounds.part.to !== null) {
    where.push(`${quoteMysql(key)} < ?`);
    values.push(bounds.part.to);
  }
  const columns = table.columns.map((column) => quoteMysql(column.name)).join(', ');
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  const order = table.primaryKey.map(quoteMysql).join(', ');
  return {
    sql: `SELECT ${columns} FROM ${quoteMysql(table.name)}${filter} ORDER BY ${order}`,
    values,
  };
}

export function buildCountRowsSql(table: TableDef): string {
  return `SELECT COUNT(*) AS n FROM ${quoteMysql(table.name)}`;
}

/**
 * The key `?` rows past the start of the table (or past the bound `?`, inclusive): the next split
 * point of a primary-key range plan. Reads keys only, in key order; one boundary per query.
 */
export function buildNextBoundarySql(table: TableDef, hasFrom: boolean): string {
  const [key] = table.primaryKey;
  if (key === undefined || table.primaryKey.length !== 1) {
    throw new Error(`${table.name} has no single-column primary key to split on`);
  }
  const column = quoteMysql(key);
  const filter = hasFrom ? ` WHERE ${column} >= ?` : '';
  return `SELECT ${column} AS boundary FROM ${quoteMysql(table.name)}${filter} ORDER BY ${column} LIMIT 1 OFFSET ?`;
}
