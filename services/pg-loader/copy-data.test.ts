// The COPY data of a silver file, copied from its pages as they lie (raw) and through hyparquet's
// decoded values: byte for byte the same, for every column type, NULLs, extremes, Unicode, text
// long enough to span pages, lists empty and with NULL items, dictionary and PLAIN chunks, and
// many row groups. A real S3 server holds the files.

import { Readable } from 'node:stream';
import type { SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { TableDef } from '../../shared/catalog';
import { uploadObject } from '../../shared/lake/objects';
import { createParquetObjectWriter } from '../../shared/parquet/object-writer';
import { createSilverWriter } from '../../shared/parquet/silver-writer';
import { openSilverFile } from '../../shared/parquet/silver-reader';
import { createTyper } from '../../shared/typing/type-value';
import type { SilverValue } from '../../shared/typing/type-value';
import { loaderTypes } from '../../test/catalog-with-test-tables';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { copyData } from './copy-data';
import type { CopyWay } from './copy-data';
import { seededRandom } from '../../test/seeded-random';

jest.mock('../../shared/catalog', () =>
  jest.requireActual<object>('../../test/catalog-with-test-tables'),
);

const TEXTS = [
  '',
  ' ',
  'plain',
  '🎸 Ünïcode 東京 e\u0301',
  'tab\there',
  'it\'s \\ "quoted"',
  'x'.repeat(300),
];

/** Raw values as bronze would hold them for loader_types; `few` keeps each column to a handful. */
function typesRow(id: number, next: () => number, few: boolean): Record<string, unknown> {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const maybe = (value: unknown): unknown => (next() < 0.15 ? null : value);
  const unique = (value: unknown): unknown => (few ? pick([value, value]) : value);
  return {
    id,
    s: maybe(few ? pick(TEXTS) : `${pick(TEXTS)}${id}`),
    note: maybe(
      id % 97 === 0 ? `lyrics ${id} `.repeat(20_000) : `${pick(TEXTS)} note ${few ? '' : id}`,
    ),
    small: maybe(pick([-32768, 32767, 0, -1, few ? 5 : id % 30_000])),
    mid: maybe(pick([-2147483648, 2147483647, 0, few ? 7 : id * 1_000])),
    big: maybe(
      pick(['-9223372036854775808', '9223372036854775807', '0', few ? '3' : String(id * 1e9)]),
    ),
    f32: maybe(
      pick([
        3.4028234663852886e38,
        1.401298464324817e-45,
        -0,
        0.5,
        few ? 1.25 : Math.fround(next()),
      ]),
    ),
    f64: maybe(pick([Number.MAX_VALUE, Number.MIN_VALUE, -0, -1.5e-300, few ? 2.5 : next()])),
    flag: maybe(pick([true, false])),
    at: maybe(
      few
        ? pick(['2024-01-01 00:00:00', '1970-01-01 00:00:00.001'])
        : unique(new Date(1_700_000_000_000 + id * 1_001).toISOString()),
    ),
    day: maybe(
      pick([
        '0001-01-01',
        '9999-12-31',
        '1970-01-01',
        few ? '2000-02-29' : `20${10 + (id % 89)}-03-04`,
      ]),
    ),
    tags: maybe(
      pick(['[]', "['a', 'b']", '["東京", ""]', few ? "['x']" : `['t${id}', 'u${id}', 'v']`]),
    ),
    doc: maybe(
      pick(['{"a": [1, 2.5, null]}', '"text"', '[]', '{"k": "ü 🎵"}', few ? '1' : `{"id": ${id}}`]),
    ),
    markets: maybe(pick(['[]', '["AD", "AE"]', few ? '["US"]' : `["M${id % 50}", "GB"]`])),
  };
}

async function collect(env: TestEnv, key: string, table: TableDef, way: CopyWay): Promise<Buffer> {
  const file = await openSilverFile(env.clients.store, key);
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of copyData(file, table, async () => undefined, way)) {
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } finally {
    await file.close();
  }
}

