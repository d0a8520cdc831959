// The MySQL statements shaped by the catalog stay one statement whatever the identifiers hold:
// run against a table and columns with hostile names, they touch that table and nothing else
// (after kysely's sql-injection test).

import type { TableDef } from '../catalog';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import {
  buildBoundariesQuery,
  buildCountRowsQuery,
  buildExtractQuery,
} from './mysql-extract-statements';
import { buildCountOrphansSql, buildUpsertSql } from './mysql-seed-statements';
import { quoteMysql } from './quote';

const TABLE = 'x`; DROP TABLE spotify_artists; --';
const KEY = 'id`) VALUES (1); DROP TABLE spotify_albums; --';
const VALUE = "v'); DELETE FROM spotify_tracks; --";

const hostile: TableDef = {
  name: TABLE,
  source: 'mysql',
  schema: 'spotify',
  primaryKey: [KEY],
  columns: [
    { name: KEY, type: 'string', nullable: false },
    { name: VALUE, type: 'string', nullable: true },
  ],
  foreignKeys: [{ column: VALUE, references: { table: TABLE, column: KEY } }],
  extract: { kind: 'incremental_by_watermark', watermarkColumn: VALUE },
  load: 'upsert',
  allowAddColumns: false,
};

describe('MySQL source statements', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
    await env.clients.mysql
      .promise()
      .query(
        `CREATE TABLE ${quoteMysql(TABLE)} (${quoteMysql(KEY)} VARCHAR(64) PRIMARY KEY, ${quoteMysql(VALUE)} VARCHAR(64))`,
      );
  });

  afterAll(async () => {
    await env?.close();
  });

  it('keep hostile identifiers quoted: every statement reaches only the hostile table', async () => {
    const mysql = env.clients.mysql.promise();
    await mysql.query(buildUpsertSql(hostile, [KEY, VALUE], 2), ['k1', 'a', 'k2', 'b']);
    const query = buildExtractQuery(hostile, hostile.extract, {
      partitionDate: '2024-05-01',
      watermark: 'a',
      part: { index: 0, count: 2, from: 'k1', to: 'k9' },
    });
    const [extracted] = await mysql.query({
      sql: query.sql,
      values: query.values,
      rowsAsArray: true,
    });
    expect(extracted).toEqual([
      ['k1', 'a', 'a'],
      ['k2', 'b', 'b'],
    ]);
    expect(query.watermarked).toBe(true);
    const changed = { watermarkColumn: VALUE, watermark: 'b' };
    const counted = buildCountRowsQuery(hostile, changed);
    expect((await mysql.query(counted.sql, counted.values))[0]).toEqual([{ n: '1' }]);
    // One row a part: the second key is the only split point; of the changed rows, none.
    const everyRow = buildBoundariesQuery(hostile, 1, null);
    expect((await mysql.query(everyRow.sql, everyRow.values))[0]).toEqual([{ boundary: 'k2' }]);
    const ofChanged = buildBoundariesQuery(hostile, 1, changed);
    expect((await mysql.query(ofChanged.sql, ofChanged.values))[0]).toEqual([]);
    const [orphans] = await mysql.query(
      buildCountOrphansSql(hostile, { column: VALUE, references: { table: TABLE, column: KEY } }),
    );
    expect(orphans).toEqual([{ orphans: '2' }]);
    const [tables] = await mysql.query(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1',
    );
    expect((tables as { name: string }[]).map((row) => row.name)).toEqual(
      expect.arrayContaining([TABLE, 'spotify_albums', 'spotify_artists', 'spotify_tracks']),
    );
  });
});
