// PG_SSL_MODE makes the client demand TLS, as RDS for PostgreSQL 15+ does by default. The local
// test server runs without TLS, so a demanding client is refused and a plain one is not.

import { loadConfig } from '../config';
import { createPgPool } from './pg';

async function selectOne(env: NodeJS.ProcessEnv): Promise<unknown> {
  const pool = createPgPool(loadConfig({ ...process.env, PG_DATABASE: 'postgres', ...env }), {
    max: 1,
  });
  try {
    const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
    return rows[0]?.one;
  } finally {
    await pool.end();
  }
}

describe('createPgPool', () => {
  it('connects in plain text with PG_SSL_MODE=disable, the laptop default', async () => {
    await expect(selectOne({ PG_SSL_MODE: 'disable' })).resolves.toBe(1);
  });

  it.each(['verify-full', 'no-verify'])(
    'refuses a server without TLS with PG_SSL_MODE=%s',
    async (mode) => {
      await expect(selectOne({ PG_SSL_MODE: mode })).rejects.toThrow(
        'The server does not support SSL connections',
      );
    },
  );
});
