// The s3-loader against a real S3 server: bronze rows typed by the catalog into silver Parquet that
// an independent reader (DuckDB) reads back value for value, untypable rows quarantined with their
// reason while the others go on, and row groups bounded by config.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata } from 'hyparquet';
import { listKeys, objectSize, openObject } from '../../shared/lake/objects';
import { bronzeLine, mysqlRun, s3Load, writeBronze } from '../../test/loader-steps';
import { TYPES_BRONZE, TYPES_EXPECTED } from '../../test/loader-types-rows';
import type { PlainTypesRow } from '../../test/loader-types-rows';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

jest.mock('../../shared/catalog', () =>
  jest.requireActual<object>('../../test/catalog-with-test-tables'),
);

async function download(env: TestEnv, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openObject(env.clients.store, key)) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Runs `sql` over the Parquet bytes with DuckDB; `FILE` in the SQL reads the file, `FILE_PATH` is its path. */
async function queryWithDuckDb(bytes: Buffer, sql: string): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'spotlake-silver-test-'));
  try {
    const path = join(dir, 'part.parquet');
    writeFileSync(path, bytes);
    const duck = await DuckDBInstance.create(':memory:');
    try {
      const connection = await duck.connect();
      const reader = await connection.runAndReadAll(
        sql.replace('FILE_PATH', path).replace('FILE', `read_parquet('${path}')`),
      );
      connection.closeSync();
      return reader.getRowObjectsJS();
    } finally {
      duck.closeSync();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PLAIN_SELECT = `SELECT id, s, note, small, mid, big::varchar AS big, f32::double AS f32, f64, flag,
  epoch_ms("at")::varchar AS at_ms, "day"::varchar AS "day", to_json(tags)::varchar AS tags,
  doc::varchar AS doc, markets::varchar AS markets FROM FILE ORDER BY id`;

function parsedJson(row: Record<string, unknown>): PlainTypesRow {
  const parse = (value: unknown): unknown =>
    typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return {
    ...row,
    tags: parse(row.tags),
    doc: parse(row.doc),
    markets: parse(row.markets),
  } as PlainTypesRow;
}

describe('writeSilverPart', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  it.each([
    ['one row group', '2024-05-01', 1000],
    ['a row group per row', '2024-05-11', 1],
  ])(
    'types every catalog type into silver Parquet that DuckDB reads back value for value (%s)',
    async (_groups, date, rowGroupRows) => {
      const run = mysqlRun('loader_types', date);
      const silver = await s3Load(
        env,
        run,
        await writeBronze(env, run, TYPES_BRONZE),
        rowGroupRows,
      );
      expect(silver.silverKey).toBe(
        `silver/mysql/loader_types/updated_at=${date}/part-00000.parquet`,
      );
      const bytes = await download(env, silver.silverKey ?? '');

      const rows = await queryWithDuckDb(bytes, PLAIN_SELECT);
      expect(rows.map(parsedJson)).toEqual(TYPES_EXPECTED);
    },
  );

  it('keeps free text of more than a megabyte a value whole, across row groups', async () => {
    const run = mysqlRun('loader_types', '2024-05-12');
    // 1.2 MB of UTF-8 each, two bytes a character, after a short value in the same row group.
    const long = (char: string): string => char.repeat(600_000);
    const lines = [
      { id: 1, note: 'short' },
      { id: 2, note: long('é') },
      { id: 3, note: null },
      { id: 4, note: long('ж') },
      { id: 5, note: long('光').slice(0, 100_000) },
    ];
    const silver = await s3Load(env, run, await writeBronze(env, run, lines), 2);
    const rows = await queryWithDuckDb(
      await download(env, silver.silverKey ?? ''),
      'SELECT id, length(note) AS chars, md5(note) AS md5 FROM FILE ORDER BY id',
    );
    const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
    expect(rows).toEqual(
      lines.map(({ id, note }) => ({
        id,
        chars: note === null ? null : BigInt(note.length),
        md5: note === null ? null : md5(note),
      })),
    );
  });

  it('stores integers at their declared width, floats as FLOAT or DOUBLE and timestamps as UTC timestamps', async () => {
    const run = mysqlRun('loader_types', '2024-05-02');
    const silver = await s3Load(env, run, await writeBronze(env, run, TYPES_BRONZE));
    const bytes = await download(env, silver.silverKey ?? '');

    const columns = await queryWithDuckDb(
      bytes,
      'SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM FILE)',
    );
    expect(Object.fromEntries(columns.map((c) => [c.column_name, c.column_type]))).toEqual({
      id: 'INTEGER',
      s: 'VARCHAR',
      note: 'VARCHAR',
      small: 'SMALLINT',
      mid: 'INTEGER',
      big: 'BIGINT',
      f32: 'FLOAT',
      f64: 'DOUBLE',
      flag: 'BOOLEAN',
      at: 'TIMESTAMP WITH TIME ZONE',
      day: 'DATE',
      tags: 'VARCHAR[]',
      doc: 'JSON',
      markets: 'JSON',
    });
    const codecs = await queryWithDuckDb(
      bytes,
      "SELECT DISTINCT compression FROM parquet_metadata('FILE_PATH')",
    );
    expect(codecs).toEqual([{ compression: 'LZ4_RAW' }]);
  });

  it('quarantines each untypable row with its reason and writes the others to silver', async () => {
    const run = mysqlRun('loader_types', '2024-05-03');
    const bad = [
      'not json {',
      { id: 10, small: 32768 },
      { id: 11, f32: 1e39 },
      { id: 12, s: 'nul \u0000 inside' },
      { id: null, s: 'no key' },
      { id: 13, at: 'yesterday' },
      { id: 14, tags: "['unterminated" },
    ];
    const lines = [TYPES_BRONZE[1] ?? {}, ...bad, TYPES_BRONZE[2] ?? {}];
    const silver = await s3Load(env, run, await writeBronze(env, run, lines));

    expect(silver.counts).toMatchObject({ bronze: 9, silver: 2, quarantined: 7 });
    expect(silver.quarantineKey).toBe(
      'quarantine/mysql/loader_types/updated_at=2024-05-03/part-00000.ndjson.gz',
    );
    const quarantined = gunzipSync(await download(env, silver.quarantineKey ?? ''))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { reason: string; position: number; raw: string });
    // A position is the line in the bronze object, whose first line is the header of column names.
    expect(quarantined.map(({ reason, position }) => ({ reason, position }))).toEqual([
      { position: 3, reason: 'bronze line is not JSON' },
      { position: 4, reason: 'small: not an int16: 32768' },
      { position: 5, reason: 'f32: out of float32 range: 1e+39' },
      { position: 6, reason: 's: holds a NUL character, which PostgreSQL text cannot store' },
      { position: 7, reason: 'id: is null but the column is NOT NULL' },
      { position: 8, reason: 'at: not a timestamp: "yesterday"' },
      { position: 9, reason: expect.stringMatching(/^tags: not a list: /) as unknown },
    ]);
    expect(quarantined.map((row) => row.raw)).toEqual(
      bad.map((line) => bronzeLine('loader_types', line)),
    );
    const good = await queryWithDuckDb(
      await download(env, silver.silverKey ?? ''),
      'SELECT id FROM FILE ORDER BY id',
    );
    expect(good).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('writes row groups of at most the configured rows and reports the bytes it stored', async () => {
    const run = mysqlRun('loader_types', '2024-05-04');
    const lines = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, s: `row ${i + 1}` }));
    const silver = await s3Load(env, run, await writeBronze(env, run, lines), 3);
    const bytes = await download(env, silver.silverKey ?? '');

    const groups = parquetMetadata(new Uint8Array(bytes)).row_groups.map((group) =>
      Number(group.num_rows),
    );
    expect(groups).toEqual([3, 3, 1]);
    expect(silver.counts).toMatchObject({ extracted: 7, bronze: 7, silver: 7, quarantined: 0 });
    expect(silver.quarantineKey).toBeNull();
    expect(silver.bytes).toBe(await objectSize(env.clients.store, silver.silverKey ?? ''));
  });

  it('leaves no silver or quarantine object when a part fails midway, and a retry then succeeds', async () => {
    const run = mysqlRun('loader_types', '2024-05-09');
    const extracted = await writeBronze(env, run, TYPES_BRONZE);
    // The second bronze object of the part is missing: typing stops after the first one's rows.
    const missing = extracted.bronzeKeys[0]?.replace('-00000.', '-00001.') ?? '';
    const broken = { ...extracted, bronzeKeys: [...extracted.bronzeKeys, missing] };
    await expect(s3Load(env, run, broken, 2)).rejects.toThrow();
    const left: string[] = [];
    for (const layer of ['silver', 'quarantine']) {
      for await (const key of listKeys(
        env.clients.store,
        `${layer}/mysql/loader_types/updated_at=2024-05-09/`,
      )) {
        left.push(key);
      }
    }
    expect(left).toEqual([]);

    const retried = await s3Load(env, run, extracted, 2);
    expect(retried.counts.silver + retried.counts.quarantined).toBe(TYPES_BRONZE.length);
  });
});
