// The gold export against a real PostgreSQL and S3: a table of every column type the models use,
// streamed in row groups, read back with an independent Parquet reader.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { openObject } from '../../shared/lake/objects';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { exportGold } from './export-gold';

async function download(env: TestEnv, key: string): Promise<ArrayBuffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openObject(env.clients.store, key)) {
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

describe('exportGold', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
    await env.clients.warehouse.query(`
      CREATE TABLE analytics.sample AS
      SELECT * FROM (VALUES
        (1, 'Ana'::text, 2::smallint, 9007199254740993::bigint, 0.25::double precision, 1.5::numeric,
         true, '2024-02-29'::date, '2024-05-01T10:20:30.123Z'::timestamptz, ARRAY['pop', 'k-pop'],
         '{"a": 1}'::jsonb, interval '90 minutes'),
        (2, 'Łukasz <b>', NULL, NULL, NULL, NULL, false, NULL, NULL, ARRAY[]::text[], NULL, NULL),
        (3, NULL, 0::smallint, -1::bigint, -0.5, 0::numeric, NULL, '1970-01-01'::date,
         '1969-12-31T23:59:59Z'::timestamptz, NULL, '[1, "x"]'::jsonb, NULL),
        (4, 'd', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (5, 'e', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
      ) AS v(id, name, small, big, ratio, amount, flag, day, at, genres, extra, took)
      ORDER BY id`);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('writes every row with its type to gold/analytics/<model>/updated_at=<date>/part-00000.parquet', async () => {
    const exported = await exportGold('sample', '2024-05-01', {
      warehouse: env.clients.warehouse,
      store: env.clients.store,
      rowGroupRows: 2,
    });
    expect(exported).toMatchObject({
      key: 'gold/analytics/sample/updated_at=2024-05-01/part-00000.parquet',
      rows: 5,
    });
    const file = await download(env, exported.key);
    expect(exported.bytes).toBe(file.byteLength);
    expect(parquetMetadata(file).row_groups.map((group) => Number(group.num_rows))).toEqual([
      2, 2, 1,
    ]);
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(rows[0]).toEqual({
      id: 1,
      name: 'Ana',
      small: 2,
      big: 9007199254740993n,
      ratio: 0.25,
      amount: 1.5,
      flag: true,
      day: new Date('2024-02-29T00:00:00Z'),
      at: new Date('2024-05-01T10:20:30.123Z'),
      genres: ['pop', 'k-pop'],
      extra: { a: 1 },
      took: '01:30:00',
    });
    expect(rows[1]).toMatchObject({ name: 'Łukasz <b>', small: null, flag: false, genres: [] });
    expect(rows[2]).toMatchObject({
      name: null,
      big: -1n,
      day: new Date('1970-01-01T00:00:00Z'),
      at: new Date('1969-12-31T23:59:59Z'),
      // hyparquet reads a NULL list as undefined; DuckDB reads the same file's value as NULL.
      genres: undefined,
      extra: [1, 'x'],
    });

    await expect(readWithDuckDb(file)).resolves.toEqual([
      { id: 1, genres: 'pop,k-pop', at_ms: '1714558830123' },
      { id: 2, genres: '', at_ms: null },
      { id: 3, genres: null, at_ms: '-1000' },
      { id: 4, genres: null, at_ms: null },
      { id: 5, genres: null, at_ms: null },
    ]);
  });
});

/** DuckDB as a second, independent reader of the same bytes. */
async function readWithDuckDb(file: ArrayBuffer): Promise<unknown[]> {
  const dir = mkdtempSync(join(tmpdir(), 'spotlake-gold-'));
  try {
    const path = join(dir, 'part.parquet');
    writeFileSync(path, Buffer.from(file));
    const duck = await DuckDBInstance.create(':memory:');
    const connection = await duck.connect();
    const reader = await connection.runAndReadAll(
      `SELECT id, array_to_string(genres, ',') AS genres, epoch_ms("at")::varchar AS at_ms FROM read_parquet('${path}') ORDER BY id`,
    );
    connection.closeSync();
    duck.closeSync();
    return reader.getRowObjectsJson();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
