// `spotlake up`: bootstrap, then every service in this one process, for a laptop. With --demo it
// also loads the demo catalog into MySQL, runs the pipeline once, imports a year of demo listening,
// then prints where to look.

import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Command } from 'commander';
import { createS3 } from '../../shared/clients/s3';
import { loadConfig } from '../../shared/config';
import type { Config } from '../../shared/config';
import { importHistory } from '../../shared/history/import-files';
import { createLogger } from '../../shared/logger';
import type { Logger } from '../../shared/logger';
import { tokenFilePath } from '../../shared/service/api-token';
import type { Running } from '../../shared/service/run-main';
import { bootstrap } from '../bootstrap/bootstrap';
import { seedDemo, writeDemoHistoryFile } from '../demo';
import { createProgress } from '../progress';
import { openRunClient } from '../run-client';
import type { RunClient } from '../run-client';
import { startApi, WORKER_SERVICES } from '../services';

interface UpOptions {
  demo: boolean;
  once: boolean;
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('bootstrap the local servers, then run every service in this process')
    .option('--demo', 'load the demo dataset into MySQL and run the pipeline once', false)
    .option('--once', 'stop after the demo run instead of serving the dashboards', false)
    .action(async (options: UpOptions) => {
      const config = loadConfig();
      const logFile = join(config.home, 'logs', 'spotlake.log');
      const log = createLogger({
        level: config.logLevel,
        destination: pino.destination({ dest: logFile, mkdir: true, sync: false }),
      });
      say(`spotlake: bootstrapping (logs in ${logFile})`);
      const booted = await bootstrap(config, (line) => say(`  ${line}`));
      const services = await startAll(config, log);
      const api = services.api;
      say(`\nAPI and dashboards  ${api.url}/`);
      say(`Bull Board          ${api.url}/admin/queues`);
      say(`API token           ${api.tokenFile ?? 'from API_TOKEN'}`);
      let code = 0;
      if (options.demo) {
        code = await runDemo(config, api.url);
      }
      const stop = async (): Promise<void> => {
        for (const service of [...services.workers, api].reverse()) {
          await service.stop();
        }
        await booted.stop();
        log.flush();
      };
      if (options.once) {
        await stop();
        process.exit(code);
      }
      say('\nRunning. Press Ctrl-C to stop.');
      const onSignal = (): void => {
        say('\nstopping…');
        stop().then(
          () => process.exit(code),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
}

async function startAll(config: Config, log: Logger) {
  const workers: Running[] = [];
  for (const start of Object.values(WORKER_SERVICES)) {
    workers.push(await start(config, log));
  }
  const api = await startApi(config, log);
  return { workers, api };
}

async function runDemo(config: Config, apiUrl: string): Promise<number> {
  say('\nLoading the demo dataset into MySQL…');
  const seeded = await seedDemo(config);
  for (const table of seeded) {
    say(
      `  ${table.table}: ${table.loaded} rows${table.rejected > 0 ? `, ${table.rejected} rejected (${table.rejectFile})` : ''}`,
    );
  }
  const client = openRunClient(config);
  try {
    const run = await client.start({
      pipeline: 'mysql',
      partitionDate: today(),
      suffix: `demo${Date.now().toString(36)}`,
    });
    if ((await followRun(client, run.runId, run.jobs, apiUrl)) !== 0) {
      return 1;
    }
    const history = await writeDemoHistoryFile(config);
    say(`\nImporting a year of demo listening: ${history.plays} plays in ${history.file}`);
    const imported = await importDemoHistory(config, client, history.file);
    if ((await followRun(client, imported, null, apiUrl)) !== 0) {
      return 1;
    }
    say(
      `\nResults: PostgreSQL ${config.pg.host}:${config.pg.port}/${config.pg.database}, schemas spotify and analytics`,
    );
    say(
      `Lake:    s3://${config.s3.bucket}/ (bronze/, silver/, gold/) at ${config.s3.endpoint ?? 'AWS'}`,
    );
    say(`Runs:    ${apiUrl}/runs   (token in ${tokenFilePath(config)})`);
    say(`Wrap-up: ${apiUrl}/wrapup`);
    return 0;
  } finally {
    await client.close();
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Follows a run with a progress bar; 0 when it succeeded, 1 (and where to look) when it failed. */
async function followRun(
  client: RunClient,
  runId: string,
  jobs: number | null,
  apiUrl: string,
): Promise<number> {
  // An import's run has six stage jobs (one table, one part); its count is not known until it starts.
  const bar = createProgress(`run ${runId}`, jobs ?? 6, 'stage jobs');
  try {
    const done = await client.follow(runId, (progress) => bar.update(progress.completed));
    bar.stop();
    say(`Run ${runId} succeeded: ${done.rows} rows extracted, ${done.completed} stage jobs.`);
    return 0;
  } catch (err) {
    bar.stop();
    say(`\n${(err as Error).message}`);
    say(`See ${apiUrl}/runs/${runId} and ${apiUrl}/admin/queues`);
    return 1;
  }
}

/** Stores the demo export in bronze and starts its run, as `spotlake import-history` does. */
async function importDemoHistory(config: Config, client: RunClient, file: string): Promise<string> {
  const s3 = createS3(config);
  try {
    const started = await importHistory(
      (async function* files() {
        yield { name: file, body: createReadStream(file) };
      })(),
      {
        store: { s3, bucket: config.s3.bucket },
        warehouse: client.ledger,
        startRun: client.start,
        maxFileBytes: config.imports.maxFileBytes,
        partitionDate: today(),
      },
    );
    return started.runId;
  } finally {
    s3.destroy();
  }
}
