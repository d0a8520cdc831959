// Compares a silver file, the catalog and the warehouse table before rows are copied. A missing
// column is added in the load's transaction when the catalog allows it; any other difference fails
// the job with the table, the column and both types named.

import type { FileMetaData } from 'hyparquet';
import type pg from 'pg';
import type { TableDef } from '../../shared/catalog';
import { SchemaDriftError } from '../../shared/errors';
import { columnTypesOf } from '../../shared/parquet/schema';
import { quotePg } from '../../shared/sql/quote';
import { loadQuery } from '../../shared/sql/load-sql';
import { pgTypeOf, targetName } from '../../shared/sql/pg-load-statements';

export async function checkSilverSchema(
  client: pg.PoolClient,
  table: TableDef,
  metadata: FileMetaData,
): Promise<void> {
  const qualified = `${table.schema}.${table.name}`;
  const fileTypes = columnTypesOf(metadata.schema);
  for (const name of fileTypes.keys()) {
    if (!table.columns.some((column) => column.name === name)) {
      throw new SchemaDriftError(qualified, name, 'is in silver but not in the catalog');
    }
  }
  const result = await client.query<{ name: string; type: string }>(
    loadQuery('select_table_columns'),
    [`${quotePg(table.schema)}.${quotePg(table.name)}`],
  );
  const warehouse = new Map(result.rows.map((row) => [row.name, row.type]));
  for (const column of table.columns) {
    const fileType = fileTypes.get(column.name);
    if (fileType !== column.type) {
      throw new SchemaDriftError(
        qualified,
        column.name,
        `is ${fileType ?? 'missing'} in silver, ${column.type} in the catalog`,
      );
    }
    const expected = pgTypeOf(column);
    const actual = warehouse.get(column.name);
    if (actual === undefined) {
      if (!table.allowAddColumns) {
        throw new SchemaDriftError(
          qualified,
          column.name,
          `is ${expected} in silver, missing in the warehouse`,
        );
      }
      await client.query(
        `ALTER TABLE ${targetName(table)} ADD COLUMN ${quotePg(column.name)} ${expected}`,
      );
    } else if (actual !== expected) {
      throw new SchemaDriftError(
        qualified,
        column.name,
        `is ${expected} in silver, ${actual} in the warehouse`,
      );
    }
  }
}
