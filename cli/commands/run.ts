// `spotlake run`: start a run of one pipeline for one date, straight through the queues (no API
// needed); with --wait, follow it to the end with a progress bar.

import type { Command } from 'commander';
import { loadConfig } from '../../shared/config';
import { QUEUES } from '../../shared/contracts';
import { runInputSchema } from '../../shared/queue/requests';
import { parseOptions, printJson, say, splitList, warn } from '../cli-input';
import { formatRun } from '../format-run';
import { createProgress } from '../progress';
import type { Progress } from '../progress';
import { openRunClient } from '../run-client';
import type { RunClient } from '../run-client';

interface RunOptions {
  pipeline: string;
  date: string;
  tables?: string;
  fullRefresh: boolean;
  select?: string;
  rerun?: string;
  wait: boolean;
  json: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('start a run of one pipeline for one partition date')
    .requiredOption('--pipeline <pipeline>', 'mysql, spotify_api or history_import')
    .requiredOption('--date <date>', 'the partition date, YYYY-MM-DD')
    .option('--tables <tables>', 'comma-separated tables (default: every table of the pipeline)')
    .option('--full-refresh', 'extract whole tables, ignoring watermarks', false)
    .option('--select <models>', 'models to build after the load: model, model+ or +model')
    .option('--rerun <suffix>', 'run a date that already ran again, as <run id>-<suffix> (e.g. r2)')
    .option('--wait', 'follow the run to its end with a progress bar; exit 1 if it fails', false)
    .option('--json', 'print JSON for scripts', false)
    .action(async (options: RunOptions, command: Command) => {
      const input = parseOptions(command, runInputSchema, {
        pipeline: options.pipeline,
        date: options.date,
        tables: splitList(options.tables),
        fullRefresh: options.fullRefresh ? true : undefined,
        select: options.select,
        rerun: options.rerun,
      });
      const client = openRunClient(loadConfig());
      try {
        const started = await client.start({
          pipeline: input.pipeline,
          partitionDate: input.date,
          tables: input.tables,
          fullRefresh: input.fullRefresh,
          select: input.select,
          suffix: input.rerun,
        });
        if (!options.wait) {
          if (options.json) {
            printJson(started);
          } else {
            say(
              started.created
                ? `run ${started.runId} started: ${started.jobs} stage jobs over ${started.tables.join(', ')}`
                : `run ${started.runId} already exists; nothing new started (spotlake status ${started.runId})`,
            );
          }
          return;
        }
        process.exitCode = await waitForRun(client, started.runId, options.json);
      } finally {
        await client.close();
      }
    });
}

async function waitForRun(client: RunClient, runId: string, json: boolean): Promise<number> {
  if ((await client.countWorkers(QUEUES.extract)) === 0) {
    warn('no extractor is running: start `spotlake up` (or the services) for the run to progress');
  }
  const shown: { bar?: Progress } = {};
  try {
    await client.follow(runId, (progress) => {
      if (!json) {
        shown.bar ??= createProgress(`run ${runId}`, progress.jobs ?? 0, 'stage jobs');
        shown.bar.update(progress.completed);
      }
    });
  } catch (err) {
    // A failed run is an answer, not a crash: it is printed below with its errors.
    if (!(err instanceof Error && err.message.startsWith(`run ${runId} failed`))) {
      throw err;
    }
  } finally {
    shown.bar?.stop();
  }
  const report = await client.readRun(runId);
  if (json) {
    printJson(report);
  } else if (report !== null) {
    say(formatRun(report).join('\n'));
  }
  return report?.status === 'succeeded' ? 0 : 1;
}
