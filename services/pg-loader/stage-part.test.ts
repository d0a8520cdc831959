// Silver to PostgreSQL against a real PostgreSQL and S3: the values of every catalog type at their
// edges arrive in the warehouse exactly as the bronze rows gave them, and the results count them.
// Parts DuckDB writes hold what the s3-loader never writes: a JSON document `null`, microseconds.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { WHOLE_TABLE } from '../../shared/contracts';
import type { S3LoadResult } from '../../shared/contracts';
import { buildLakeKey } from '../../shared/lake/keys';
import { uploadObject } from '../../shared/lake/objects';
import { createTestTable, loaderTypes } from '../../test/catalog-with-test-tables';
import { mysqlRun, pgLoadCommit, pgLoadPart, s3Load, writeBronze } from '../../test/loader-steps';
import type { LoaderRun } from '../../test/loader-steps';
import { TYPES_BRONZE, TYPES_EXPECTED } from '../../test/loader-types-rows';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

jest.mock('../../shared/catalog', () =>
  jest.requireActual<object>('../../test/catalog-with-test-tables'),
);

/** loader_types' columns as DuckDB types: DuckDB writes them as the silver Parquet types. */
const DUCKDB_COLUMNS = `id INTEGER, s VARCHAR, note VARCHAR, small SMALLINT, mid INTEGER,
  big BIGINT, f32 FLOAT, f64 DOUBLE, flag BOOLEAN, "at" TIMESTAMPTZ, "day" DATE, tags VARCHAR[],
  doc JSON, markets JSON`;

