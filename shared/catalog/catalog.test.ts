// The catalog, the warehouse migrations and the MySQL migrations describe the same tables: a
// column added to one and not the others fails here, not in a load.

import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { pgTypeOf } from '../sql/pg-load-statements';
import { loadQuery } from '../sql/load-sql';
import { getTable, listTables } from './index';

describe('the catalog', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  it.each(listTables().map((table) => table.name))(
    'matches the warehouse table spotify.%s column for column',
    async (name) => {
      const table = getTable(name);
      const { rows } = await env.clients.warehouse.query<{ name: string; type: string }>(
        loadQuery('select_table_columns'),
        [`spotify.${name}`],
      );
      expect(rows).toEqual(
        table.columns.map((column) => ({ name: column.name, type: pgTypeOf(column) })),
      );
    },
  );

  it.each(listTables('mysql').map((table) => table.name))(
    'matches the MySQL table %s column for column',
    async (name) => {
      const [rows] = await env.clients.mysql
        .promise()
        .query(
          'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position',
          [env.config.mysql.database, name],
        );
      expect((rows as { name: string }[]).map((row) => row.name)).toEqual(
        getTable(name).columns.map((column) => column.name),
      );
    },
  );

  it('gives every replace_partition table a partition column among its columns', () => {
    const partitioned = listTables().filter((table) => table.load === 'replace_partition');
    expect(partitioned.map((table) => table.name)).toEqual(['spotify_albums']);
    for (const table of partitioned) {
      const column =
        table.extract.kind === 'incremental_by_partition' ? table.extract.partitionColumn : null;
      expect(table.columns.map((c) => c.name)).toContain(column);
    }
  });

  it('names every primary-key column among the columns', () => {
    for (const table of listTables()) {
      for (const key of table.primaryKey) {
        expect(table.columns.map((column) => column.name)).toContain(key);
      }
    }
  });
});
