// `spotlake transform`: build, test and export the SQL models now, without a run, as the transform
// stage would (same function). `--select plays+` builds a model and what depends on it.

import type { Command } from 'commander';
import { runModels } from '../../services/transformer/run-models';
import type { ModelResult } from '../../services/transformer/run-models';
import { createPgPool } from '../../shared/clients/pg';
import { createS3 } from '../../shared/clients/s3';
import { loadConfig } from '../../shared/config';
import { partitionDateSchema } from '../../shared/contracts';
import { createLogger } from '../../shared/logger';

interface TransformOptions {
  select?: string;
  fullRefresh: boolean;
  date: string;
  json: boolean;
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function describe(model: ModelResult): string {
  const rows = model.rows === null ? '' : `${model.rows.toLocaleString('en-US')} rows`;
  const seconds = `${(model.ms / 1000).toFixed(1)} s`;
  return `  ${model.name.padEnd(24)} ${model.materialized.padEnd(12)} ${rows.padStart(14)} ${seconds.padStart(8)}  ${model.goldKey ?? ''}`;
}

export function registerTransform(program: Command): void {
  program
    .command('transform')
    .description(
      'build the SQL models into analytics now, run their tests and export them to gold/',
    )
    .option('-s, --select <selector>', "models to build: 'm', 'm+' (and what depends on it), '+m'")
    .option('--full-refresh', 'rebuild incremental models from scratch', false)
    .option(
      '--date <yyyy-mm-dd>',
      'partition date of the gold export',
      new Date().toISOString().slice(0, 10),
    )
    .option('--json', 'print the result as JSON', false)
    .action(async (options: TransformOptions) => {
      const partitionDate = partitionDateSchema.parse(options.date);
      const config = loadConfig();
      const warehouse = createPgPool(config, { applicationName: 'spotlake-cli', max: 2 });
      const s3 = createS3(config);
      try {
        const result = await runModels(
          { partitionDate, select: options.select, fullRefresh: options.fullRefresh },
          {
            warehouse,
            store: { s3, bucket: config.s3.bucket },
            log: createLogger({ level: 'warn', name: 'transform' }),
            timezone: config.models.timezone,
            goldRowGroupRows: config.models.goldRowGroupRows,
            workMem: config.models.workMem,
            onModelDone: options.json ? undefined : (model) => say(describe(model)),
          },
        );
        say(
          options.json
            ? JSON.stringify(result, null, 2)
            : `${result.models.length} models built, ${result.testsPassed} tests passed in ${(result.ms / 1000).toFixed(1)} s`,
        );
      } finally {
        s3.destroy();
        await warehouse.end();
      }
    });
}
