// Runs work on one pooled connection with foreign-key checks off, and turns them back on before the
// connection returns to the pool: a session setting outlives the work that made it.

import type { Pool, PoolConnection } from 'mysql2/promise';

export async function withoutKeyChecks<T>(
  mysql: Pool,
  work: (connection: PoolConnection) => Promise<T>,
): Promise<T> {
  const connection = await mysql.getConnection();
  let isRestored = false;
  try {
    await connection.query('SET SESSION foreign_key_checks = 0');
    const result = await work(connection);
    await connection.query('SET SESSION foreign_key_checks = 1');
    isRestored = true;
    return result;
  } finally {
    if (isRestored) {
      connection.release();
    } else {
      // The work failed midway (or the reset did): a connection in an unknown state is not reused.
      connection.destroy();
    }
  }
}
