// Test databases: a migrated PostgreSQL template copied per test file, a MySQL database per file.

import pg from 'pg';
import { createPool } from 'mysql2/promise';
import type { Config } from '../shared/config';
import { quoteMysql, quotePg } from '../shared/sql/quote';

/** One template per suite run, so two checkouts can run their suites on one machine at once. */
export function templateDatabase(): string {
  const name = process.env.SPOTLAKE_TEST_TEMPLATE;
  if (name === undefined) {
    throw new Error(
      'SPOTLAKE_TEST_TEMPLATE is unset: run the tests through jest (test/global-setup.ts)',
    );
  }
  return name;
}

function adminClient(config: Config): pg.Client {
  return new pg.Client({
    host: config.pg.host,
    port: config.pg.port,
    user: config.pg.user,
    password: config.pg.password.isEmpty() ? undefined : config.pg.password.reveal(),
    database: 'postgres',
  });
}

export async function dropPgDatabase(config: Config, database: string): Promise<void> {
  const admin = adminClient(config);
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quotePg(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function dropMysqlDatabase(config: Config, database: string): Promise<void> {
  const admin = createPool({
    host: config.mysql.host,
    port: config.mysql.port,
    user: config.mysql.user,
    password: config.mysql.password.reveal(),
    connectionLimit: 1,
  });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteMysql(database)}`);
  } finally {
    await admin.end();
  }
}