async function bothWays(env: TestEnv, key: string, table: TableDef) {
  const file = await openSilverFile(env.clients.store, key);
  const readsRaw = file.readsRaw(table.columns.map((column) => column.name));
  await file.close();
  return {
    readsRaw,
    raw: await collect(env, key, table, 'raw'),
    decoded: await collect(env, key, table, 'decoded'),
  };
}

describe('copyData', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  it.each([
    ['mostly distinct values (PLAIN pages)', false],
    ['a handful of values per column (dictionaries)', true],
  ])('copies every column type the same both ways: %s', async (_name, few) => {
    const typers = loaderTypes.columns.map((column) => createTyper(column));
    const key = `silver/test/types-${few ? 'few' : 'many'}.parquet`;
    const writer = createSilverWriter(env.clients.store, key, loaderTypes, 700);
    const next = seededRandom(few ? 11 : 12);
    for (let id = 1; id <= 5_000; id += 1) {
      const raw = typesRow(id, next, few);
      await writer.appendRow(
        loaderTypes.columns.map((column, i) =>
          (typers[i] as (v: unknown) => SilverValue)(raw[column.name]),
        ),
      );
    }
    await writer.close();
    const { readsRaw, raw, decoded } = await bothWays(env, key, loaderTypes);
    expect(readsRaw).toBe(true);
    expect(raw.length).toBe(decoded.length);
    expect(raw.equals(decoded)).toBe(true);
  });

  it('copies lists with NULL items and NULL or empty lists the same both ways', async () => {
    const table: TableDef = {
      ...loaderTypes,
      name: 'nullable_items',
      columns: [
        { name: 'id', type: 'int32', nullable: false },
        { name: 'tags', type: 'string_list', nullable: true },
      ],
    };
    const schema: SchemaElement[] = [
      { name: 'root', num_children: 2 },
      { name: 'id', repetition_type: 'REQUIRED', type: 'INT32' },
      { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
    ];
    const key = 'silver/test/nullable-items.parquet';
    const writer = createParquetObjectWriter<unknown>(
      env.clients.store,
      key,
      schema,
      ['id', 'tags'],
      300,
    );
    const lists = [
      null,
      [],
      ['a'],
      ['b', null, 'ç'],
      [null],
      [null, null, '東京'],
      ['x'.repeat(20)],
    ];
    for (let id = 0; id < 1_000; id += 1) {
      await writer.appendRow([id, lists[id % lists.length]]);
    }
    await writer.close();
    const { readsRaw, raw, decoded } = await bothWays(env, key, table);
    expect(readsRaw).toBe(true);
    expect(raw.equals(decoded)).toBe(true);
  });

  it('refuses the raw way for a file it cannot copy from as it lies, and auto decodes it', async () => {
    const table: TableDef = {
      ...loaderTypes,
      name: 'delta_ids',
      columns: [{ name: 'id', type: 'int32', nullable: false }],
    };
    // DELTA_BINARY_PACKED is standard Parquet, but no encoding silver writes.
    const schema: SchemaElement[] = [
      { name: 'root', num_children: 1 },
      { name: 'id', repetition_type: 'REQUIRED', type: 'INT32' },
    ];
    const key = 'silver/test/delta.parquet';
    const file = parquetWriteBuffer({
      schema,
      columnData: [
        {
          name: 'id',
          data: Array.from({ length: 250 }, (_, id) => id * 3),
          encoding: 'DELTA_BINARY_PACKED',
        },
      ],
      rowGroupSize: 100,
    });
    await uploadObject(env.clients.store, key, Readable.from([Buffer.from(file)]));
    await expect(collect(env, key, table, 'raw')).rejects.toThrow(
      'delta_ids: this silver file cannot be copied from its pages as they lie',
    );
    const auto = await collect(env, key, table, 'auto');
    expect(auto.equals(await collect(env, key, table, 'decoded'))).toBe(true);
    // 19 bytes of header, then per row a field count and a 4-byte int after its length; a trailer.
    expect(auto.length).toBe(19 + 250 * (2 + 4 + 4) + 2);
    expect(auto.readInt32BE(19 + 10 * 249 + 6)).toBe(249 * 3);
  });
});
