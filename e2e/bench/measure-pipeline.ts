// Measures the pipeline on spotify_tracks with every service as its own process: the full load end
// to end, each stage alone (only that stage's service running; children-before-parent ordering
// holds the next stage's jobs until its service starts), and an incremental watermark run.

import type { Pool as MysqlPool } from 'mysql2/promise';
import type pg from 'pg';
import type { Redis } from 'ioredis';
import type { RunClient } from '../../cli/run-client';
import { getTable } from '../../shared/catalog';
import type { StageName } from '../../shared/contracts';
import { countSql, targetName } from '../../shared/sql/pg-load-statements';
import { quoteMysql } from '../../shared/sql/quote';
import { BENCH_TABLE } from './bench-dataset';
import type { BenchReporter } from './bench-reporter';
import { readStageOutputs, startBenchRun, waitForStages } from './bench-runs';
import type { BenchRun, StageWindow } from './bench-runs';
import type { BenchResult } from './bench-result';
import { readServerCpu, serverCpuBetween } from './server-cpu';
import type { ServerCpu } from './server-cpu';
import { startServiceProcess } from './service-process';
import type { BenchService, ServiceProcess, ServiceUsage } from './service-process';

export interface PipelineDeps {
  client: RunClient;
  warehouse: pg.Pool;
  mysql: MysqlPool;
  redis: Redis;
  env: NodeJS.ProcessEnv;
  queuePrefix: string;
  reporter: BenchReporter;
  cpuProfDir?: string;
  heapMb?: number;
  /** Processes per service; one each unless given. */
  replicas?: Partial<Record<BenchService, number>>;
  /** How long a stage may go without finishing a job before the benchmark gives up. */
  stallMs: number;
}

const SERVICES: readonly BenchService[] = ['extractor', 's3-loader', 'pg-loader', 'validator'];

const STAGES_OF: Record<BenchService, readonly StageName[]> = {
  extractor: ['extract'],
  's3-loader': ['s3-load'],
  'pg-loader': ['pg-load', 'pg-commit'],
  validator: ['validate'],
};

const STAGE_RESULT: Record<BenchService, string> = {
  extractor: 'extract',
  's3-loader': 's3_load',
  'pg-loader': 'pg_load',
  validator: 'validate',
};

export const STAGE_RESULT_NAMES: readonly string[] = Object.values(STAGE_RESULT);

function seconds(from: Date, to: Date): number {
  return Math.max(0.001, (to.getTime() - from.getTime()) / 1000);
}

/** Per service process (a replica labelled `name#2`), what it used. */
type Usage = Record<string, ServiceUsage>;

interface Used {
  usage: Usage;
  servers: ServerCpu;
}

function result(name: string, rows: number, secs: number, { usage, servers }: Used): BenchResult {
  const peaks = Object.fromEntries(Object.entries(usage).map(([s, u]) => [s, u.peakRssMb]));
  const cpu = Object.fromEntries(Object.entries(usage).map(([s, u]) => [s, u.cpuSeconds]));
  const values = Object.values(peaks).filter((peak): peak is number => peak !== null);
  const measured: BenchResult = {
    name,
    rows,
    seconds: Math.round(secs * 100) / 100,
    rowsPerSec: Math.round(rows / secs),
    peakRssMb: values.length === 0 ? null : Math.max(...values),
    cpuSecondsByService: cpu,
    cpuSecondsByServer: servers,
  };
  return Object.keys(peaks).length > 1 ? { ...measured, peakRssMbByService: peaks } : measured;
}

async function startServices(names: readonly BenchService[], deps: PipelineDeps) {
  const options = { env: deps.env, redis: deps.redis, queuePrefix: deps.queuePrefix };
  const processes = names.flatMap((name) =>
    Array.from({ length: deps.replicas?.[name] ?? 1 }, () => name),
  );
  const started = await Promise.allSettled(
    processes.map((name) =>
      startServiceProcess(name, { ...options, cpuProfDir: deps.cpuProfDir, heapMb: deps.heapMb }),
    ),
  );
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure !== undefined) {
    await stopServices(running);
    throw failure.reason;
  }
  return running;
}

async function stopServices(running: readonly ServiceProcess[]): Promise<Usage> {
  const usage: Usage = {};
  for (const service of running) {
    let label: string = service.name;
    for (let replica = 2; label in usage; replica += 1) {
      label = `${service.name}#${replica}`;
    }
    usage[label] = await service.stop();
  }
  return usage;
}

async function withServices<T>(
  names: readonly BenchService[],
  deps: PipelineDeps,
  work: () => Promise<T>,
): Promise<{ value: T; used: Used }> {
  const before = readServerCpu();
  const running = await startServices(names, deps);
  let value: T;
  try {
    value = await work();
  } catch (err) {
    await stopServices(running).catch(() => undefined);
    throw err;
  }
  const usage = await stopServices(running);
  return { value, used: { usage, servers: serverCpuBetween(before, readServerCpu()) } };
}

