// Gets a machine ready to run the pipeline: finds or starts Redis, PostgreSQL, MySQL and the local
// S3 server, then creates the databases, tables and bucket. `spotlake up` and the test suite
// both run it.

import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Config } from '../../shared/config';
import { ensureBucket, migrateSource, migrateWarehouse } from './prepare-stores';
import { ensureMysql, ensurePostgres, ensureRedis, ensureS3 } from './local-servers';
import type { ServerStatus } from './local-servers';
import { resolveBronzeCodec } from '../../shared/lake/compression';
import type { BronzeCodecSetting } from '../../shared/lake/compression';

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
  report(bronzeCodecLine(config.tuning.bronzeCodec));
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

/** What bronze will be written as, and what to install when zstd is missing. */
export function bronzeCodecLine(setting: BronzeCodecSetting): string {
  if (setting === 'gzip') {
    return 'bronze   gzip (BRONZE_CODEC=gzip)';
  }
  // resolveBronzeCodec throws, with what to install, when zstd is demanded and missing.
  return resolveBronzeCodec(setting) === 'zstd'
    ? 'bronze   zstd (the zstd command)'
    : 'bronze   gzip: no zstd command here (apt-get install zstd for less CPU and a smaller lake)';
}
