// Checks that each server the pipeline needs answers: Redis, MySQL, PostgreSQL and S3. A failure
// names the server and its host, never a credential.

import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { Config } from '../config';
import { describeMysql } from '../clients/mysql';
import { describePg } from '../clients/pg';
import { describeRedis } from '../clients/redis';
import { describeS3 } from '../clients/s3';
import type { Clients } from './clients';

export interface HealthCheck {
  ok: boolean;
  target: string;
  ms: number;
  error?: string;
}

export interface Health {
  ok: boolean;
  checks: Record<'redis' | 'mysql' | 'postgres' | 's3', HealthCheck>;
}

const TIMEOUT_MS = 3_000;

async function timed(target: string, probe: () => Promise<unknown>): Promise<HealthCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)),
          TIMEOUT_MS,
        );
      }),
    ]);
    return { ok: true, target, ms: Math.round(performance.now() - started) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, target, ms: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(clients: Clients, config: Config): Promise<Health> {
  const [redis, mysql, postgres, s3] = await Promise.all([
    timed(describeRedis(config), () => clients.redis.ping()),
    timed(describeMysql(config), () => clients.mysql.promise().query('SELECT 1')),
    timed(describePg(config), () => clients.warehouse.query('SELECT 1')),
    timed(describeS3(config), () =>
      clients.s3.send(new HeadBucketCommand({ Bucket: config.s3.bucket })),
    ),
  ]);
  return {
    ok: redis.ok && mysql.ok && postgres.ok && s3.ok,
    checks: { redis, mysql, postgres, s3 },
  };
}
