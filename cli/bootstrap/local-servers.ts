// Finds the servers the pipeline needs at their configured addresses, and starts a local one when
// nothing answers on loopback: the same commands a Debian machine uses. When it cannot, the error
// says what is missing and how to provide it.

import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createS3 } from '../../shared/clients/s3';
import type { Config } from '../../shared/config';
import { waitUntil } from './wait-until';

export type ServerName = 'redis' | 'postgres' | 'mysql' | 's3';

export interface ServerStatus {
  name: ServerName;
  target: string;
  action: 'found' | 'started';
}

export class MissingServerError extends Error {
  constructor(name: ServerName, target: string, hint: string) {
    super(`${name} is not answering at ${target} and could not be started: ${hint}`);
    this.name = 'MissingServerError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '')
    .split(':')
    .concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    const candidate = join(dir, command);
    if (dir !== '' && existsSync(candidate)) {
      return candidate;
    }
  }
  return null;
}

async function answers(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch {
    // Not answering is the expected answer while a server is down or starting.
    return false;
  }
}

export function probeRedis(config: Config): Promise<boolean> {
  return answers(async () => {
    const redis = new Redis({
      host: config.redis.host,
      port: config.redis.port,
      password: config.redis.password?.reveal(),
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  });
}

export function probePostgres(config: Config): Promise<boolean> {
  return answers(async () => {
    const client = new pg.Client({
      host: config.pg.host,
      port: config.pg.port,
      user: config.pg.user,
      password: config.pg.password.isEmpty() ? undefined : config.pg.password.reveal(),
      database: 'postgres',
      connectionTimeoutMillis: 2_000,
    });
    await client.connect();
    await client.end();
  });
}

export function probeMysql(config: Config): Promise<boolean> {
  return answers(async () => {
    const connection = await createConnection({
      host: config.mysql.host,
      port: config.mysql.port,
      user: config.mysql.user,
      password: config.mysql.password.reveal(),
      connectTimeout: 2_000,
    });
    await connection.end();
  });
}

export function probeS3(config: Config): Promise<boolean> {
  return answers(async () => {
    const s3 = createS3(config);
    try {
      await s3.send(new ListBucketsCommand({}));
    } finally {
      s3.destroy();
    }
  });
}

async function ensure(
  name: ServerName,
  target: string,
  host: string,
  probe: () => Promise<boolean>,
  start: () => string | null,
): Promise<ServerStatus> {
  if (await probe()) {
    return { name, target, action: 'found' };
  }
  if (!LOOPBACK.has(host)) {
    throw new MissingServerError(
      name,
      target,
      'it is not on this machine; check the host, port and credentials',
    );
  }
  const missing = start();
  if (missing !== null) {
    throw new MissingServerError(name, target, missing);
  }
  await waitUntil(`${name} at ${target}`, probe, 30_000);
  return { name, target, action: 'started' };
}

export function ensureRedis(config: Config): Promise<ServerStatus> {
  const { host, port } = config.redis;
  return ensure(
    'redis',
    `${host}:${port}`,
    host,
    () => probeRedis(config),
    () => {
      const binary = onPath('redis-server');
      if (binary === null) {
        return 'install Redis 6.2+ (apt-get install redis-server) or set REDIS_HOST/REDIS_PORT';
      }
      execFileSync(binary, [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '--port',
        String(port),
        '--save',
        '',
        '--appendonly',
        'no',
      ]);
      return null;
    },
  );
}

export function ensurePostgres(config: Config): Promise<ServerStatus> {
  const { host, port } = config.pg;
  return ensure(
    'postgres',
    `${host}:${port}`,
    host,
    () => probePostgres(config),
    () => {
      const binary = onPath('pg_ctlcluster');
      const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
      if (binary === null || versions.length === 0) {
        return 'install PostgreSQL 13+ (apt-get install postgresql) or set PG_HOST/PG_PORT/PG_USER';
      }
      execFileSync(binary, [
        '--skip-systemctl-redirect',
        versions.sort().at(-1) ?? '',
        'main',
        'start',
      ]);
      return null;
    },
  );
}

export function ensureMysql(config: Config): Promise<ServerStatus> {
  const { host, port } = config.mysql;
  return ensure(
    'mysql',
    `${host}:${port}`,
    host,
    () => probeMysql(config),
    () => {
      const daemon = onPath('mariadbd') ?? onPath('mysqld');
      const launcher = onPath('start-stop-daemon');
      if (daemon === null || launcher === null) {
        return 'install MariaDB 10.6+ or MySQL 8 (apt-get install mariadb-server) or set MYSQL_HOST/MYSQL_PORT/MYSQL_USER';
      }
      execFileSync(launcher, ['--start', '--oknodo', '--background', '--exec', daemon]);
      return null;
    },
  );
}

export interface LocalS3 {
  status: ServerStatus;
  /** The s3rver child this process started; null when a server was already answering. */
  child: ChildProcess | null;
}

/** Starts s3rver with the two workarounds local-stack-facts names; see README "Local S3". */
export async function ensureS3(config: Config, dataDir: string): Promise<LocalS3> {
  const endpoint = config.s3.endpoint;
  if (endpoint === undefined) {
    return { status: { name: 's3', target: 'aws', action: 'found' }, child: null };
  }
  const url = new URL(endpoint);
  const started: { child: ChildProcess | null } = { child: null };
  const status = await ensure(
    's3',
    endpoint,
    url.hostname,
    () => probeS3(config),
    () => {
      mkdirSync(dataDir, { recursive: true });
      const s3rver = require.resolve('s3rver/bin/s3rver.js');
      // --openssl-legacy-provider: s3rver encrypts ListObjectsV2 continuation tokens with DES, which
      // Node's OpenSSL 3 refuses without it, so every listing past one page would fail.
      started.child = spawn(
        process.execPath,
        [
          '--openssl-legacy-provider',
          s3rver,
          '--directory',
          dataDir,
          '--address',
          url.hostname,
          '--port',
          url.port || '80',
          '--silent',
          '--no-vhost-buckets',
        ],
        { stdio: 'ignore' },
      );
      return null;
    },
  );
  return { status, child: started.child };
}
