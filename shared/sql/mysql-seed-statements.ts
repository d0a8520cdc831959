// The statements that load the Kaggle CSVs into the MySQL source and tie its tables together:
// batched upserts, LOAD DATA LOCAL, and the foreign keys of the catalog. Identifiers come from the
// catalog (backtick-quoted); values are bound parameters or travel in the LOAD DATA stream.

import type { ForeignKeyDef, TableDef } from '../catalog';
import { quoteMysql } from './quote';

/** `INSERT … ON DUPLICATE KEY UPDATE` for `rows` rows: a row seeded again takes the new values. */
export function buildUpsertSql(table: TableDef, columns: readonly string[], rows: number): string {
  const list = columns.map(quoteMysql).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const updates = columns
    .filter((column) => !table.primaryKey.includes(column))
    .map((column) => `${quoteMysql(column)} = VALUES(${quoteMysql(column)})`)
    .join(', ');
  return `INSERT INTO ${quoteMysql(table.name)} (${list}) VALUES ${Array(rows).fill(tuple).join(', ')} ON DUPLICATE KEY UPDATE ${updates}`;
}

/**
 * LOAD DATA LOCAL of the tab-separated stream the seed writes (backslash escapes, `\N` for NULL).
 * REPLACE makes a repeated key keep its last row, as the upsert does.
 */
export function buildLoadDataSql(table: TableDef, columns: readonly string[]): string {
  const list = columns.map(quoteMysql).join(', ');
  return (
    `LOAD DATA LOCAL INFILE 'spotlake-seed.tsv' REPLACE INTO TABLE ${quoteMysql(table.name)} ` +
    `CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' ` +
    `LINES TERMINATED BY '\\n' (${list})`
  );
}

export function foreignKeyName(table: TableDef, key: ForeignKeyDef): string {
  return `fk_${table.name}_${key.column}`;
}

/** Child rows whose reference names no parent row; NULL references are not orphans. */
function orphansFrom(table: TableDef, key: ForeignKeyDef): string {
  const column = quoteMysql(key.column);
  const target = quoteMysql(key.references.column);
  return (
    `FROM ${quoteMysql(table.name)} c LEFT JOIN ${quoteMysql(key.references.table)} p ` +
    `ON p.${target} = c.${column} WHERE c.${column} IS NOT NULL AND p.${target} IS NULL`
  );
}

export function buildCountOrphansSql(table: TableDef, key: ForeignKeyDef): string {
  return `SELECT COUNT(*) AS orphans ${orphansFrom(table, key)}`;
}

/** The first orphans by primary key; `?` is how many. */
export function buildListOrphansSql(table: TableDef, key: ForeignKeyDef): string {
  const keys = table.primaryKey.map((name) => `c.${quoteMysql(name)}`).join(', ');
  return `SELECT ${keys}, c.${quoteMysql(key.column)} AS reference ${orphansFrom(table, key)} ORDER BY ${keys} LIMIT ?`;
}

export function buildAddForeignKeySql(table: TableDef, key: ForeignKeyDef): string {
  return (
    `ALTER TABLE ${quoteMysql(table.name)} ADD CONSTRAINT ${quoteMysql(foreignKeyName(table, key))} ` +
    `FOREIGN KEY (${quoteMysql(key.column)}) ` +
    `REFERENCES ${quoteMysql(key.references.table)} (${quoteMysql(key.references.column)})`
  );
}
