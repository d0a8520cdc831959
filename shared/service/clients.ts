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
      await new Promise<void>((resolve) => mysql.end(() => resolve()));
      await warehouse.end();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
