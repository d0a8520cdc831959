// pg pool factory. Every session runs in UTC so timestamps round-trip unchanged.

import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import type { Config } from '../config';

/**
 * TLS for PG_SSL_MODE. Managed servers (RDS for PostgreSQL 15+) refuse plain connections;
 * verify-full checks the certificate against Node's CAs plus NODE_EXTRA_CA_CERTS (the RDS bundle).
 */
export function pgSsl(config: Config): false | ConnectionOptions {
  switch (config.pg.sslMode) {
    case 'disable':
      return false;
    case 'no-verify':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return { rejectUnauthorized: true };
  }
}

export interface PgOptions {
  database?: string;
  max?: number;
  applicationName?: string;
}

export function createPgPool(config: Config, options: PgOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    host: config.pg.host,
    port: config.pg.port,
    user: config.pg.user,
    password: config.pg.password.isEmpty() ? undefined : config.pg.password.reveal(),
    database: options.database ?? config.pg.database,
    ssl: pgSsl(config),
    max: options.max ?? 4,
    application_name: options.applicationName ?? 'spotlake',
    options: '-c timezone=UTC',
  });
  // An idle client whose connection the server ends (a restart, pg_terminate_backend, a DROP
  // DATABASE ... WITH (FORCE) while the pool is closing) is already discarded by the pool, and the
  // next query opens a new connection. That is the whole handling: without a listener, pg-pool
  // re-emits the error on the pool and the process dies of an unhandled 'error' event.
  pool.on('error', () => undefined);
  // The same for a client checked out when its connection dies (a commit whose backend is
  // terminated): pg-pool listens only while the client is idle, so the 'error' event would kill
  // the process. The error also rejects the query in flight (or the next one), where the caller
  // handles it, and pg-pool discards the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

export function describePg(config: Config, database = config.pg.database): string {
  return `${config.pg.host}:${config.pg.port}/${database}`;
}

/**
 * Runs `work` on one client inside BEGIN ... COMMIT; any error rolls back and is rethrown, and the
 * client always goes back to the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
