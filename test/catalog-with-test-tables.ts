// The catalog plus tables that exist only in tests: every column type (the real tables use no
// float32 or date column), a table that allows adding columns, and a watermark table that splits
// into parts of a test's size (tracks' catalog parts hold 20,000 rows). A test file swaps it in with
//   jest.mock('../../shared/catalog', () => jest.requireActual('../../test/catalog-with-test-tables'))
// and creates the warehouse tables with createTestTable.

import type * as Catalog from '../shared/catalog';
import type { TableDef } from '../shared/catalog';
import { pgTypeOf, targetName } from '../shared/sql/pg-load-statements';
import { quotePg } from '../shared/sql/quote';
import type { TestEnv } from './test-env';

const actual = jest.requireActual<typeof Catalog>('../shared/catalog');

/** One column of every catalog type, keyed by `id`; `at` doubles as a partition column. */
export const loaderTypes: TableDef = {
  name: 'loader_types',
  source: 'mysql',
  schema: 'spotify',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'int32', nullable: false },
    { name: 's', type: 'string', nullable: true },
    { name: 'note', type: 'string', nullable: true, freeText: true },
    { name: 'small', type: 'int16', nullable: true },
    { name: 'mid', type: 'int32', nullable: true },
    { name: 'big', type: 'int64', nullable: true },
    { name: 'f32', type: 'float32', nullable: true },
    { name: 'f64', type: 'float64', nullable: true },
    { name: 'flag', type: 'boolean', nullable: true },
    { name: 'at', type: 'timestamp', nullable: true },
    { name: 'day', type: 'date', nullable: true },
    { name: 'tags', type: 'string_list', nullable: true },
    { name: 'doc', type: 'json', nullable: true },
    { name: 'markets', type: 'string_list', nullable: true, listAsJson: true },
  ],
  extract: { kind: 'incremental_by_watermark', watermarkColumn: 'at' },
  load: 'upsert',
  allowAddColumns: false,
};

/** spotify_artists as a catalog that allows adding columns would declare it. */
export const addableArtists: TableDef = {
  ...actual.getTable('spotify_artists'),
  name: 'addable_artists',
  load: 'upsert',
  extract: { kind: 'incremental_by_watermark', watermarkColumn: 'updated_at' },
  allowAddColumns: true,
};

/** spotify_artists extracted by watermark, as tracks are, in parts of the planner's `partRows`. */
export const watermarkArtists: TableDef = {
  ...addableArtists,
  name: 'watermark_artists',
  allowAddColumns: false,
};

const TEST_TABLES = new Map(
  [loaderTypes, addableArtists, watermarkArtists].map((table) => [table.name, table]),
);

export function getTable(name: string): TableDef {
  return TEST_TABLES.get(name) ?? actual.getTable(name);
}

export const { changeColumnOf, getColumn, isKnownTable, listTables } = actual;

/** The warehouse table of a test table, typed by the catalog as the migrations type the real ones. */
export async function createTestTable(env: TestEnv, table: TableDef): Promise<void> {
  const columns = table.columns.map(
    (column) => `${quotePg(column.name)} ${pgTypeOf(column)}${column.nullable ? '' : ' NOT NULL'}`,
  );
  const key = table.primaryKey.map(quotePg).join(', ');
  await env.clients.warehouse.query(
    `CREATE TABLE ${targetName(table)} (${columns.join(', ')}, PRIMARY KEY (${key}))`,
  );
}
