// Compares a silver file, the catalog and the warehouse table. Any difference fails the job with the
// table, the column and both types named, except a catalog column the warehouse lacks on a table
// whose catalog entry allows adding columns: the commit adds it, in the load's own transaction.

import type { FileMetaData } from 'hyparquet';
import type pg from 'pg';
import type { TableDef } from '../../shared/catalog';
import { SchemaDriftError } from '../../shared/errors';
import { columnTypesOf, loadsFromSilverType, silverTypeOf } from '../../shared/parquet/schema';
import { quotePg } from '../../shared/sql/quote';
import { loadQuery } from '../../shared/sql/load-sql';
import { addColumnSql, pgTypeOf } from '../../shared/sql/pg-load-statements';

const qualifiedName = (table: TableDef): string => `${table.schema}.${table.name}`;

/** The silver file against the catalog: the same columns with the same types. */
export function checkSilverSchema(table: TableDef, metadata: FileMetaData): void {
  const fileTypes = columnTypesOf(metadata.schema);
  for (const [name, fileType] of fileTypes) {
    if (!table.columns.some((column) => column.name === name)) {
      throw new SchemaDriftError(
        qualifiedName(table),
        name,
        `is ${fileType} in silver, missing in the catalog`,
      );
    }
  }
  for (const column of table.columns) {
    const fileType = fileTypes.get(column.name);
    if (fileType === undefined || !loadsFromSilverType(column, fileType)) {
      throw new SchemaDriftError(
        qualifiedName(table),
        column.name,
        `is ${fileType ?? 'missing'} in silver, ${silverTypeOf(column)} in the catalog`,
      );
    }
  }
}

/**
 * The catalog against the warehouse table. A missing column the catalog allows adding is left
 * alone when staging (`'stage'`) and added by the commit (`'add'`), inside its transaction.
 */
export async function checkWarehouseColumns(
  client: pg.PoolClient,
  table: TableDef,
  missing: 'stage' | 'add',
): Promise<void> {
  const result = await client.query<{ name: string; type: string }>(
    loadQuery('select_table_columns'),
    [`${quotePg(table.schema)}.${quotePg(table.name)}`],
  );
  const warehouse = new Map(result.rows.map((row) => [row.name, row.type]));
  for (const column of table.columns) {
    const expected = pgTypeOf(column);
    const actual = warehouse.get(column.name);
    if (actual === expected) {
      continue;
    }
    if (actual !== undefined || !table.allowAddColumns) {
      throw new SchemaDriftError(
        qualifiedName(table),
        column.name,
        `is ${expected} in silver, ${actual ?? 'missing'} in the warehouse`,
      );
    }
    if (missing === 'add') {
      await client.query(addColumnSql(table, column));
    }
  }
}
