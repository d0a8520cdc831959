// Hostile identifiers come out quoted: used as real table names they create exactly that table
// and nothing is dropped (after kysely's sql-injection test).

import { listTables } from '../catalog';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { qualifiedPg, quoteMysql, quotePg } from './quote';

const HOSTILE = [
  'robert"); DROP TABLE spotify.spotify_artists; --',
  'a"b',
  "x'; DELETE FROM spotify.spotify_artists; --",
  'name with spaces',
];

describe('identifier quoting', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('turns hostile PostgreSQL identifiers into plain table names', async () => {
    for (const name of HOSTILE) {
      await env.clients.warehouse.query(`CREATE TABLE ${qualifiedPg('staging', name)} (id int)`);
    }
    const tables = await env.clients.warehouse.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname IN ('staging', 'spotify') ORDER BY tablename",
    );
    expect(tables.rows.map((row) => row.tablename).sort()).toEqual(
      [...HOSTILE, ...listTables().map((table) => table.name)].sort(),
    );
  });

  it('turns hostile MySQL identifiers into plain table names', async () => {
    const mysql = env.clients.mysql.promise();
    for (const name of HOSTILE) {
      await mysql.query(`CREATE TABLE ${quoteMysql(name.replace(/"/g, '`'))} (id INT)`);
    }
    const [rows] = await mysql.query('SHOW TABLES');
    expect((rows as Record<string, string>[]).length).toBe(HOSTILE.length + 4);
  });

  it('doubles embedded quotes', () => {
    expect(quotePg('a"b')).toBe('"a""b"');
    expect(quoteMysql('a`b')).toBe('`a``b`');
  });
});
