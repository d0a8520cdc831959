// The SELECT that extracts one part of a table from MySQL, per strategy, and the queries that plan
// the parts. Identifiers come from the catalog (backtick-quoted); dates, watermarks and key bounds
// are bound parameters.

import type { ExtractStrategy, TableDef } from '../catalog';
import type { Part } from '../contracts';
import { quoteMysql } from './quote';

export interface ExtractQuery {
  sql: string;
  values: (string | number)[];
  /** Whether each row ends with the watermark column once more (an extract on a watermark run). */
  watermarked?: boolean;
}

/**
 * The extract SELECT returns per row the catalog's columns in order, as MySQL prints them, then for
 * a watermark run the watermark column's value once more as `watermark`.
 */
export const EXTRACT_WATERMARK = 'watermark';

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
    where.push(changedSinceCondition(strategy.watermarkColumn));
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
  const selected = table.columns.map((column) => quoteMysql(column.name));
  if (strategy.kind === 'incremental_by_watermark') {
    selected.push(`${quoteMysql(strategy.watermarkColumn)} AS ${quoteMysql(EXTRACT_WATERMARK)}`);
  }
  const order = table.primaryKey.map(quoteMysql).join(', ');
  return {
    sql: `SELECT ${selected.join(', ')} FROM ${quoteMysql(table.name)}${whereClause(where)} ORDER BY ${order}`,
    values,
    watermarked: strategy.kind === 'incremental_by_watermark',
  };
}

/**
 * A watermark run's rows: those stamped at or after the warehouse's watermark. `>=`, not `>`:
 * TIMESTAMP keeps whole seconds, so a row written in the watermark's second after the last
 * extract read it has the watermark's value, and `>` would never extract it.
 */
function changedSinceCondition(column: string): string {
  return `${quoteMysql(column)} >= ?`;
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

/** A watermark run's filter for the planning queries; null plans over the whole table. */
export interface ChangedSince {
  watermarkColumn: string;
  watermark: string;
}

/** The planning queries' WHERE clause and its value: the changed rows, or every row. */
function changedFilter(changed: ChangedSince | null): ExtractQuery {
  return changed === null
    ? { sql: '', values: [] }
    : {
        sql: whereClause([changedSinceCondition(changed.watermarkColumn)]),
        values: [changed.watermark],
      };
}

export function buildCountRowsQuery(table: TableDef, changed: ChangedSince | null): ExtractQuery {
  const filter = changedFilter(changed);
  return {
    sql: `SELECT COUNT(*) AS n FROM ${quoteMysql(table.name)}${filter.sql}`,
    values: filter.values,
  };
}

/**
 * Every split point of a primary-key range plan in one query: the keys at rows `partRows` + 1,
 * 2 x `partRows` + 1, ... in key order, counting only the changed rows when given. Numbering the
 * keys lets MySQL read them from its smallest index and sort them, instead of one OFFSET scan of the
 * clustered rows per boundary: 2 s instead of 14 s for 50 boundaries of 1,000,000 tracks (issue 10).
 */
export function buildBoundariesQuery(
  table: TableDef,
  partRows: number,
  changed: ChangedSince | null,
): ExtractQuery {
  const [key] = table.primaryKey;
  if (key === undefined || table.primaryKey.length !== 1) {
    throw new Error(`${table.name} has no single-column primary key to split on`);
  }
  const column = quoteMysql(key);
  const filter = changedFilter(changed);
  const numbered =
    `SELECT ${column} AS boundary, ROW_NUMBER() OVER (ORDER BY ${column}) AS n ` +
    `FROM ${quoteMysql(table.name)}${filter.sql}`;
  return {
    sql: `SELECT boundary FROM (${numbered}) numbered WHERE n > 1 AND (n - 1) % ? = 0 ORDER BY n`,
    values: [...filter.values, partRows],
  };
}
