// The model engine against a real PostgreSQL: models written into a temporary folder, built from
// the catalog tables of this file's own database.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelError, ModelTestFailedError } from '../../shared/errors';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { runModels } from './run-models';
import type { TransformRequest } from './run-models';

describe('runModels', () => {
  let env: TestEnv;
  let dir: string;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spotlake-models-'));
    await env.clients.warehouse.query(
      'DROP SCHEMA analytics CASCADE; CREATE SCHEMA analytics; TRUNCATE spotify.spotify_artists',
    );
    await insertArtists([
      ['a1', 'Ana', '2024-05-01T10:00:00Z'],
      ['a2', 'Bo', '2024-05-01T11:00:00Z'],
      ['a3', 'Cy', '2024-05-01T12:00:00Z'],
    ]);
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function insertArtists(rows: [string, string, string][]): Promise<void> {
    for (const [id, name, updatedAt] of rows) {
      await env.clients.warehouse.query(
        'INSERT INTO spotify.spotify_artists (artist_id, name, updated_at) VALUES ($1, $2, $3)',
        [id, name, updatedAt],
      );
    }
  }

  function writeModels(files: Record<string, string>): void {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  }

  function run(request: Partial<TransformRequest> = {}) {
    return runModels(
      { partitionDate: '2024-05-01', ...request },
      {
        warehouse: env.clients.warehouse,
        store: env.clients.store,
        log: env.log,
        timezone: 'UTC',
        goldRowGroupRows: 2,
        modelsDir: dir,
      },
    );
  }

  async function rows(sql: string): Promise<unknown[]> {
    const result = await env.clients.warehouse.query<Record<string, unknown>>(sql);
    return result.rows;
  }

  const ARTISTS =
    "{{ config(materialized='table') }} SELECT artist_id, name, updated_at FROM {{ source('spotify', 'spotify_artists') }}";

  it('builds models in dependency order, each from the one it refs', async () => {
    writeModels({
      'c_top.sql': "SELECT count(*)::int AS n FROM {{ ref('b_named') }}",
      'b_named.sql': "SELECT * FROM {{ ref('a_artists') }} WHERE name <> 'Bo'",
      'a_artists.sql': ARTISTS,
    });
    const result = await run();
    expect(result.models.map((model) => [model.name, model.rows])).toEqual([
      ['a_artists', 3],
      ['b_named', 2],
      ['c_top', 1],
    ]);
    expect(await rows('SELECT n FROM analytics.c_top')).toEqual([{ n: 2 }]);
  });

  it('reports a cycle with its path and builds nothing', async () => {
    writeModels({
      'a.sql': "SELECT * FROM {{ ref('c') }}",
      'b.sql': "SELECT * FROM {{ ref('a') }}",
      'c.sql': "SELECT * FROM {{ ref('b') }}",
    });
    await expect(run()).rejects.toThrow('model cycle: a -> c -> b -> a');
    expect(
      await rows("SELECT relname FROM pg_class WHERE relnamespace = 'analytics'::regnamespace"),
    ).toEqual([]);
  });

  it('fails once, naming the model, when PostgreSQL refuses its SQL', async () => {
    writeModels({
      'a_artists.sql': ARTISTS,
      'b_broken.sql': "SELECT nmae FROM {{ ref('a_artists') }}",
    });
    const failed = run();
    await expect(failed).rejects.toThrow(ModelError);
    await expect(failed).rejects.toThrow(
      'model b_broken: column "nmae" does not exist (SQLSTATE 42703)',
    );
  });

  it('builds only a model and what depends on it with model+', async () => {
    writeModels({
      'a_artists.sql': ARTISTS,
      'b_named.sql': "SELECT * FROM {{ ref('a_artists') }}",
      'c_other.sql': 'SELECT 1 AS one',
    });
    await run();
    await insertArtists([['a4', 'Di', '2024-05-02T00:00:00Z']]);
    const result = await run({ select: 'a_artists+' });
    expect(result.models.map((model) => model.name)).toEqual(['a_artists', 'b_named']);
    expect(await rows('SELECT count(*)::int AS n FROM analytics.b_named')).toEqual([{ n: 4 }]);
  });

  it("builds the models reading the run's tables, and a model they need that was never built", async () => {
    writeModels({
      'a_artists.sql': ARTISTS,
      'b_tracks.sql': "SELECT track_id FROM {{ source('spotify', 'spotify_tracks') }}",
      'c_joined.sql': "SELECT * FROM {{ ref('a_artists') }} CROSS JOIN {{ ref('b_tracks') }}",
    });
    const first = await run({ tables: ['spotify_artists'] });
    expect(first.models.map((model) => model.name)).toEqual(['a_artists', 'b_tracks', 'c_joined']);
    const second = await run({ tables: ['spotify_artists'] });
    expect(second.models.map((model) => model.name)).toEqual(['a_artists', 'c_joined']);
  });

  it('counts days and hours in the listening time zone', async () => {
    writeModels({
      'days.sql':
        "SELECT artist_id, updated_at::date AS day, extract(hour FROM updated_at)::int AS hour FROM {{ source('spotify', 'spotify_artists') }} WHERE artist_id = 'a3'",
    });
    await runModels(
      { partitionDate: '2024-05-01' },
      {
        warehouse: env.clients.warehouse,
        store: env.clients.store,
        log: env.log,
        timezone: 'Pacific/Kiritimati',
        goldRowGroupRows: 10,
        modelsDir: dir,
      },
    );
    // 12:00 UTC is 02:00 the next day in UTC+14.
    expect(
      await rows("SELECT to_char(day, 'YYYY-MM-DD') AS day, hour FROM analytics.days"),
    ).toEqual([{ day: '2024-05-02', hour: 2 }]);
  });

  it('lets two transforms at once build the same models one after the other', async () => {
    writeModels({
      'a_artists.sql': ARTISTS,
      'b_named.sql': "SELECT * FROM {{ ref('a_artists') }}",
    });
    const [first, second] = await Promise.all([run(), run()]);
    expect(first.models).toHaveLength(2);
    expect(second.models).toHaveLength(2);
    expect(await rows('SELECT count(*)::int AS n FROM analytics.b_named')).toEqual([{ n: 3 }]);
  });

  describe('generic and singular tests', () => {
    const GOOD = "SELECT * FROM (VALUES ('a', 'x'), ('b', 'y')) AS v(id, kind)";
    const PARENT = "SELECT * FROM (VALUES ('a'), ('b')) AS v(id)";

    it.each([
      [
        'unique',
        "SELECT * FROM (VALUES ('a', 'x'), ('a', 'y'), ('b', 'x')) AS v(id, kind)",
        '- unique',
        'unique(id)',
        2,
      ],
      [
        'not_null',
        "SELECT * FROM (VALUES ('a', 'x'), (NULL, 'y')) AS v(id, kind)",
        '- not_null',
        'not_null(id)',
        1,
      ],
      [
        'accepted_values',
        "SELECT * FROM (VALUES ('x', 'a'), ('y', 'z'), ('y', 'w'), ('z', NULL)) AS v(kind, id)",
        '- accepted_values: { values: [a, b] }',
        'accepted_values(id)',
        2,
      ],
      [
        'relationships',
        "SELECT * FROM (VALUES ('a', 'x'), ('c', 'y'), ('d', 'y'), (NULL, 'z')) AS v(id, kind)",
        "- relationships: { to: ref('parent'), field: id }",
        'relationships(id -> parent.id)',
        2,
      ],
    ])(
      '%s fails with the model, the test and the failing row count, and keeps the old table',
      async (_kind, bad, test, name, failing) => {
        const schema = `version: 1\nmodels:\n  - name: child\n    columns:\n      - name: id\n        tests:\n          ${test}\n`;
        writeModels({ 'parent.sql': PARENT, 'child.sql': GOOD, 'schema.yml': schema });
        const passed = await run();
        expect(passed.testsPassed).toBe(1);
        writeModels({ 'child.sql': bad });
        const failed = run();
        await expect(failed).rejects.toThrow(ModelTestFailedError);
        await expect(failed).rejects.toThrow(
          `model child: test ${name} failed with ${failing} failing ${failing === 1 ? 'row' : 'rows'}`,
        );
        expect(await rows('SELECT id FROM analytics.child ORDER BY id')).toEqual([
          { id: 'a' },
          { id: 'b' },
        ]);
      },
    );

    it('fails on a singular test that returns rows, naming it and its row count', async () => {
      writeModels({
        'child.sql': "SELECT * FROM (VALUES ('a', 'x'), ('b', 'z')) AS v(id, kind)",
        'tests/no_kind_z.sql': "SELECT * FROM {{ ref('child') }} WHERE kind = 'z'",
      });
      await expect(run()).rejects.toThrow(
        'model child: test tests/no_kind_z failed with 1 failing row',
      );
    });

    it('refuses a schema file that declares a test it does not know', async () => {
      writeModels({
        'child.sql': GOOD,
        'schema.yml':
          'version: 1\nmodels:\n  - name: child\n    columns:\n      - name: id\n        tests: [uniq]\n',
      });
      await expect(run()).rejects.toThrow(ModelError);
      await expect(run()).rejects.toThrow(
        /model schema\.yml: .*models\[0\]\.columns\[0\]\.tests\[0\]/s,
      );
    });
  });
});
