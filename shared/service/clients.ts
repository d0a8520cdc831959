// Opens the clients a process needs, once, and closes them in reverse order. Core code receives
// them as arguments and never creates its own.

import type { S3Client } from '@aws-sdk/client-s3';
import type { Redis } from 'ioredis';
import type { Pool as MysqlPool } from 'mysql2';
import type pg from 'pg';
import { createMysqlPool } from '../clients/mysql';
import { createPgPool } from '../clients/pg';
import { createRedis } from '../clients/redis';
import { createS3 } from '../clients/s3';
import type { Config } from '../config';
import type { LakeStore } from '../lake/objects';

export interface Clients {
  redis: Redis;
  warehouse: pg.Pool;
  mysql: MysqlPool;
  s3: S3Client;
  store: LakeStore;
  close(): Promise<void>;
}

const CLOSE_BOUND_MS = 2_000;

async function withinBound(closing: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_BOUND_MS);
    timer.unref();
  });
  try {
    await Promise.race([closing, bound]);
  } finally {
    clearTimeout(timer);
  }
}

export function openClients(config: Config, role: 'worker' | 'producer', name: string): Clients {
  const redis = createRedis(config, role);
  const warehouse = createPgPool(config, { applicationName: `spotlake-${name}` });
  const mysql = createMysqlPool(config);
  const s3 = createS3(config);
  return {
    redis,
    warehouse,
    mysql,
    s3,
    store: { s3, bucket: config.s3.bucket },
    async close() {
      s3.destroy();
      // A job released at shutdown may still hold a connection in a query that does not answer
      // (a locked table); ending waits for it. Past the bound, the process exit closes it.
      await withinBound(new Promise<void>((resolve) => mysql.end(() => resolve())));
      await withinBound(warehouse.end());
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
