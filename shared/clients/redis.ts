// ioredis factories. Workers wait out a Redis outage; producers (Queue, FlowProducer, the API)
// fail fast so a request gets an error instead of hanging.

import { Redis } from 'ioredis';
import type { Config } from '../config';

export type RedisRole = 'worker' | 'producer';

export function createRedis(config: Config, role: RedisRole): Redis {
  return new Redis({
    host: config.redis.host,
    port: config.redis.port,
    password: config.redis.password?.reveal(),
    // ElastiCache with in-transit encryption speaks TLS only; its certificates chain to public CAs.
    tls: config.redis.isTls ? {} : undefined,
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectionName: `spotlake-${role}`,
    lazyConnect: false,
  });
}

export function describeRedis(config: Config): string {
  return `${config.redis.host}:${config.redis.port}`;
}
