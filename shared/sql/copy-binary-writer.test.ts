// The binary COPY encoder against a real PostgreSQL: rows at the edges of every catalog type go in
// through COPY ... (FORMAT binary) and read back as the values worked out by hand.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { CopyBinaryWriter } from './copy-binary-writer';
import type { CopyFieldType } from './copy-binary-writer';

/** The test table's columns, one of each catalog type, and each one's PostgreSQL type. */
const COLUMNS = {
  i2: ['int16', 'smallint'],
  i4: ['int32', 'integer'],
  i8: ['int64', 'bigint'],
  f4: ['float32', 'real'],
  f8: ['float64', 'double precision'],
  flag: ['boolean', 'boolean'],
  at: ['timestamp', 'timestamp with time zone'],
  day: ['date', 'date'],
  s: ['string', 'text'],
  doc: ['json', 'jsonb'],
  tags: ['string_list', 'text[]'],
  markets: ['string_list_json', 'text[]'],
} as const satisfies Record<string, readonly [CopyFieldType, string]>;
type Column = keyof typeof COLUMNS;
const NAMES = Object.keys(COLUMNS) as Column[];
const TYPES = NAMES.map((name) => COLUMNS[name][0]);

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/** A row with the given values and NULL in every other column. */
const row = (values: Partial<Record<Column, unknown>>): unknown[] =>
  NAMES.map((name) => values[name] ?? null);

/** Row-wise values to the writer's columns, then the writer's whole output. */
function encode(rows: readonly unknown[][], chunkBytes?: number): Buffer[] {
  const writer = new CopyBinaryWriter(TYPES, chunkBytes);
  const columns = TYPES.map((_, i) => rows.map((values) => values[i]));
  const chunks: Buffer[] = [];
  for (let index = 0; index < rows.length; index += 1) {
    writer.appendRow(columns, index);
    if (writer.hasFullChunks) {
      chunks.push(...writer.takeFullChunks());
    }
  }
  return [...chunks, ...writer.finish()];
}

async function copyIn(client: pg.PoolClient, chunks: readonly Buffer[]): Promise<void> {
  const columns = NAMES.map((name) => `"${name}"`).join(', ');
  const copy = client.query(copyFrom(`COPY copied (${columns}) FROM STDIN WITH (FORMAT binary)`));
  await pipeline(Readable.from(chunks), copy);
}

const SELECT_PLAIN = `SELECT i2, i4, i8::text AS i8, f4::float8 AS f4, f8, flag, "at"::text AS "at",
  "day"::text AS "day", s, doc::text AS doc, jsonb_typeof(doc) AS doc_type, tags
  FROM copied ORDER BY n`;

