// mysql2 pool factory. Values come back as the server printed them (dates, decimals and JSON as
// strings), so bronze holds what MySQL holds and typing happens once, in the s3-loader.

import { createPool } from 'mysql2';
import type { Pool } from 'mysql2';
import type { Config } from '../config';

export interface MysqlOptions {
  database?: string | null;
  connectionLimit?: number;
}

export function createMysqlPool(config: Config, options: MysqlOptions = {}): Pool {
  const database = options.database === undefined ? config.mysql.database : options.database;
  const pool = createPool({
    host: config.mysql.host,
    port: config.mysql.port,
    user: config.mysql.user,
    password: config.mysql.password.reveal(),
    database: database ?? undefined,
    connectionLimit: options.connectionLimit ?? 4,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    jsonStrings: true,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    multipleStatements: false,
  });
  // TIMESTAMP values are printed in the session's zone; UTC makes bronze and watermarks unambiguous.
  pool.on('connection', (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  return pool;
}

export function describeMysql(config: Config): string {
  return `${config.mysql.host}:${config.mysql.port}/${config.mysql.database}`;
}
