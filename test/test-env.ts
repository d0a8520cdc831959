// One isolated environment per test file: its own PostgreSQL database (copied from the migrated
// template), MySQL database, S3 bucket and BullMQ prefix, so files run in parallel without sharing
// state. close() closes every client and drops what it made.

import { randomBytes } from 'node:crypto';
import { ensureBucket, ensurePgDatabase, migrateSource } from '../cli/bootstrap/prepare-stores';
import { loadConfig } from '../shared/config';
import type { Config } from '../shared/config';
import { createLogger } from '../shared/logger';
import type { Logger } from '../shared/logger';
import { openClients } from '../shared/service/clients';
import type { Clients } from '../shared/service/clients';
import { dropMysqlDatabase, dropPgDatabase } from '../cli/bootstrap/prepare-stores';
import { templateDatabase } from './databases';

export interface TestEnv {
  id: string;
  config: Config;
  clients: Clients;
  log: Logger;
  close(): Promise<void>;
}

/** The environment variables of a test environment, for loadConfig or a child process. */
export function testEnvironment(id: string, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PG_DATABASE: id,
    MYSQL_DATABASE: id,
    S3_BUCKET: id.replace(/_/g, '-'),
    QUEUE_PREFIX: id,
    SCHEDULES_ENABLED: 'false',
    ...overrides,
  };
}

export function testConfig(id: string, overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig(testEnvironment(id, overrides));
}

export async function createTestEnv(overrides: NodeJS.ProcessEnv = {}): Promise<TestEnv> {
  const id = `t_${randomBytes(5).toString('hex')}`;
  const config = testConfig(id, overrides);
  await ensurePgDatabase(config, id, templateDatabase());
  await migrateSource(config);
  await ensureBucket(config);
  const clients = openClients(config, 'worker', 'test');
  const log = createLogger({ level: config.logLevel, name: 'test' });
  return {
    id,
    config,
    clients,
    log,
    async close() {
      await clients.close();
      await dropPgDatabase(config, id);
      await dropMysqlDatabase(config, id);
    },
  };
}