async function followRun(run: BenchRun, label: string, deps: PipelineDeps): Promise<StageWindow> {
  const bar = deps.reporter.progress(label, run.parts * 3 + 2, 'stage jobs');
  try {
    const all: StageName[] = ['extract', 's3-load', 'pg-load', 'pg-commit', 'validate'];
    return await waitForStages(deps.client.ledger, run, all, {
      stallMs: deps.stallMs,
      onProgress: (completed) => bar.update(completed),
    });
  } finally {
    bar.stop();
  }
}

async function countTarget(warehouse: pg.Pool): Promise<number> {
  const counted = await warehouse.query<{ n: string }>(countSql(targetName(getTable(BENCH_TABLE))));
  return Number(counted.rows[0]?.n ?? 0);
}

/** The full load end to end: extract -> bronze -> silver -> PostgreSQL -> validate. */
export async function measurePipeline(
  expectedRows: number,
  deps: PipelineDeps,
): Promise<BenchResult> {
  const { value, used } = await withServices(SERVICES, deps, async () => {
    const run = await startBenchRun(deps.client, true);
    const window = await followRun(run, 'pipeline', deps);
    return { run, window };
  });
  const inTarget = await countTarget(deps.warehouse);
  if (inTarget !== expectedRows) {
    throw new Error(
      `pipeline: spotify.${BENCH_TABLE} holds ${inTarget} rows, expected ${expectedRows}`,
    );
  }
  // The bytes each part's job wrote, from the ledger: a listing of the partition would also count
  // objects an earlier run with more parts left there.
  const outputs = await readStageOutputs(deps.client.ledger, value.run.runId);
  return {
    ...result('pipeline', inTarget, seconds(value.run.createdAt, value.window.finishedAt), used),
    lakeBytes: { bronze: outputs.extract?.bytes ?? 0, silver: outputs['s3-load']?.bytes ?? 0 },
  };
}

/** Each stage alone, in order, each service started only once the previous stage finished. */
export async function measureStages(
  expectedRows: number,
  deps: PipelineDeps,
): Promise<BenchResult[]> {
  const run = await startBenchRun(deps.client, true);
  const results: BenchResult[] = [];
  for (const name of SERVICES) {
    const bar = deps.reporter.progress(`stage ${name}`, 1, 'stage');
    const { value: window, used } = await withServices([name], deps, () =>
      waitForStages(deps.client.ledger, run, STAGES_OF[name], { stallMs: deps.stallMs }),
    );
    bar.update(1);
    bar.stop();
    const rows = name === 'validator' ? expectedRows : window.rows;
    results.push(
      result(STAGE_RESULT[name], rows, seconds(window.startedAt, window.finishedAt), used),
    );
  }
  const inTarget = await countTarget(deps.warehouse);
  if (inTarget !== expectedRows) {
    throw new Error(
      `stages: spotify.${BENCH_TABLE} holds ${inTarget} rows, expected ${expectedRows}`,
    );
  }
  return results;
}

/**
 * Marks about 1% of the rows changed (always the same rows, chosen by a hash of the key) with an
 * updated_at one second past any the table holds, so a watermark run picks exactly them up.
 */
export async function touchOnePercent(mysql: MysqlPool): Promise<number> {
  const table = quoteMysql(BENCH_TABLE);
  const connection = await mysql.getConnection();
  try {
    await connection.query(
      `SET @bench_next = (SELECT GREATEST(NOW(), MAX(updated_at) + INTERVAL 1 SECOND) FROM ${table})`,
    );
    const [updated] = await connection.query(
      `UPDATE ${table} SET updated_at = @bench_next WHERE CRC32(track_id) % 100 = 0`,
    );
    return (updated as { affectedRows: number }).affectedRows;
  } finally {
    connection.release();
  }
}

/** An incremental watermark run (the catalog's strategy for tracks) after 1% of rows changed. */
export async function measureIncremental(deps: PipelineDeps): Promise<BenchResult> {
  const changed = await touchOnePercent(deps.mysql);
  const { value, used } = await withServices(SERVICES, deps, async () => {
    const run = await startBenchRun(deps.client, false);
    const window = await followRun(run, 'incremental', deps);
    return { run, window };
  });
  const outputs = await readStageOutputs(deps.client.ledger, value.run.runId);
  const extracted = outputs.extract?.rows ?? 0;
  if (extracted !== changed) {
    throw new Error(`incremental: extracted ${extracted} rows, but ${changed} changed`);
  }
  return result(
    'incremental',
    extracted,
    seconds(value.run.createdAt, value.window.finishedAt),
    used,
  );
}
