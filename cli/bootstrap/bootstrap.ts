// Gets a machine ready to run the pipeline: finds or starts Redis, PostgreSQL, MySQL and the local
// S3 server, then creates the databases, tables and bucket. `spotlake up` and the test suite
// both run it.

import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Config } from '../../shared/config';
import { ensureBucket, migrateSource, migrateWarehouse } from './prepare-stores';
import { ensureMysql, ensurePostgres, ensureRedis, ensureS3 } from './local-servers';
import type { ServerStatus } from './local-servers';

export interface Bootstrapped {
  servers: ServerStatus[];
  migrations: string[];
  /** The s3rver child started here, if any; stop() ends it. */
  s3Child: ChildProcess | null;
  stop: () => Promise<void>;
}

export async function bootstrap(
  config: Config,
  report: (line: string) => void,
): Promise<Bootstrapped> {
  const servers = await Promise.all([
    ensureRedis(config),
    ensurePostgres(config),
    ensureMysql(config),
  ]);
  const s3 = await ensureS3(config, join(config.home, 's3'));
  servers.push(s3.status);
  for (const server of servers) {
    report(
      `${server.name.padEnd(8)} ${server.action === 'found' ? 'found at' : 'started at'} ${server.target}`,
    );
  }
  const migrations = [...(await migrateWarehouse(config)), ...(await migrateSource(config))];
  if (migrations.length > 0) {
    report(`applied migrations: ${migrations.join(', ')}`);
  }
  if (await ensureBucket(config)) {
    report(`created bucket ${config.s3.bucket}`);
  }
  const child = s3.child;
  return {
    servers,
    migrations,
    s3Child: child,
    async stop() {
      if (child !== null && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
