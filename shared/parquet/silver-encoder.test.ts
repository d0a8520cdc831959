// The silver encoder against an independent reader (DuckDB): every catalog type read back value
// for value over several row groups, with NULLs, empty and NULL lists, text given as bytes or as a
// string; a column that repeats keeps its dictionary and one that does not falls back to PLAIN
// mid-chunk; min/max of the key and the watermark per row group are the true ones.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ByteWriter } from 'hyparquet-writer';
import type { TableDef } from '../catalog';
import type { SilverValue } from '../typing/type-value';
import { COMPRESSORS } from './codecs';
import type { Compress } from './codecs';
import { SilverEncoder } from './silver-encoder';
import { silverLayout } from './silver-writer';

const table: TableDef = {
  name: 'encoder_test',
  source: 'mysql',
  schema: 'spotify',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'string', nullable: false },
    { name: 'cat', type: 'string', nullable: true },
    { name: 'uniq', type: 'string', nullable: true },
    { name: 'n', type: 'int32', nullable: true },
    { name: 'small', type: 'int16', nullable: false },
    { name: 'big', type: 'int64', nullable: true },
    { name: 'f', type: 'float64', nullable: true },
    { name: 'r', type: 'float32', nullable: true },
    { name: 'flag', type: 'boolean', nullable: true },
    { name: 'at', type: 'timestamp', nullable: false },
    { name: 'day', type: 'date', nullable: true },
    { name: 'tags', type: 'string_list', nullable: true },
    { name: 'req_tags', type: 'string_list', nullable: false },
    { name: 'markets', type: 'string_list', nullable: true, listAsJson: true },
    { name: 'doc', type: 'json', nullable: true },
    // One value in every row: a dictionary of one entry, its indices zero bits wide.
    { name: 'kind', type: 'string', nullable: false },
  ],
  extract: { kind: 'incremental_by_watermark', watermarkColumn: 'at' },
  load: 'upsert',
  allowAddColumns: false,
};

const ROWS = 3_000;
const GROUP = 1_000;
// 'costarring' and 'liquid' share their FNV-1a hash, as do 'altarage' and 'zinke': the dictionary
// must still tell them apart.
const CATS = ['pop', 'costarring', 'rock', 'liquid', 'jazz', 'ünïcødé 🎵', '', 'altarage', 'zinke'];
const MARKETS = [Object.freeze(['AD', 'AE']), Object.freeze(['SE']), Object.freeze([])];
const BASE_MS = Date.UTC(2024, 4, 1, 12, 0, 0, 123);

/** Row i as the typers hand it over: text without min/max as bytes or (a fallback line) a string. */
function row(i: number): SilverValue[] {
  const asBytes = (text: string): SilverValue => (i % 7 === 0 ? text : Buffer.from(text));
  return [
    // The key as bytes or as a string: its min and max compare both the same way.
    asBytes(`k${String(i).padStart(5, '0')}`),
    i % 11 === 0 ? null : asBytes(CATS[i % CATS.length] as string),
    i % 13 === 0 ? null : asBytes(`https://api.example/tracks/${i}-${'x'.repeat(i % 40)}`),
    i % 17 === 0 ? null : (i % 9) - 4,
    (i % 3) * 16_000 - 16_000,
    i % 19 === 0 ? null : BigInt(i) * 3_000_000_000n - 4_000_000_000_000n,
    i % 23 === 0 ? null : i === 5 ? -0 : (i - 1500) / 7,
    i % 29 === 0 ? null : i / 4,
    i % 31 === 0 ? null : i % 2 === 0,
    // Not in key order, so min and max are not simply the first and last row.
    new Date(BASE_MS + ((i * 7919) % ROWS) * 1000),
    i % 37 === 0 ? null : new Date(Date.UTC(2000, 0, 1) + (i % 400) * 86_400_000),
    i % 41 === 0 ? null : i % 5 === 0 ? [] : [`t${i % 3}`, `t${i % 4}`, 'ü'],
    i % 6 === 0 ? [] : [`only${i % 2}`],
    i % 43 === 0 ? null : (MARKETS[i % MARKETS.length] as SilverValue),
    i % 47 === 0 ? null : { id: i, name: `doc ${i}`, nested: [1, 'two', null] },
    asBytes('track'),
  ];
}

async function encode(): Promise<Buffer> {
  const writer = new ByteWriter();
  const encoder = new SilverEncoder(
    table,
    silverLayout(table),
    writer,
    'LZ4_RAW',
    COMPRESSORS.LZ4_RAW as Compress,
  );
  for (let i = 0; i < ROWS; i += 1) {
    encoder.appendRow(row(i));
    if (encoder.bufferedRows >= GROUP) {
      encoder.writeRowGroup();
    }
  }
  encoder.finish();
  return Buffer.from(writer.getBytes());
}

