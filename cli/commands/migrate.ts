// `spotlake migrate`: creates what the services write into on servers that already run — the
// warehouse database and its migrations, the lake bucket, and with --source the MySQL source
// tables. The one-shot step of docker compose and of each AWS task; safe to run again, and at
// once from several processes (the PostgreSQL migrations hold an advisory lock).

import type { Command } from 'commander';
import { loadConfig } from '../../shared/config';
import type { Config } from '../../shared/config';
import { ensureBucket, migrateSource, migrateWarehouse } from '../bootstrap/prepare-stores';

export interface MigrateOptions {
  /** Also create the source tables in MySQL: for the compose stack's own MySQL, never a real source. */
  source: boolean;
  /** Create the bucket when missing; off where terraform owns it (and the role may not create). */
  bucket: boolean;
}

export async function migrateStores(
  config: Config,
  options: MigrateOptions,
  report: (line: string) => void,
): Promise<string[]> {
  const applied = await migrateWarehouse(config);
  report(
    `postgres ${config.pg.host}:${config.pg.port}/${config.pg.database}: ${describeApplied(applied)}`,
  );
  if (options.source) {
    const source = await migrateSource(config);
    report(
      `mysql    ${config.mysql.host}:${config.mysql.port}/${config.mysql.database}: ${describeApplied(source)}`,
    );
    applied.push(...source);
  }
  if (options.bucket) {
    const isCreated = await ensureBucket(config);
    report(`s3       ${config.s3.bucket}: ${isCreated ? 'created' : 'exists'}`);
  }
  return applied;
}

function describeApplied(applied: readonly string[]): string {
  return applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`;
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the warehouse migrations and create the lake bucket on running servers')
    .option('--source', 'also create the source tables in MySQL (a demo or compose MySQL)', false)
    .option('--no-bucket', 'leave the lake bucket alone (terraform made it)')
    .action(async (options: MigrateOptions) => {
      await migrateStores(loadConfig(), options, (line) => process.stdout.write(`${line}\n`));
    });
}
