// `spotlake seed --from <dir>`: loads the Kaggle CSVs of a directory into the MySQL source, with a
// progress bar per file. Exits 0 when every row loaded, 2 when some were rejected (the summary says
// how many and where they are listed), 1 when the seed itself failed.

import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { createMysqlPool, describeMysql } from '../../shared/clients/mysql';
import { loadConfig } from '../../shared/config';
import { migrateSource } from '../bootstrap/prepare-stores';
import { createProgress } from '../progress';
import type { Progress } from '../progress';
import type { SeedMethod } from '../seed/seed-csv';
import { seedDirectory } from '../seed/seed-directory';
import type { SeedDirectoryResult } from '../seed/seed-directory';

interface SeedFlags {
  from: string;
  rejects?: string;
  method: SeedMethod;
}

export const EXIT_REJECTED = 2;

function parseMethod(value: string): SeedMethod {
  if (value !== 'auto' && value !== 'insert' && value !== 'load-data') {
    throw new InvalidArgumentError('one of auto, insert, load-data');
  }
  return value;
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Prints the summary and returns the exit status: 0, or EXIT_REJECTED when rows were rejected. */
export function reportSeed(result: SeedDirectoryResult): number {
  let rejected = 0;
  for (const table of result.tables) {
    const seconds = table.ms / 1000;
    const rate = Math.round(table.loaded / Math.max(seconds, 0.001));
    const where = table.rejectFile === null ? '' : ` (listed in ${table.rejectFile})`;
    say(
      `${table.table}: ${table.loaded} rows loaded, ${table.rejected} rejected${where}; ` +
        `${seconds.toFixed(1)} s, ${rate} rows/s by ${table.method}`,
    );
    rejected += table.rejected;
  }
  for (const name of result.missing) {
    say(`${name}: no ${name}.csv in the directory, not seeded`);
  }
  for (const report of result.orphans.filter((orphan) => orphan.orphans > 0)) {
    say(
      `${report.table}.${report.column}: ${report.orphans} rows refer to no ${report.references} ` +
        `(kept; listed in ${report.file ?? '-'})`,
    );
  }
  say(rejected === 0 ? 'seeded: no row rejected' : `seeded with ${rejected} rows rejected`);
  return rejected === 0 ? 0 : EXIT_REJECTED;
}

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('load spotify_{artists,albums,tracks}.csv (Kaggle format) into the MySQL source')
    .requiredOption('--from <dir>', 'directory holding the Kaggle CSV files')
    .option('--rejects <dir>', 'where rejected rows are listed (default: $SPOTLAKE_HOME/rejects)')
    .option(
      '--method <how>',
      'auto (LOAD DATA LOCAL into an empty table, else batched upserts), insert or load-data',
      parseMethod,
      'auto',
    )
    .action(async (flags: SeedFlags) => {
      const config = loadConfig();
      const rejectDir = resolve(flags.rejects ?? join(config.home, 'rejects'));
      await mkdir(rejectDir, { recursive: true });
      await migrateSource(config);
      say(`seeding ${describeMysql(config)} from ${resolve(flags.from)}`);
      const pool = createMysqlPool(config, { connectionLimit: 2 });
      const progress: { bar: Progress | null; total: number } = { bar: null, total: 0 };
      const finishBar = (): void => {
        progress.bar?.update(progress.total);
        progress.bar?.stop();
      };
      try {
        const result = await seedDirectory(resolve(flags.from), {
          mysql: pool.promise(),
          rejectDir,
          method: flags.method,
          onTableStart(table, file) {
            finishBar();
            progress.total = Math.max(1, Math.ceil(statSync(file).size / 1e6));
            progress.bar = createProgress(table, progress.total, 'MB');
          },
          onProgress: (_table, bytes) =>
            progress.bar?.update(Math.min(progress.total, Math.floor(bytes / 1e6))),
        });
        finishBar();
        process.exitCode = reportSeed(result);
      } finally {
        await pool.promise().end();
      }
    });
}
