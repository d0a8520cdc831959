// Statements shaped by the catalog for loading the warehouse: staging tables, COPY column lists,
// upserts by primary key, partition deletes, added columns. Identifiers come from the catalog only
// and are quoted here; values (the partition date) are bound parameters.

import { createHash } from 'node:crypto';
import type { ColumnDef, ColumnType, TableDef } from '../catalog';
import { qualifiedPg, quotePg } from './quote';

export const STAGING_SCHEMA = 'staging';

const PG_TYPES: Record<ColumnType, string> = {
  string: 'text',
  int16: 'smallint',
  int32: 'integer',
  int64: 'bigint',
  float32: 'real',
  float64: 'double precision',
  boolean: 'boolean',
  timestamp: 'timestamp with time zone',
  date: 'date',
  string_list: 'text[]',
  json: 'jsonb',
};

/** The PostgreSQL type a catalog column has in the warehouse, as information_schema prints it. */
export function pgTypeOf(column: ColumnDef): string {
  return PG_TYPES[column.type];
}

/** A run's staging table: the catalog name plus a digest of the run id, so it is a safe identifier. */
export function stagingTableName(table: TableDef, runId: string): string {
  const digest = createHash('sha256').update(runId).digest('hex').slice(0, 12);
  return `${table.name}__${digest}`;
}

export function targetName(table: TableDef): string {
  return qualifiedPg(table.schema, table.name);
}

export function stagingName(table: TableDef, runId: string): string {
  return qualifiedPg(STAGING_SCHEMA, stagingTableName(table, runId));
}

function columnList(table: TableDef): string {
  return table.columns.map((column) => quotePg(column.name)).join(', ');
}

// Built from the catalog, not LIKE the target: a column the catalog allows adding is staged before
// the commit adds it to the target. Unlogged when the commit copies it into the target; logged when
// the commit swaps it in as the target, whose rows must then survive a crash.
export function createStagingSql(table: TableDef, runId: string, isLogged = false): string {
  const columns = table.columns.map((column) => `${quotePg(column.name)} ${pgTypeOf(column)}`);
  const kind = isLogged ? 'TABLE' : 'UNLOGGED TABLE';
  return `CREATE ${kind} IF NOT EXISTS ${stagingName(table, runId)} (${columns.join(', ')})`;
}

export function addColumnSql(table: TableDef, column: ColumnDef): string {
  return `ALTER TABLE ${targetName(table)} ADD COLUMN ${quotePg(column.name)} ${pgTypeOf(column)}`;
}

export function dropStagingSql(table: TableDef, runId: string): string {
  return `DROP TABLE IF EXISTS ${stagingName(table, runId)}`;
}

export function copyIntoStagingSql(table: TableDef, runId: string): string {
  return `COPY ${stagingName(table, runId)} (${columnList(table)}) FROM STDIN WITH (FORMAT binary)`;
}

export function countSql(qualified: string): string {
  return `SELECT count(*)::bigint AS n FROM ${qualified}`;
}

export function lockTargetSql(table: TableDef): string {
  return `LOCK TABLE ${targetName(table)} IN ACCESS EXCLUSIVE MODE`;
}

export function truncateSql(table: TableDef): string {
  return `TRUNCATE ${targetName(table)}`;
}

export function insertFromStagingSql(table: TableDef, runId: string): string {
  const columns = columnList(table);
  return `INSERT INTO ${targetName(table)} (${columns}) SELECT ${columns} FROM ${stagingName(table, runId)}`;
}

/** One index of a loaded table, as PostgreSQL describes it (select_target_indexes.sql). */
export interface TargetIndex {
  index_name: string;
  /** The primary key or unique constraint the index backs, or null for a plain index. */
  constraint_name: string | null;
  /** PostgreSQL's own text: the constraint's definition, or the CREATE INDEX statement. */
  definition: string;
  is_referenced: boolean;
}

export function dropIndexSql(table: TableDef, index: TargetIndex): string {
  return index.constraint_name === null
    ? `DROP INDEX ${qualifiedPg(table.schema, index.index_name)}`
    : `ALTER TABLE ${targetName(table)} DROP CONSTRAINT ${quotePg(index.constraint_name)}`;
}

export function createIndexSql(table: TableDef, index: TargetIndex): string {
  return index.constraint_name === null
    ? index.definition
    : `ALTER TABLE ${targetName(table)} ADD CONSTRAINT ${quotePg(index.constraint_name)} ${index.definition}`;
}

/**
 * Deletes one day of a table, `$1` a 'YYYY-MM-DD' date. A timestamp partition is the UTC day, as
 * the extractor selects it (MySQL sessions run in UTC).
 */
export function deletePartitionSql(table: TableDef, column: ColumnDef): string {
  const name = quotePg(column.name);
  const filter =
    column.type === 'date'
      ? `${name} = $1::date`
      : `${name} >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND ${name} < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'`;
  return `DELETE FROM ${targetName(table)} WHERE ${filter}`;
}

export function upsertFromStagingSql(table: TableDef, runId: string): string {
  const columns = columnList(table);
  const keys = table.primaryKey.map(quotePg).join(', ');
  const updates = table.columns
    .filter((column) => !table.primaryKey.includes(column.name))
    .map((column) => `${quotePg(column.name)} = EXCLUDED.${quotePg(column.name)}`)
    .join(', ');
  const action = updates === '' ? 'DO NOTHING' : `DO UPDATE SET ${updates}`;
  return (
    `INSERT INTO ${targetName(table)} (${columns}) ` +
    `SELECT DISTINCT ON (${keys}) ${columns} FROM ${stagingName(table, runId)} ORDER BY ${keys} ` +
    `ON CONFLICT (${keys}) ${action}`
  );
}

export function maxValueSql(table: TableDef, column: string): string {
  return `SELECT max(${quotePg(column)}) AS value FROM ${targetName(table)}`;
}
