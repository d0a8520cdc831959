// Creates what the pipeline writes into: the warehouse database with its migrations, the MySQL
// source database with its tables, and the lake bucket. Safe to run on every start.

import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { createPool } from 'mysql2/promise';
import type { Pool as MysqlPromisePool } from 'mysql2/promise';
import pg from 'pg';
import { createMysqlPool } from '../../shared/clients/mysql';
import { createPgPool, pgSsl } from '../../shared/clients/pg';
import { createS3 } from '../../shared/clients/s3';
import type { Config } from '../../shared/config';
import { migrateMysql, migratePg } from '../../shared/sql/migrate';
import { quoteMysql, quotePg } from '../../shared/sql/quote';

/** A connection to the server's `postgres` database, for creating and dropping databases. */
function pgAdminClient(config: Config): pg.Client {
  return new pg.Client({
    host: config.pg.host,
    port: config.pg.port,
    user: config.pg.user,
    password: config.pg.password.isEmpty() ? undefined : config.pg.password.reveal(),
    database: 'postgres',
    ssl: pgSsl(config),
  });
}

/** A connection to the MySQL server outside any database. */
function mysqlAdminPool(config: Config): MysqlPromisePool {
  return createPool({
    host: config.mysql.host,
    port: config.mysql.port,
    user: config.mysql.user,
    password: config.mysql.password.reveal(),
    connectionLimit: 1,
  });
}

export async function ensurePgDatabase(
  config: Config,
  database: string,
  template?: string,
): Promise<boolean> {
  const admin = pgAdminClient(config);
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 1) {
      return false;
    }
    const from = template === undefined ? '' : ` TEMPLATE ${quotePg(template)}`;
    await admin.query(`CREATE DATABASE ${quotePg(database)}${from}`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function migrateWarehouse(
  config: Config,
  database = config.pg.database,
): Promise<string[]> {
  await ensurePgDatabase(config, database);
  const pool = createPgPool(config, { database, max: 1 });
  try {
    return await migratePg(pool, ['warehouse', 'pipeline']);
  } finally {
    await pool.end();
  }
}

export async function migrateSource(
  config: Config,
  database = config.mysql.database,
): Promise<string[]> {
  const admin = mysqlAdminPool(config);
  try {
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS ${quoteMysql(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  } finally {
    await admin.end();
  }
  const pool = createMysqlPool(config, { database, connectionLimit: 1 });
  try {
    return await migrateMysql(pool.promise());
  } finally {
    await pool.promise().end();
  }
}

/** Drops a database the benchmark or a test made; connections still open to it are ended. */
export async function dropPgDatabase(config: Config, database: string): Promise<void> {
  const admin = pgAdminClient(config);
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quotePg(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function dropMysqlDatabase(config: Config, database: string): Promise<void> {
  const admin = mysqlAdminPool(config);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteMysql(database)}`);
  } finally {
    await admin.end();
  }
}

export async function ensureBucket(config: Config, bucket = config.s3.bucket): Promise<boolean> {
  const s3 = createS3(config);
  try {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: bucket }));
      return false;
    } catch {
      // HeadBucket fails for a missing bucket (and s3rver answers 404 without a typed error).
    }
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return true;
  } finally {
    s3.destroy();
  }
}