describe('CopyBinaryWriter', () => {
  let env: TestEnv;
  let client: pg.PoolClient;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  beforeEach(async () => {
    client = await env.clients.warehouse.connect();
    await client.query(`SET TIME ZONE 'UTC'`);
    const columns = NAMES.map((name) => `"${name}" ${COLUMNS[name][1]}`).join(', ');
    await client.query(`CREATE TEMP TABLE copied (${columns}, n serial)`);
  });

  afterEach(() => {
    // Destroyed, not returned to the pool: the temporary table goes with the session.
    client.release(true);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('writes the signature, flags and header extension first and the trailer last', () => {
    expect([...Buffer.concat(encode([]))]).toEqual([
      ...[0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00],
      ...[0, 0, 0, 0],
      ...[0, 0, 0, 0],
      ...[0xff, 0xff],
    ]);
  });

  it('loads the smallest and largest value of every type exactly', async () => {
    const low = row({
      i2: -32768,
      i4: -2147483648,
      i8: -(2n ** 63n),
      f4: -3.4028234663852886e38,
      f8: -1.7976931348623157e308,
      flag: false,
      at: -62135596800000000n,
      day: -719162,
      s: utf8(''),
      doc: utf8('null'),
      tags: [],
    });
    const high = row({
      i2: 32767,
      i4: 2147483647,
      i8: 2n ** 63n - 1n,
      f4: 1.401298464324817e-45,
      f8: 5e-324,
      flag: true,
      at: 253402300799999999n,
      day: 2932896,
      s: utf8('🎸 Ünïcode 東京 e\u0301'),
      doc: utf8('"just text"'),
      tags: [utf8('')],
    });
    await copyIn(client, encode([low, high]));

    const { rows } = await client.query(SELECT_PLAIN);
    expect(rows).toEqual([
      {
        i2: -32768,
        i4: -2147483648,
        i8: '-9223372036854775808',
        f4: -3.4028234663852886e38,
        f8: -1.7976931348623157e308,
        flag: false,
        at: '0001-01-01 00:00:00+00',
        day: '0001-01-01',
        s: '',
        doc: 'null',
        doc_type: 'null',
        tags: [],
      },
      {
        i2: 32767,
        i4: 2147483647,
        i8: '9223372036854775807',
        f4: 1.401298464324817e-45,
        f8: 5e-324,
        flag: true,
        at: '9999-12-31 23:59:59.999999+00',
        day: '9999-12-31',
        s: '🎸 Ünïcode 東京 e\u0301',
        doc: '"just text"',
        doc_type: 'string',
        tags: [''],
      },
    ]);
  });

  it('loads a list from its JSON text, the same bytes or equal ones, and refuses other JSON', async () => {
    const shared = utf8('["AD", "AE"]');
    await copyIn(
      client,
      encode([
        row({ markets: shared }),
        row({ markets: utf8('["say \\"hi\\"", "東京", ""]') }),
        row({ markets: shared }),
        row({ markets: utf8('["AD", "AE"]') }),
        row({ markets: utf8('[]') }),
        row({ markets: utf8(' [ "x" ,"y",\n"" ] ') }),
        row({ markets: utf8('["caf\\u00e9", "ok"]') }),
      ]),
    );

    const { rows } = await client.query('SELECT markets FROM copied ORDER BY n');
    expect(rows.map((r: { markets: string[] }) => r.markets)).toEqual([
      ['AD', 'AE'],
      ['say "hi"', '東京', ''],
      ['AD', 'AE'],
      ['AD', 'AE'],
      [],
      ['x', 'y', ''],
      ['café', 'ok'],
    ]);
    for (const text of ['["AD"] x', '["AD"']) {
      expect(() => encode([row({ markets: utf8(text) })])).toThrow(SyntaxError);
    }
    for (const text of ['{"AD": 1}', '["AD", 1]', '"AD"']) {
      expect(() => encode([row({ markets: utf8(text) })])).toThrow(
        `a string list's JSON text is not a list of strings: ${text}`,
      );
    }
  });

  it('keeps NaN, both infinities and negative zero in real and double precision', async () => {
    await copyIn(
      client,
      encode([
        row({ f4: NaN, f8: NaN }),
        row({ f4: Infinity, f8: -Infinity }),
        row({ f4: -0, f8: -0 }),
      ]),
    );

    const { rows } = await client.query<{ f4: string; f8: string }>(
      'SELECT f4::text AS f4, f8::text AS f8 FROM copied ORDER BY n',
    );
    expect(rows).toEqual([
      { f4: 'NaN', f8: 'NaN' },
      { f4: 'Infinity', f8: '-Infinity' },
      { f4: '-0', f8: '-0' },
    ]);
  });

  it('loads timestamps to the microsecond around 1970 and 2000, and dates around 2000', async () => {
    await copyIn(
      client,
      encode([
        row({ at: 1714558830123456n, day: 19782 }),
        row({ at: -1n, day: 10956 }),
        row({ at: 946684799999999n, day: 10957 }),
      ]),
    );

    const { rows } = await client.query<{ at: string; day: string }>(
      `SELECT "at"::text AS "at", "day"::text AS "day" FROM copied ORDER BY n`,
    );
    expect(rows).toEqual([
      { at: '2024-05-01 10:20:30.123456+00', day: '2024-02-29' },
      { at: '1969-12-31 23:59:59.999999+00', day: '1999-12-31' },
      { at: '1999-12-31 23:59:59.999999+00', day: '2000-01-01' },
    ]);
  });

  it('loads text with tabs, line breaks and backslashes, and lists with NULLs and quotes', async () => {
    const tags = [utf8('say "hi"'), null, utf8('a\\b,c'), utf8('{NULL}'), utf8('NULL'), utf8('')];
    await copyIn(
      client,
      encode([
        row({
          s: utf8('tab\there \\N back\\slash\nline\r'),
          doc: utf8('{"a": [1, "x\\ty"], "b": null}'),
          tags,
        }),
      ]),
    );

    const { rows } = await client.query('SELECT s, doc::text AS doc, tags FROM copied');
    expect(rows).toEqual([
      {
        s: 'tab\there \\N back\\slash\nline\r',
        doc: '{"a": [1, "x\\ty"], "b": null}',
        tags: ['say "hi"', null, 'a\\b,c', '{NULL}', 'NULL', ''],
      },
    ]);
  });

  it('writes NULL for null and undefined in every column', async () => {
    await copyIn(client, encode([row({}), NAMES.map(() => undefined)]));

    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT num_nulls(${NAMES.map((name) => `"${name}"`).join(', ')}) AS nulls FROM copied`,
    );
    expect(rows).toEqual([{ nulls: NAMES.length }, { nulls: NAMES.length }]);
  });

  it('fills chunks of the given size, never splitting a field; a larger field gets its own', async () => {
    const long = 'x'.repeat(300);
    const texts = Array.from({ length: 20 }, (_, i) => (i === 7 ? long : `row ${i}`));
    const rows = texts.map((text, i) =>
      row({ i4: i, i8: BigInt(i), at: BigInt(i), s: utf8(text), tags: [utf8(`t${i}`)] }),
    );

    const small = encode(rows, 64);
    expect(Buffer.concat(small)).toEqual(Buffer.concat(encode(rows)));
    expect(small.filter((chunk) => chunk.length > 64)).toEqual([
      expect.objectContaining({ length: 4 + long.length }),
    ]);
    await copyIn(client, small);
    const { rows: loaded } = await client.query<{ s: string }>('SELECT s FROM copied ORDER BY n');
    expect(loaded.map((copied) => copied.s)).toEqual(texts);
  });

  it('fails the COPY on text that is not valid UTF-8, as PostgreSQL checks the bytes', async () => {
    const invalid = row({ s: Uint8Array.of(0x61, 0xff) });

    await expect(copyIn(client, encode([invalid]))).rejects.toThrow(
      'invalid byte sequence for encoding "UTF8"',
    );
  });
});