describe('SilverEncoder', () => {
  let dir: string;
  let path: string;
  let query: (sql: string) => Promise<Record<string, unknown>[]>;
  let close: () => void;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'silver-encoder-test-'));
    path = join(dir, 'part.parquet');
    await writeFile(path, await encode());
    const duck = await DuckDBInstance.create(':memory:');
    const connection = await duck.connect();
    query = async (sql) =>
      (await connection.runAndReadAll(sql.replaceAll('PATH', `'${path}'`))).getRowObjectsJS();
    close = () => {
      connection.closeSync();
      duck.closeSync();
    };
  });

  afterAll(async () => {
    close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every type so that DuckDB reads each value back as it was given', async () => {
    const rows =
      await query(`SELECT id, cat, uniq, n, small, big::varchar AS big, f, r::double AS r,
      flag, epoch_ms("at") AS at_ms, "day"::varchar AS "day", to_json(tags)::varchar AS tags,
      to_json(req_tags)::varchar AS req_tags, markets::varchar AS markets, doc::varchar AS doc, kind
      FROM read_parquet(PATH) ORDER BY id`);
    const text = (value: SilverValue): string | null =>
      value === null
        ? null
        : value instanceof Uint8Array
          ? Buffer.from(value).toString()
          : (value as string);
    const expected = Array.from({ length: ROWS }, (_, i) => {
      const [id, cat, uniq, n, small, big, f, r, flag, at, day, tags, reqTags, markets, doc, kind] =
        row(i);
      return {
        id: text(id ?? null),
        cat: text(cat ?? null),
        uniq: text(uniq ?? null),
        n,
        small,
        big: big === null ? null : (big as bigint).toString(),
        f,
        r,
        flag,
        at_ms: BigInt((at as Date).getTime()),
        day: day === null ? null : (day as Date).toISOString().slice(0, 10),
        tags: tags === null ? null : JSON.stringify(tags),
        req_tags: JSON.stringify(reqTags),
        markets: markets === null ? null : JSON.stringify(markets),
        doc: doc === null ? null : JSON.stringify(doc),
        kind: text(kind ?? null),
      };
    });
    expect(rows).toHaveLength(ROWS);
    // Row by row: a diff of 3,000 rows would bury the one that differs.
    for (let i = 0; i < ROWS; i += 1) {
      expect(rows[i]).toEqual(expected[i]);
    }
  });

  it('keeps a dictionary for values that repeat and writes PLAIN for values that do not', async () => {
    const chunks = await query(`SELECT row_group_id, path_in_schema, encodings
      FROM parquet_metadata(PATH) WHERE path_in_schema IN ('cat', 'uniq', 'n', 'markets', 'id', 'kind')
      ORDER BY row_group_id, path_in_schema`);
    const encodings = new Map<string, Set<string>>();
    for (const chunk of chunks) {
      const name = String(chunk.path_in_schema);
      const known = encodings.get(name) ?? new Set<string>();
      for (const encoding of String(chunk.encodings).split(/[^A-Z_]+/)) {
        if (encoding !== '') {
          known.add(encoding);
        }
      }
      encodings.set(name, known);
    }
    expect(chunks).toHaveLength(18);
    expect([...(encodings.get('kind') ?? [])].sort()).toEqual(['PLAIN', 'RLE_DICTIONARY']);
    expect([...(encodings.get('cat') ?? [])].sort()).toEqual(['PLAIN', 'RLE_DICTIONARY']);
    expect([...(encodings.get('n') ?? [])].sort()).toEqual(['PLAIN', 'RLE_DICTIONARY']);
    expect([...(encodings.get('markets') ?? [])].sort()).toEqual(['PLAIN', 'RLE_DICTIONARY']);
    // Unique URLs: the dictionary is given up within the first chunk, PLAIN from then on.
    expect([...(encodings.get('uniq') ?? [])]).toEqual(['PLAIN']);
    expect([...(encodings.get('id') ?? [])]).toEqual(['PLAIN']);
  });

  it('records the true min and max of the key and the watermark in each row group', async () => {
    const stats =
      await query(`SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value,
      stats_null_count FROM parquet_metadata(PATH) WHERE path_in_schema IN ('id', 'at', 'cat')
      ORDER BY row_group_id, path_in_schema`);
    const expected = [];
    for (let group = 0; group < ROWS / GROUP; group += 1) {
      const rows = Array.from({ length: GROUP }, (_, j) => row(group * GROUP + j));
      const times = rows.map((values) => (values[9] as Date).getTime());
      const iso = (ms: number): string =>
        new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00');
      expect(rows.length).toBe(GROUP);
      expected.push(
        {
          row_group_id: BigInt(group),
          path_in_schema: 'at',
          stats_min_value: iso(Math.min(...times)),
          stats_max_value: iso(Math.max(...times)),
          stats_null_count: 0n,
        },
        // Text without min/max: no statistics at all, as no reader prunes by it.
        {
          row_group_id: BigInt(group),
          path_in_schema: 'cat',
          stats_min_value: null,
          stats_max_value: null,
          stats_null_count: null,
        },
        {
          row_group_id: BigInt(group),
          path_in_schema: 'id',
          stats_min_value: `k${String(group * GROUP).padStart(5, '0')}`,
          stats_max_value: `k${String(group * GROUP + GROUP - 1).padStart(5, '0')}`,
          stats_null_count: 0n,
        },
      );
    }
    expect(stats).toEqual(expected);
  });
});
