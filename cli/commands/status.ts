// `spotlake status <run>`: a run from the ledger: its stages, rows, checks and errors.

import type { Command } from 'commander';
import { loadConfig } from '../../shared/config';
import { runIdSchema } from '../../shared/contracts';
import { parseOptions, printJson, say } from '../cli-input';
import { formatRun } from '../format-run';
import { openRunClient } from '../run-client';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show a run: its stage jobs, rows per table and stage, checks and errors')
    .argument('<run>', 'a run id, such as mysql-2024-05-01')
    .option('--json', 'print JSON for scripts', false)
    .action(async (run: string, options: { json: boolean }, command: Command) => {
      const runId = parseOptions(command, runIdSchema, run, '<run>');
      const client = openRunClient(loadConfig());
      try {
        const report = await client.readRun(runId);
        if (report === null) {
          command.error(`run ${runId} does not exist`, { exitCode: 1, code: 'spotlake.notFound' });
        } else if (options.json) {
          printJson(report);
        } else {
          say(formatRun(report).join('\n'));
        }
      } finally {
        await client.close();
      }
    });
}
