// `spotlake bench`: prepares the source at a scale (reused between runs), then measures the
// pipeline end to end, each stage alone, an incremental run, pgloader and the raw pipe, each the
// median of `repeat` repetitions. Knows nothing of the terminal: a reporter shows progress.

import { stat } from 'node:fs/promises';
import { Queue } from 'bullmq';
import { openRunClient } from '../../cli/run-client';
import { createMysqlPool } from '../../shared/clients/mysql';
import { createPgPool } from '../../shared/clients/pg';
import { createRedis } from '../../shared/clients/redis';
import { loadQuery } from '../../shared/sql/load-sql';
import type { Config } from '../../shared/config';
import { STAGE_QUEUES } from '../../shared/contracts';
import { prepareSource, sourceCsv } from './bench-dataset';
import type { BenchReporter } from './bench-reporter';
import { medianResult } from './bench-result';
import type { BenchReport, BenchResult } from './bench-result';
import { describeMachine, finishMachine } from './machine';
import {
  createScratch,
  dropScratch,
  findDirectTools,
  measurePgloader,
  measureRawPipe,
} from './measure-direct';
import {
  measureIncremental,
  measurePipeline,
  measureStages,
  touchOnePercent,
} from './measure-pipeline';
import type { PipelineDeps } from './measure-pipeline';
import type { BenchService } from './service-process';

export const MEASUREMENTS = ['pipeline', 'stages', 'incremental', 'pgloader', 'raw_pipe'] as const;
export type Measurement = (typeof MEASUREMENTS)[number];

export interface BenchOptions {
  tracks: number;
  /** What to measure; all of MEASUREMENTS unless given. */
  only?: readonly Measurement[];
  repeat: number;
  seed: number;
  cacheDir: string;
  cpuProfDir?: string;
  /** V8 heap limit of each service process in MB; Node's own default when not given. */
  heapMb?: number;
  /** Processes per service in every pipeline measurement; one each unless given. */
  replicas?: Partial<Record<BenchService, number>>;
}

export interface BenchDeps {
  /** Configuration of the benchmark's own databases, bucket and queue prefix. */
  config: Config;
  /** The same, as environment variables for the service processes. */
  env: NodeJS.ProcessEnv;
  reporter: BenchReporter;
}

const STALL_MS = 300_000;

async function repeated(
  times: number,
  measure: () => Promise<BenchResult[]>,
): Promise<BenchResult[]> {
  const runs: BenchResult[][] = [];
  for (let i = 0; i < times; i += 1) {
    runs.push(await measure());
  }
  return (runs[0] ?? []).map((first) =>
    medianResult(runs.map((run) => run.find((r) => r.name === first.name) ?? first)),
  );
}

async function clearLeftovers(deps: PipelineDeps): Promise<void> {
  // Jobs an interrupted benchmark left behind would be picked up and skew the next one, and its
  // runs, never finished (the benchmark starts no transformer), would hold their dates as busy.
  await deps.client.ledger.query(loadQuery('update_abandoned_runs'), [
    'benchmark run: measured up to validation; its jobs were cleared by a later benchmark',
  ]);
  for (const name of STAGE_QUEUES) {
    const queue = new Queue(name, { connection: deps.redis, prefix: deps.queuePrefix });
    try {
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  }
}

export async function runBench(options: BenchOptions, deps: BenchDeps): Promise<BenchReport> {
  // Fails before any long step when a tool is missing.
  findDirectTools();
  const machine = describeMachine();
  const { config, reporter } = deps;
  const mysql = createMysqlPool(config, { connectionLimit: 2 }).promise();
  const warehouse = createPgPool(config, { applicationName: 'spotlake-bench', max: 2 });
  const redis = createRedis(config, 'worker');
  const client = openRunClient(config);
  const pipelineDeps: PipelineDeps = {
    client,
    warehouse,
    mysql,
    redis,
    env: deps.env,
    queuePrefix: config.queuePrefix,
    reporter,
    cpuProfDir: options.cpuProfDir,
    heapMb: options.heapMb,
    replicas: options.replicas,
    stallMs: STALL_MS,
  };
  try {
    await clearLeftovers(pipelineDeps);
    const source = await prepareSource(options, { mysql, config, reporter });
    const { rows } = source;
    reporter.step(
      `source: ${source.rows} rows in MySQL (dataset ${source.isDatasetReused ? 'reused' : 'generated'}, ` +
        `table ${source.isTableReused ? 'reused' : 'seeded'})`,
    );
    // The rows the incremental run will change become the newest the full loads see, so its
    // watermark (the newest loaded value, re-read inclusively) selects exactly them.
    await touchOnePercent(mysql);
    const times = options.repeat;
    const wanted = (name: Measurement): boolean => options.only?.includes(name) ?? true;
    const results: BenchResult[] = [];
    if (wanted('pipeline')) {
      results.push(
        ...(await repeated(times, async () => [await measurePipeline(rows, pipelineDeps)])),
      );
    }
    if (wanted('stages')) {
      results.push(...(await repeated(times, () => measureStages(rows, pipelineDeps))));
    }
    if (wanted('incremental')) {
      results.push(
        ...(await repeated(times, async () => [await measureIncremental(pipelineDeps)])),
      );
    }
    if (wanted('pgloader') || wanted('raw_pipe')) {
      results.push(...(await measureDirect(options, config, rows, reporter)));
    }
    await clearLeftovers(pipelineDeps);
    return {
      machine: finishMachine(machine),
      tracks: options.tracks,
      repeat: times,
      serviceHeapMb: options.heapMb ?? null,
      replicas: options.replicas ?? {},
      sourceCsvBytes: (await stat(sourceCsv(options))).size,
      results,
    };
  } finally {
    await client.close();
    await redis.quit().catch(() => redis.disconnect());
    await warehouse.end();
    await mysql.end();
  }
}

async function measureDirect(
  options: BenchOptions,
  config: Config,
  rows: number,
  reporter: BenchReporter,
): Promise<BenchResult[]> {
  const tools = findDirectTools();
  const results: BenchResult[] = [];
  await createScratch(config);
  try {
    if (options.only?.includes('pgloader') ?? true) {
      reporter.step('pgloader');
      results.push(
        ...(await repeated(options.repeat, async () => [
          await measurePgloader(config, tools, rows),
        ])),
      );
    }
    if (options.only?.includes('raw_pipe') ?? true) {
      reporter.step('raw pipe');
      results.push(
        ...(await repeated(options.repeat, async () => [
          await measureRawPipe(config, tools, rows),
        ])),
      );
    }
  } finally {
    await dropScratch(config);
  }
  return results;
}
