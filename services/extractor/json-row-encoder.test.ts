// The extractor's row lines against MySQL's own JSON_ARRAY of the same rows, on a real MariaDB:
// every control character, quotes and backslashes, Unicode, NULLs, and each numeric, text and time
// type, parse to the same values; lines kept unreleased stay intact while later rows fill buffers.

import type { Pool } from 'mysql2';
import { quoteMysql } from '../../shared/sql/quote';
import { seededRandom } from '../../test/seeded-random';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { JsonRowEncoder } from './json-row-encoder';

const COLUMNS = [
  ['id', 'INT NOT NULL PRIMARY KEY'],
  ['t', 'TEXT NULL'],
  ['v', 'VARCHAR(300) NULL'],
  ['tiny', 'TINYINT NULL'],
  ['small', 'SMALLINT NULL'],
  ['medium', 'MEDIUMINT NULL'],
  ['big', 'BIGINT NULL'],
  ['f', 'FLOAT NULL'],
  ['d', 'DOUBLE NULL'],
  ['dec', 'DECIMAL(12, 4) NULL'],
  ['at', 'TIMESTAMP NULL'],
  ['day', 'DATE NULL'],
  ['yr', 'YEAR NULL'],
] as const;

/** Every control character, quote and backslash, and text beyond ASCII, in random runs. */
const PIECES = [
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)),
  '"',
  '\\',
  '/',
  "'",
  'a',
  ' ',
  'é',
  '東京',
  '🎸',
  '\u2028',
  '\u007f',
  'x'.repeat(50),
];

function rowsOf(count: number): unknown[][] {
  const next = seededRandom(5);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const maybe = (value: unknown): unknown => (next() < 0.2 ? null : value);
  return Array.from({ length: count }, (_, id) => [
    id,
    maybe(Array.from({ length: Math.floor(next() * 30) }, () => pick(PIECES)).join('')),
    maybe(Array.from({ length: Math.floor(next() * 8) }, () => pick(PIECES)).join('')),
    maybe(pick([-128, 127, 0])),
    maybe(pick([-32768, 32767, 1])),
    maybe(pick([-8388608, 8388607])),
    maybe(pick(['-9223372036854775808', '9223372036854775807', '42'])),
    maybe(pick([3.4e38, 1.17549e-38, -0.5, 0])),
    maybe(pick([1.7976931348623157e308, 2.2250738585072014e-308, 0.1 + 0.2, -1e-300, 5e-324])),
    maybe(pick(['12345678.1234', '-0.0001', '0'])),
    maybe(pick(['2024-02-29 23:59:59', '1970-01-01 00:00:01'])),
    maybe(pick(['0001-01-01', '9999-12-31'])),
    maybe(pick([1901, 2155])),
  ]);
}

async function query(pool: Pool, options: Parameters<Pool['query']>[0]) {
  const [rows, fields] = await pool.promise().query(options);
  return { rows: rows as unknown[][], fields: fields as unknown as { columnType: number }[] };
}

describe('JsonRowEncoder', () => {
  let env: TestEnv;
  const table = quoteMysql('encoder_rows');
  const names = COLUMNS.map(([name]) => quoteMysql(name));

  beforeAll(async () => {
    env = await createTestEnv();
    const mysql = env.clients.mysql.promise();
    await mysql.query(
      `CREATE TABLE ${table} (${COLUMNS.map(([name, type]) => `${quoteMysql(name)} ${type}`).join(', ')})`,
    );
    const rows = rowsOf(3_000);
    for (let at = 0; at < rows.length; at += 500) {
      await mysql.query(`INSERT INTO ${table} (${names.join(', ')}) VALUES ?`, [
        rows.slice(at, at + 500),
      ]);
    }
  });

  afterAll(async () => {
    await env.close();
  });

  it('writes lines that parse to what MySQL JSON_ARRAY gives for the same rows', async () => {
    // MySQL's JSON_ARRAY as the extractor had it print the line: BIGINT as its decimal text.
    const printed = names.map((name) => (name === '`big`' ? `CAST(${name} AS CHAR)` : name));
    const expected = await query(env.clients.mysql, {
      sql: `SELECT JSON_ARRAY(${printed.join(', ')}) FROM ${table} ORDER BY id`,
      rowsAsArray: true,
    });
    const raw = await query(env.clients.mysql, {
      sql: `SELECT ${names.join(', ')}, ${quoteMysql('at')} AS watermark FROM ${table} ORDER BY id`,
      rowsAsArray: true,
      typeCast: false,
    });
    const encoder = new JsonRowEncoder(names.length);
    encoder.setFields(raw.fields);
    expect(raw.rows).toHaveLength(expected.rows.length);
    raw.rows.forEach((row, i) => {
      const line = encoder.encode(row as (Buffer | null)[]).toString('utf8');
      const mysqlLine = expected.rows[i]?.[0] as string;
      expect({ id: i, values: JSON.parse(line) as unknown }).toEqual({
        id: i,
        values: JSON.parse(mysqlLine) as unknown,
      });
      // The watermark after the line's fields is left to the caller, as MySQL printed it.
      const watermark = (row[names.length] as Buffer | null)?.toString('latin1') ?? null;
      expect(watermark).toBe((JSON.parse(mysqlLine) as unknown[])[10]);
    });
  });

  it('refuses to encode a row before it knows which columns are numbers', () => {
    expect(() => new JsonRowEncoder(1).encode([Buffer.from('1')])).toThrow(
      "the result's column definitions came after its first row",
    );
  });
});
