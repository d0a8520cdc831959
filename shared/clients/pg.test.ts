// PG_SSL_MODE makes the client demand TLS, as RDS for PostgreSQL 15+ does by default. The local
// test server runs without TLS, so a demanding client is refused and a plain one is not. A client
// whose backend dies while checked out fails its query instead of the process.

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

  it('fails the query of a checked-out client whose backend is terminated, and the pool goes on', async () => {
    const pool = createPgPool(loadConfig({ ...process.env, PG_DATABASE: 'postgres' }), { max: 2 });
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const ended = new Promise((resolve) => client.once('end', resolve));
      const sleeping = client.query('SELECT pg_sleep(60)');
      await pool.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);

      await expect(sleeping).rejects.toThrow('terminating connection due to administrator command');
      // The connection's 'error' event has been emitted by the time it ends.
      await ended;
      client.release();
      await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await pool.end();
    }
  });
});
