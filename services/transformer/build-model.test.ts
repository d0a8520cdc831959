// Building one model against a real PostgreSQL: what a concurrent reader sees during a rebuild,
// views that depend on a rebuilt table, and incremental merges.

import type pg from 'pg';
import { waitUntil } from '../../cli/bootstrap/wait-until';
import { ModelError } from '../../shared/errors';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { buildModel } from './build-model';
import type { GenericTest } from './model-tests';
import { parseModel } from './models';

const GATE = 4242;

describe('buildModel', () => {
  let env: TestEnv;
  let session: pg.PoolClient;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(async () => {
    await env.clients.warehouse.query(
      'DROP SCHEMA analytics CASCADE; CREATE SCHEMA analytics; DROP VIEW IF EXISTS public.report; TRUNCATE spotify.spotify_artists',
    );
    await insertArtists([
      ['a1', 'Ana', '2024-05-01T10:00:00Z'],
      ['a2', 'Bo', '2024-05-01T11:00:00Z'],
      ['a3', 'Cy', '2024-05-01T12:00:00Z'],
    ]);
    session = await env.clients.warehouse.connect();
  });

  afterEach(() => {
    session.release();
  });

  async function insertArtists(rows: [string, string, string][]): Promise<void> {
    for (const [id, name, updatedAt] of rows) {
      await env.clients.warehouse.query(
        'INSERT INTO spotify.spotify_artists (artist_id, name, updated_at) VALUES ($1, $2, $3)',
        [id, name, updatedAt],
      );
    }
  }

  const build = (name: string, text: string, fullRefresh = false) =>
    buildModel(parseModel(name, text), [], { client: session, fullRefresh });

  async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    return (await env.clients.warehouse.query<T>(sql)).rows;
  }

  async function isWaitingFor(lock: 'advisory' | 'relation'): Promise<boolean> {
    const { rows } = await env.clients.warehouse.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype = $1',
      [lock],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  const ARTISTS = `SELECT artist_id, name, updated_at FROM {{ source('spotify', 'spotify_artists') }}`;

  describe('a table rebuild', () => {
    // The model waits on an advisory lock the test holds, so the rebuild stops half-way, on cue.
    const GATED = `SELECT a.artist_id, a.name FROM {{ source('spotify', 'spotify_artists') }} AS a
      CROSS JOIN (SELECT pg_advisory_xact_lock_shared(${GATE})::text AS waited) AS gate`;

    it('leaves a reader the old table while the new one is being built', async () => {
      await build('artists', GATED);
      await env.clients.warehouse.query("UPDATE spotify.spotify_artists SET name = 'New'");
      const holder = await env.clients.warehouse.connect();
      try {
        await holder.query('SELECT pg_advisory_lock($1)', [GATE]);
        const rebuilding = build('artists', GATED);
        await waitUntil(
          'the rebuild to reach the gate',
          () => isWaitingFor('advisory'),
          10_000,
          20,
        );
        expect(await query('SELECT name FROM analytics.artists ORDER BY artist_id')).toEqual([
          { name: 'Ana' },
          { name: 'Bo' },
          { name: 'Cy' },
        ]);
        await holder.query('SELECT pg_advisory_unlock($1)', [GATE]);
        await rebuilding;
      } finally {
        holder.release();
      }
      expect(await query('SELECT DISTINCT name FROM analytics.artists')).toEqual([{ name: 'New' }]);
    });

    it('makes a reader queued behind the swap read the new table, not an error', async () => {
      await build('artists', ARTISTS);
      await env.clients.warehouse.query("UPDATE spotify.spotify_artists SET name = 'New'");
      const longReader = await env.clients.warehouse.connect();
      try {
        await longReader.query('BEGIN');
        await longReader.query('SELECT count(*) FROM analytics.artists');
        const rebuilding = build('artists', ARTISTS);
        await waitUntil(
          'the swap to wait for the reader',
          () => isWaitingFor('relation'),
          10_000,
          20,
        );
        const queued = query<{ name: string }>('SELECT DISTINCT name FROM analytics.artists');
        await waitUntil(
          'the second reader to queue',
          async () =>
            (
              await query<{ n: number }>(
                'SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype = $$relation$$',
              )
            )[0]?.n === 2,
          10_000,
          20,
        );
        await longReader.query('COMMIT');
        await rebuilding;
        expect(await queued).toEqual([{ name: 'New' }]);
      } finally {
        longReader.release();
      }
    });

    it('keeps views on the table, model or not, and they read the new rows', async () => {
      await build('artists', ARTISTS);
      await build(
        'named',
        "{{ config(materialized='view') }} SELECT name FROM {{ ref('artists') }}",
      );
      await env.clients.warehouse.query(
        'CREATE VIEW public.report AS SELECT count(*)::int AS n FROM analytics.named',
      );
      await insertArtists([['a4', 'Di', '2024-05-02T00:00:00Z']]);
      await build('artists', ARTISTS);
      expect(await query('SELECT n FROM public.report')).toEqual([{ n: 4 }]);
      expect(await query("SELECT name FROM analytics.named WHERE name = 'Di'")).toEqual([
        { name: 'Di' },
      ]);
    });

    it('rolls the swap back when a view on the table no longer fits the new columns', async () => {
      await build('artists', ARTISTS);
      await env.clients.warehouse.query(
        'CREATE VIEW public.report AS SELECT name FROM analytics.artists',
      );
      const failed = build(
        'artists',
        `SELECT artist_id FROM {{ source('spotify', 'spotify_artists') }}`,
      );
      await expect(failed).rejects.toThrow(ModelError);
      await expect(failed).rejects.toThrow(
        'model artists: view public.report depends on it and no longer fits the rebuilt model',
      );
      expect(await query('SELECT count(*)::int AS n FROM public.report')).toEqual([{ n: 3 }]);
      expect(await query("SELECT to_regclass('analytics.artists__building') AS left_over")).toEqual(
        [{ left_over: null }],
      );
    });

    it('creates the declared indexes under stable names', async () => {
      await build('artists', `{{ config(indexes=['name', 'updated_at, artist_id']) }} ${ARTISTS}`);
      await build('artists', `{{ config(indexes=['name', 'updated_at, artist_id']) }} ${ARTISTS}`);
      expect(
        await query(
          "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'analytics' ORDER BY indexname",
        ),
      ).toEqual([
        {
          indexname: 'artists_ix0',
          indexdef: 'CREATE INDEX artists_ix0 ON analytics.artists USING btree (name)',
        },
        {
          indexname: 'artists_ix1',
          indexdef:
            'CREATE INDEX artists_ix1 ON analytics.artists USING btree (updated_at, artist_id)',
        },
      ]);
    });
  });

  describe('an incremental model', () => {
    const INCREMENTAL = `{{ config(materialized='incremental', unique_key='artist_id') }}
      SELECT artist_id, name, updated_at FROM {{ source('spotify', 'spotify_artists') }}
      {% if is_incremental() %}WHERE updated_at > (SELECT max(updated_at) FROM {{ this }}){% endif %}`;

    async function versions(): Promise<Record<string, string>> {
      const rows = await query<{ artist_id: string; xmin: string }>(
        'SELECT artist_id, xmin::text AS xmin FROM analytics.artists ORDER BY artist_id',
      );
      return Object.fromEntries(rows.map((row) => [row.artist_id, row.xmin]));
    }

    it('adds only the new rows and leaves the others untouched', async () => {
      expect(await build('artists', INCREMENTAL)).toMatchObject({ strategy: 'table', rows: 3 });
      const before = await versions();
      await insertArtists([
        ['a4', 'Di', '2024-05-02T00:00:00Z'],
        ['a5', 'Ed', '2024-05-02T01:00:00Z'],
      ]);
      // An older change is not picked up by this model's filter: proof that only new rows merge.
      await env.clients.warehouse.query(
        "UPDATE spotify.spotify_artists SET name = 'Changed' WHERE artist_id = 'a1'",
      );
      expect(await build('artists', INCREMENTAL)).toMatchObject({ strategy: 'merge', rows: 2 });
      const after = await versions();
      expect(Object.keys(after)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
      expect([after.a1, after.a2, after.a3]).toEqual([before.a1, before.a2, before.a3]);
      expect(await query("SELECT name FROM analytics.artists WHERE artist_id = 'a1'")).toEqual([
        { name: 'Ana' },
      ]);
    });

    it('replaces the rows whose unique key comes again, and merges nothing when nothing is new', async () => {
      await build('artists', INCREMENTAL);
      await env.clients.warehouse.query(
        "UPDATE spotify.spotify_artists SET name = 'Cyd', updated_at = '2024-05-03T00:00:00Z' WHERE artist_id = 'a3'",
      );
      expect(await build('artists', INCREMENTAL)).toMatchObject({ strategy: 'merge', rows: 1 });
      expect(
        await query('SELECT artist_id, name FROM analytics.artists ORDER BY artist_id'),
      ).toEqual([
        { artist_id: 'a1', name: 'Ana' },
        { artist_id: 'a2', name: 'Bo' },
        { artist_id: 'a3', name: 'Cyd' },
      ]);
      expect(await build('artists', INCREMENTAL)).toMatchObject({ strategy: 'merge', rows: 0 });
    });

    it('tests the merged rows against the whole table, and leaves the table as it was when they fail', async () => {
      await build('artists', INCREMENTAL);
      await insertArtists([
        ['a4', 'Ana', '2024-05-02T00:00:00Z'],
        ['a5', 'Ed', '2024-05-02T01:00:00Z'],
      ]);
      await env.clients.warehouse.query(
        "INSERT INTO spotify.spotify_artists (artist_id, name, updated_at) VALUES ('a6', NULL, '2024-05-02T02:00:00Z')",
      );
      const tests: GenericTest[] = [
        { kind: 'unique', model: 'artists', column: 'name', name: 'unique(name)' },
        { kind: 'not_null', model: 'artists', column: 'name', name: 'not_null(name)' },
      ];
      const merged = await buildModel(parseModel('artists', INCREMENTAL), tests, {
        client: session,
        fullRefresh: false,
      });
      expect(merged).toMatchObject({ strategy: 'merge', rows: 3, isApplied: false });
      expect(merged.tests.map((outcome) => [outcome.test, outcome.failing])).toEqual([
        ['unique(name)', 2],
        ['not_null(name)', 1],
      ]);
      expect(await query('SELECT count(*)::int AS n FROM analytics.artists')).toEqual([{ n: 3 }]);
    });

    it('asks for a full refresh when its columns change, and rebuilds from scratch with one', async () => {
      await build('artists', INCREMENTAL);
      const wider = INCREMENTAL.replace('SELECT artist_id,', 'SELECT artist_id, followers,');
      await expect(build('artists', wider)).rejects.toThrow(
        /model artists: its columns \(.*followers bigint.*\) differ from "analytics"\."artists" .*; rebuild it with a full refresh/,
      );
      expect(await build('artists', wider, true)).toMatchObject({ strategy: 'table', rows: 3 });
    });
  });
});
