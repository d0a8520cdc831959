// `spotlake backfill`: run a pipeline over a range of dates, at most --max-concurrent runs at a
// time. --dry-run lists what would run; --wait follows it to the end with a progress bar.

import type { Command } from 'commander';
import { loadConfig } from '../../shared/config';
import { ORCHESTRATION_QUEUES } from '../../shared/contracts';
import type { BackfillState } from '../../shared/ledger/backfills';
import type { BackfillPlan } from '../../shared/queue/backfill';
import { backfillInputSchema } from '../../shared/queue/requests';
import { tablesFor } from '../../shared/queue/start-run';
import { parseOptions, printJson, say, splitList, warn } from '../cli-input';
import { createProgress } from '../progress';
import type { Progress } from '../progress';
import { openRunClient } from '../run-client';
import type { RunClient } from '../run-client';

interface BackfillOptions {
  pipeline: string;
  from: string;
  to: string;
  tables?: string;
  maxConcurrent: string;
  onlyFailed: boolean;
  fullRefresh: boolean;
  dryRun: boolean;
  wait: boolean;
  json: boolean;
}

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description('run a pipeline for every date of a range, a few runs at a time')
    .option('--pipeline <pipeline>', 'mysql, spotify_api or history_import', 'mysql')
    .requiredOption('--from <date>', 'first partition date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last partition date, YYYY-MM-DD (included)')
    .option('--tables <tables>', 'comma-separated tables (default: every table of the pipeline)')
    .option('--max-concurrent <runs>', 'runs active at once', '2')
    .option('--only-failed', 'only dates where a table failed or never ran', false)
    .option('--full-refresh', 'extract whole tables, ignoring watermarks', false)
    .option('--dry-run', 'list what would run and start nothing', false)
    .option(
      '--wait',
      'follow the backfill to its end with a progress bar; exit 1 if a run fails',
      false,
    )
    .option('--json', 'print JSON for scripts', false)
    .action(async (options: BackfillOptions, command: Command) => {
      const input = parseOptions(command, backfillInputSchema, {
        pipeline: options.pipeline,
        from: options.from,
        to: options.to,
        tables: splitList(options.tables),
        maxConcurrent: Number(options.maxConcurrent),
        onlyFailed: options.onlyFailed,
        fullRefresh: options.fullRefresh,
        dryRun: options.dryRun,
      });
      const client = openRunClient(loadConfig());
      try {
        const plan = await client.backfill(
          { ...input, tables: tablesFor(input.pipeline, input.tables) },
          input.dryRun,
        );
        if (plan.backfillId === null || !options.wait) {
          await reportPlan(client, plan, options.json);
          return;
        }
        const state = await followBackfill(client, plan.backfillId, options.json);
        if (options.json) {
          printJson(state);
        } else {
          say(`backfill ${state.backfill_id} ${state.status}`);
          for (const partition of state.partitions.filter((p) => p.action === 'run')) {
            say(
              `  ${partition.partition_date}  ${partition.run_id ?? ''}  ${partition.run_status ?? 'not started'}`,
            );
          }
        }
        process.exitCode = state.status === 'succeeded' ? 0 : 1;
      } finally {
        await client.close();
      }
    });
}

async function reportPlan(client: RunClient, plan: BackfillPlan, json: boolean): Promise<void> {
  if (json) {
    printJson(plan);
    return;
  }
  const runs = plan.partitions.filter((partition) => partition.action === 'run');
  for (const partition of plan.partitions) {
    const what = partition.action === 'run' ? `run ${partition.run_id ?? ''}` : 'skip';
    say(`  ${partition.partition_date}  ${what.padEnd(34)}  ${partition.reason}`);
  }
  if (plan.backfillId === null) {
    say(
      `dry run: ${runs.length} runs would start, ${plan.partitions.length - runs.length} dates skipped`,
    );
    return;
  }
  say(`backfill ${plan.backfillId} recorded: ${runs.length} runs to start (spotlake status <run>)`);
  if ((await client.countWorkers(ORCHESTRATION_QUEUES.backfills)) === 0) {
    warn('no orchestrator is running: the backfill starts when `spotlake up` (or the api) does');
  }
}

async function followBackfill(
  client: RunClient,
  backfillId: number,
  json: boolean,
): Promise<BackfillState> {
  const shown: { bar?: Progress } = {};
  try {
    return await client.followBackfill(backfillId, (state) => {
      if (json) {
        return;
      }
      const runs = state.partitions.filter((partition) => partition.action === 'run');
      const done = runs.filter((p) => p.run_status === 'succeeded' || p.run_status === 'failed');
      shown.bar ??= createProgress(`backfill ${backfillId}`, runs.length, 'runs');
      shown.bar.update(done.length);
    });
  } finally {
    shown.bar?.stop();
  }
}
