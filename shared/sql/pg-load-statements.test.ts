// Every load statement run against a real PostgreSQL with hostile catalog identifiers: they name
// exactly the tables and columns given, and nothing else is touched (after kysely's
// sql-injection test).

import type { ColumnDef, TableDef } from '../catalog';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { loadQuery } from './load-sql';
import {
  addColumnSql,
  createIndexSql,
  createStagingSql,
  deletePartitionSql,
  dropIndexSql,
  dropStagingSql,
  insertFromStagingSql,
  stagingName,
  stagingTableName,
  targetName,
  truncateSql,
  upsertFromStagingSql,
} from './pg-load-statements';
import type { TargetIndex } from './pg-load-statements';
import { quotePg } from './quote';

const hostileKey = 'id"; DROP TABLE spotify.spotify_artists; --';
const hostileDay: ColumnDef = {
  name: "day'); DELETE FROM spotify.spotify_tracks; --",
  type: 'timestamp',
  nullable: false,
};
const hostile: TableDef = {
  name: 'albums"; DROP TABLE spotify.spotify_albums; --',
  source: 'mysql',
  schema: 'spotify',
  primaryKey: [hostileKey],
  columns: [{ name: hostileKey, type: 'string', nullable: false }, hostileDay],
  extract: { kind: 'incremental_by_partition', partitionColumn: hostileDay.name },
  load: 'replace_partition',
  allowAddColumns: true,
};
const RUN = 'mysql-2024-05-01';

describe('load statements with hostile identifiers', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('create, fill, replace and drop exactly the named tables and leave the others', async () => {
    const db = env.clients.warehouse;
    await db.query(`INSERT INTO spotify.spotify_tracks (track_id, updated_at) VALUES ('t', now())`);
    await db.query(`CREATE TABLE ${targetName(hostile)} (placeholder integer)`);
    for (const column of hostile.columns) {
      await db.query(addColumnSql(hostile, column));
    }
    await db.query(createStagingSql(hostile, RUN));
    await db.query(`INSERT INTO ${stagingName(hostile, RUN)} VALUES ('k', '2024-05-01T10:00:00Z')`);
    await db.query(`CREATE UNIQUE INDEX ON ${targetName(hostile)} (${quotePg(hostileKey)})`);

    await db.query(deletePartitionSql(hostile, hostileDay), ['2024-05-01']);
    await db.query(upsertFromStagingSql(hostile, RUN));
    // A full load's replace: its indexes (here one named after the hostile key) dropped and rebuilt.
    const indexes = await db.query<TargetIndex>(loadQuery('select_target_indexes'), [
      targetName(hostile),
    ]);
    expect(indexes.rows).toHaveLength(1);
    await db.query(truncateSql(hostile));
    for (const index of indexes.rows) {
      await db.query(dropIndexSql(hostile, index));
    }
    await db.query(insertFromStagingSql(hostile, RUN));
    for (const index of indexes.rows) {
      await db.query(createIndexSql(hostile, index));
    }
    const rebuilt = await db.query<TargetIndex>(loadQuery('select_target_indexes'), [
      targetName(hostile),
    ]);
    expect(rebuilt.rows).toEqual(indexes.rows);
    await db.query(dropStagingSql(hostile, RUN));

    const { rows } = await db.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname IN ('spotify', 'staging') ORDER BY tablename",
    );
    expect(rows.map((row) => row.tablename)).toEqual(
      expect.arrayContaining([hostile.name, 'spotify_albums', 'spotify_artists', 'spotify_tracks']),
    );
    expect(rows.map((row) => row.tablename)).not.toContain(stagingTableName(hostile, RUN));
    await expect(
      db.query('SELECT count(*)::int AS n FROM spotify.spotify_tracks'),
    ).resolves.toMatchObject({
      rows: [{ n: 1 }],
    });
    await expect(db.query(`SELECT * FROM ${targetName(hostile)}`)).resolves.toMatchObject({
      rows: [{ [hostileKey]: 'k' }],
    });
  });
});
