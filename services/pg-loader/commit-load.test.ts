// The pg-loader's commit against a real PostgreSQL and S3: every load mode the catalog declares,
// loads that run twice, and a commit killed before COMMIT. Bronze to warehouse through the same
// functions the workers call.

import { getTable } from '../../shared/catalog';
import { stagingName, targetName } from '../../shared/sql/pg-load-statements';
import type { LoaderRun } from '../../test/loader-steps';
import {
  artistRow,
  killCommitBeforeCommit,
  loadThroughPipeline,
  mysqlRun,
  pgLoadCommit,
  pgLoadPart,
  s3Load,
  writeBronze,
} from '../../test/loader-steps';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

const album = (id: string, name: string, updatedAt: string) => ({
  album_id: id,
  name,
  available_markets: "['VN', 'SE']",
  images: "[{'url': 'https://i.scdn.co/x', 'height': 640}]",
  total_tracks: 12,
  updated_at: updatedAt,
});
const track = (id: string, popularity: number) => ({
  track_id: id,
  popularity,
  danceability: 0.5,
  artists_id: "['a1']",
  updated_at: '2024-05-01 08:00:00',
});

describe('commitLoad', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  async function contents(table: string): Promise<unknown[]> {
    const def = getTable(table);
    const key = def.primaryKey[0] ?? '';
    const { rows } = await env.clients.warehouse.query<Record<string, unknown>>(
      `SELECT * FROM ${targetName(def)} ORDER BY ${key}`,
    );
    return rows;
  }

  async function names(): Promise<Record<string, string>> {
    const rows = (await contents('spotify_albums')) as { album_id: string; name: string }[];
    return Object.fromEntries(rows.map((row) => [row.album_id, row.name]));
  }

  async function stagingTables(): Promise<number> {
    const { rows } = await env.clients.warehouse.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'staging'",
    );
    return rows[0]?.n ?? -1;
  }

  it('replaces the run day of spotify_albums and keeps rows of other days, moved rows included', async () => {
    await loadThroughPipeline(env, mysqlRun('spotify_albums', '2024-05-01'), [
      album('a1', 'One', '2024-05-01 05:00:00'),
      album('a2', 'Two', '2024-05-01 23:59:59.999'),
      album('a4', 'Four', '2024-05-01 00:00:00'),
    ]);
    await loadThroughPipeline(env, mysqlRun('spotify_albums', '2024-05-02'), [
      album('a1', 'One, moved', '2024-05-02 10:00:00'),
      album('a3', 'Three', '2024-05-02 00:00:00'),
    ]);
    // The source's 1 May now holds a2 renamed, and a4 was deleted from it.
    const rerun = await loadThroughPipeline(env, mysqlRun('spotify_albums', '2024-05-01', 'r2'), [
      album('a2', 'Two, renamed', '2024-05-01 12:00:00'),
    ]);

    expect(rerun).toMatchObject({ mode: 'replace_partition', staged: 1, rowsInTarget: 3 });
    expect(await names()).toEqual({ a1: 'One, moved', a2: 'Two, renamed', a3: 'Three' });
  });

  it.each([
    [
      'spotify_artists',
      'replace_table',
      [artistRow('r1', '12'), artistRow('r2', '9007199254740993')],
    ],
    ['spotify_tracks', 'upsert', [track('t1', 10), track('t2', 99)]],
    [
      'spotify_albums',
      'replace_partition',
      [album('b1', 'B1', '2024-06-01 01:00:00'), album('b2', 'B2', '2024-06-01 02:00:00')],
    ],
  ])(
    'leaves identical contents in %s (%s) when the same load runs twice',
    async (table, mode, rows) => {
      const run: LoaderRun = mysqlRun(table, '2024-06-01');
      const first = await loadThroughPipeline(env, run, rows);
      expect(first).toMatchObject({ mode, staged: 2 });
      const loaded = await contents(table);

      const again = await loadThroughPipeline(env, run, rows);
      expect(again).toMatchObject({ mode, staged: 2, rowsInTarget: first.rowsInTarget });
      expect(await contents(table)).toEqual(loaded);
      expect(await stagingTables()).toBe(0);

      await loadThroughPipeline(env, mysqlRun(table, '2024-06-01', 'r2'), rows);
      expect(await contents(table)).toEqual(loaded);
    },
  );

  it('leaves the target as it was when the commit is killed after applying the load, and the retried commit completes', async () => {
    await loadThroughPipeline(env, mysqlRun('spotify_artists', '2024-07-01'), [
      artistRow('k1', '1'),
      artistRow('k2', '2'),
    ]);
    const before = await contents('spotify_artists');
    const run = mysqlRun('spotify_artists', '2024-07-02');
    const silver = await s3Load(
      env,
      run,
      await writeBronze(env, run, [artistRow('k2', '20'), artistRow('k3', '30')]),
    );
    const parts = [await pgLoadPart(env, run, silver)];

    const killed = await killCommitBeforeCommit(env, run, parts);
    expect(String(killed)).toMatch(/terminat/);
    expect(await contents('spotify_artists')).toEqual(before);

    await expect(pgLoadCommit(env, run, parts)).resolves.toMatchObject({
      staged: 2,
      rowsInTarget: 2,
      replacedBy: 'swap',
    });
    const after = (await contents('spotify_artists')) as { artist_id: string; followers: string }[];
    expect(after.map((row) => [row.artist_id, row.followers])).toEqual([
      ['k2', '20'],
      ['k3', '30'],
    ]);
    expect(await stagingTables()).toBe(0);
  });

  it.each([
    ['spotify_artists', 'replace_table', '2024-09-01'],
    ['spotify_tracks', 'upsert', '2024-09-02'],
  ])(
    'refuses a %s commit (%s) whose staging table lost a staged row, leaving the target as it was',
    async (table, _mode, date) => {
      const before = await contents(table);
      const run = mysqlRun(table, date);
      const rows =
        table === 'spotify_artists'
          ? [artistRow('l1', 1), artistRow('l2', 2)]
          : [track('l1', 1), track('l2', 2)];
      const silver = await s3Load(env, run, await writeBronze(env, run, rows));
      const parts = [await pgLoadPart(env, run, silver)];
      await env.clients.warehouse.query(
        `DELETE FROM ${stagingName(getTable(table), run.runId)} WHERE ${getTable(table).primaryKey[0]} = 'l2'`,
      );

      await expect(pgLoadCommit(env, run, parts)).rejects.toThrow(
        `${run.runId} ${table}: staging holds 1 rows but the parts recorded 2`,
      );
      expect(await contents(table)).toEqual(before);
    },
  );

  it('replaces a whole table with its indexes and key as they were, the key still enforced', async () => {
    const indexes = async (): Promise<unknown[]> =>
      (
        await env.clients.warehouse.query<{ indexname: string; indexdef: string }>(
          "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'spotify' AND tablename = 'spotify_artists' ORDER BY indexname",
        )
      ).rows;
    const before = await indexes();
    expect(before).not.toEqual([]);
    const run = mysqlRun('spotify_artists', '2024-08-01');
    const loaded = await loadThroughPipeline(env, run, [artistRow('i1', 1), artistRow('i2', 2)]);
    expect(loaded).toMatchObject({ mode: 'replace_table', staged: 2, rowsInTarget: 2 });
    expect(await indexes()).toEqual(before);
    await expect(
      env.clients.warehouse.query(
        "INSERT INTO spotify.spotify_artists (artist_id, updated_at) VALUES ('i1', now())",
      ),
    ).rejects.toThrow(/duplicate key/);
  });

  describe('a full load swapping its staging table in', () => {
    const warehouse = (): TestEnv['clients']['warehouse'] => env.clients.warehouse;
    const reader = (): string => `${env.id}_reader`;

    async function attached(): Promise<unknown> {
      const query = async (sql: string): Promise<unknown[]> =>
        (await warehouse().query<Record<string, unknown>>(sql, ['spotify.spotify_artists'])).rows;
      return {
        indexes: await query(
          "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname || '.' || tablename = $1 ORDER BY indexname",
        ),
        notNull: await query(
          'SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND attnotnull ORDER BY attnum',
        ),
        comments: await query(
          'SELECT objsubid, description FROM pg_description WHERE objoid = $1::regclass ORDER BY objsubid',
        ),
        grants: await query(
          'SELECT grantee, privilege_type, is_grantable FROM pg_class, aclexplode(relacl) WHERE oid = $1::regclass ORDER BY 1, 2',
        ),
        logged: await query('SELECT relpersistence FROM pg_class WHERE oid = $1::regclass'),
      };
    }

    beforeAll(async () => {
      await warehouse().query(`CREATE ROLE ${reader()} NOLOGIN`);
    });

    afterAll(async () => {
      await warehouse().query(`REVOKE ALL ON spotify.spotify_artists FROM ${reader()}`);
      await warehouse().query(`DROP ROLE ${reader()}`);
    });

    it('keeps the indexes, NOT NULL columns, comments and grants the target had', async () => {
      await warehouse().query(
        "COMMENT ON TABLE spotify.spotify_artists IS 'the catalog''s artists'",
      );
      await warehouse().query(
        "COMMENT ON COLUMN spotify.spotify_artists.followers IS 'Spotify: followers'",
      );
      await warehouse().query(`GRANT SELECT ON spotify.spotify_artists TO ${reader()}`);
      await warehouse().query(
        `GRANT UPDATE ON spotify.spotify_artists TO ${reader()} WITH GRANT OPTION`,
      );
      const before = await attached();
      const staging = await stagingTables();
      expect(before).toMatchObject({ comments: [{}, {}], logged: [{ relpersistence: 'p' }] });

      const loaded = await loadThroughPipeline(env, mysqlRun('spotify_artists', '2024-10-01'), [
        artistRow('s1', 1),
        artistRow('s2', 2),
      ]);

      expect(loaded).toMatchObject({ mode: 'replace_table', replacedBy: 'swap', rowsInTarget: 2 });
      expect(await attached()).toEqual(before);
      expect(await stagingTables()).toBe(staging);
      const stats = await warehouse().query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'spotify' AND tablename = 'spotify_artists' AND attname = 'artist_id'",
      );
      expect(stats.rows[0]?.n).toBe(1);
      await expect(
        warehouse().query("INSERT INTO spotify.spotify_artists (artist_id) VALUES ('s3')"),
      ).rejects.toThrow(/null value in column "updated_at"/);
    });

    it('inserts instead when a view reads the target, which then reads the new rows', async () => {
      await warehouse().query(
        'CREATE VIEW public.artist_names AS SELECT artist_id, name FROM spotify.spotify_artists',
      );
      try {
        const staging = await stagingTables();
        const loaded = await loadThroughPipeline(env, mysqlRun('spotify_artists', '2024-10-02'), [
          artistRow('v1', 1),
        ]);
        expect(loaded).toMatchObject({
          mode: 'replace_table',
          replacedBy: 'insert',
          rowsInTarget: 1,
        });
        const { rows } = await warehouse().query('SELECT artist_id, name FROM public.artist_names');
        expect(rows).toEqual([{ artist_id: 'v1', name: 'Artist v1' }]);
        expect(await stagingTables()).toBe(staging);
      } finally {
        await warehouse().query('DROP VIEW public.artist_names');
      }
    });
  });
});