/** The run's silver part of loader_types, written by DuckDB from `rows`, SQL row literals. */
async function writeSilverWithDuckDb(
  env: TestEnv,
  run: LoaderRun,
  rows: readonly string[],
  codec = 'snappy',
  columns = DUCKDB_COLUMNS,
): Promise<S3LoadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'spotlake-duckdb-silver-'));
  try {
    const path = join(dir, 'part.parquet');
    const duck = await DuckDBInstance.create(':memory:');
    try {
      const connection = await duck.connect();
      await connection.run(`CREATE TABLE part (${columns})`);
      await connection.run(`INSERT INTO part VALUES ${rows.join(', ')}`);
      await connection.run(`COPY part TO '${path}' (FORMAT parquet, COMPRESSION ${codec})`);
      connection.closeSync();
    } finally {
      duck.closeSync();
    }
    const bytes = await readFile(path);
    const silverKey = buildLakeKey({
      layer: 'silver',
      source: 'mysql',
      table: run.table,
      partitionDate: run.partitionDate,
      part: 0,
      seq: null,
      ext: 'parquet',
    });
    await uploadObject(env.clients.store, silverKey, Readable.from([bytes]));
    const n = rows.length;
    return {
      table: run.table,
      part: WHOLE_TABLE,
      silverKey,
      quarantineKey: null,
      bytes: bytes.length,
      strategy: 'incremental_by_watermark',
      counts: { extracted: n, bronze: n, silver: n, quarantined: 0, loaded: 0 },
      ms: 1,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('stageSilverPart and commitLoad', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
    await createTestTable(env, loaderTypes);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('loads NULLs, Unicode, empty strings, integer limits, float extremes, timestamps and lists exactly', async () => {
    const run = mysqlRun('loader_types', '2024-05-01');
    const silver = await s3Load(env, run, await writeBronze(env, run, TYPES_BRONZE));
    const part = await pgLoadPart(env, run, silver);
    const commit = await pgLoadCommit(env, run, [part]);

    expect(part).toMatchObject({ rows: 4, bytes: silver.bytes });
    expect(commit).toMatchObject({
      mode: 'upsert',
      staged: 4,
      rowsInTarget: 4,
      counts: { extracted: 4, bronze: 4, silver: 4, quarantined: 0, loaded: 4 },
    });
    const { rows } = await env.clients.warehouse.query(
      `SELECT id, s, note, small, mid, big::text AS big, f32::float8 AS f32, f64, flag,
         (extract(epoch FROM "at") * 1000)::bigint::text AS at_ms, "day"::text AS "day", tags, doc,
         markets
       FROM spotify.loader_types ORDER BY id`,
    );
    expect(rows).toEqual(TYPES_EXPECTED);
  });

  it('loads a JSON document whose text is null as JSON null, not as NULL', async () => {
    // The s3-loader writes such a document as a Parquet NULL (its typer gives null for both).
    const run = mysqlRun('loader_types', '2024-05-02');
    const nulls = 'NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL';
    const silver = await writeSilverWithDuckDb(env, run, [
      `(101, ${nulls}, 'null', NULL)`,
      `(102, ${nulls}, NULL, NULL)`,
    ]);
    await pgLoadCommit(env, run, [await pgLoadPart(env, run, silver)]);

    const { rows } = await env.clients.warehouse.query(
      `SELECT id, doc IS NULL AS is_null, jsonb_typeof(doc) AS json_type
       FROM spotify.loader_types WHERE id > 100 ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 101, is_null: false, json_type: 'null' },
      { id: 102, is_null: true, json_type: null },
    ]);
  });

  it('keeps the microseconds of a part whose timestamps are TIMESTAMP_MICROS', async () => {
    const run = mysqlRun('loader_types', '2024-05-03');
    const nulls = 'NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL';
    const silver = await writeSilverWithDuckDb(env, run, [
      `(201, ${nulls}, '2024-05-03 10:20:30.123456+00', NULL, NULL, NULL, NULL)`,
      `(202, ${nulls}, '1969-12-31 23:59:59.999999+00', NULL, NULL, NULL, NULL)`,
    ]);
    await pgLoadCommit(env, run, [await pgLoadPart(env, run, silver)]);

    const { rows } = await env.clients.warehouse.query(
      `SELECT id, to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS "at"
       FROM spotify.loader_types WHERE id > 200 ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 201, at: '2024-05-03 10:20:30.123456' },
      { id: 202, at: '1969-12-31 23:59:59.999999' },
    ]);
  });

  it('loads a list silver keeps as JSON text, or as a LIST as earlier silver did, into text[]', async () => {
    const nulls = 'NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL';
    const asJson = mysqlRun('loader_types', '2024-05-04');
    const json = await writeSilverWithDuckDb(env, asJson, [
      `(301, ${nulls}, '["x", "y\\"z"]')`,
      `(302, ${nulls}, '[]')`,
      `(303, ${nulls}, '["x", "y\\"z"]')`,
    ]);
    await pgLoadCommit(env, asJson, [await pgLoadPart(env, asJson, json)]);
    const asList = mysqlRun('loader_types', '2024-05-05');
    const list = await writeSilverWithDuckDb(
      env,
      asList,
      [`(304, ${nulls}, ['p', 'q'])`],
      'snappy',
      DUCKDB_COLUMNS.replace('markets JSON', 'markets VARCHAR[]'),
    );
    await pgLoadCommit(env, asList, [await pgLoadPart(env, asList, list)]);

    const { rows } = await env.clients.warehouse.query(
      'SELECT id, markets FROM spotify.loader_types WHERE id BETWEEN 301 AND 304 ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 301, markets: ['x', 'y"z'] },
      { id: 302, markets: [] },
      { id: 303, markets: ['x', 'y"z'] },
      { id: 304, markets: ['p', 'q'] },
    ]);
  });

  it('reads parts compressed GZIP (earlier silver), SNAPPY and LZ4_RAW', async () => {
    const nulls = 'NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL';
    const codecs = ['gzip', 'snappy', 'lz4_raw'];
    for (const [i, codec] of codecs.entries()) {
      const run = mysqlRun('loader_types', `2024-06-0${i + 1}`);
      const id = 901 + i;
      const silver = await writeSilverWithDuckDb(
        env,
        run,
        [`(${id}, '${codec}', ${nulls})`],
        codec,
      );
      await pgLoadCommit(env, run, [await pgLoadPart(env, run, silver)]);
    }

    const { rows } = await env.clients.warehouse.query(
      'SELECT id, s FROM spotify.loader_types WHERE id BETWEEN 901 AND 903 ORDER BY id',
    );
    expect(rows).toEqual(codecs.map((codec, i) => ({ id: 901 + i, s: codec })));
  });

  // Last: the tests above select ids above 100 and 200.
  it('stores long text LZ4-compressed in the target', async () => {
    const run = mysqlRun('loader_types', '2024-05-06');
    const note = Array.from({ length: 400 }, (_, i) => `line ${i % 7} of the lyrics`).join(' ');
    const silver = await s3Load(env, run, await writeBronze(env, run, [{ id: 1001, note }]));
    await pgLoadCommit(env, run, [await pgLoadPart(env, run, silver)]);

    const { rows } = await env.clients.warehouse.query(
      `SELECT note = $1 AS same, pg_column_compression(note) AS compression
       FROM spotify.loader_types WHERE id = 1001`,
      [note],
    );
    expect(note.length).toBeGreaterThan(8000);
    expect(rows).toEqual([{ same: true, compression: 'lz4' }]);
  });
});
