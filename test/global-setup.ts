// Runs once before the suite: the same bootstrap as `spotlake up` (find or start Redis, PostgreSQL,
// MySQL; start a private s3rver on a free port), then a migrated template database that every test
// file copies.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../cli/bootstrap/bootstrap';
import { migrateWarehouse } from '../cli/bootstrap/prepare-stores';
import { loadConfig } from '../shared/config';
import { dropPgDatabase } from '../cli/bootstrap/prepare-stores';
import { freePort } from '../cli/bootstrap/free-port';

export default async function globalSetup(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'spotlake-test-'));
  process.env.SPOTLAKE_HOME = home;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.S3_ENDPOINT = `http://127.0.0.1:${await freePort()}`;
  process.env.S3_BUCKET = 'spotlake-test';
  const template = `spotlake_test_template_${process.pid}`;
  process.env.SPOTLAKE_TEST_TEMPLATE = template;
  process.env.PG_DATABASE = template;
  process.env.MYSQL_DATABASE = 'spotlake_test_source';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  const config = loadConfig();
  const booted = await bootstrap(config, () => undefined);
  await migrateWarehouse(config, template);
  (globalThis as { spotlakeTestStop?: () => Promise<void> }).spotlakeTestStop = async () => {
    await booted.stop();
    await dropPgDatabase(config, template);
  };
}
