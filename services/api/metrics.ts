// The Prometheus metrics /metrics serves, computed at scrape time from the queues and the run
// ledger, so they cover every service process, not only this one: jobs by queue and state, stage
// durations, rows moved, stage failures, runs by status.

import type { Queue } from 'bullmq';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Metric } from 'prom-client';
import { loadQuery } from '../../shared/sql/load-sql';

const JOB_STATES = [
  'waiting',
  'waiting-children',
  'prioritized',
  'delayed',
  'active',
  'completed',
  'failed',
] as const;

export const DURATION_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

export interface MetricsDeps {
  queues: readonly Queue[];
  ledger: pg.Pool;
}

export function createMetrics(deps: MetricsDeps): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'spotlake_api_' });
  registerQueueJobs(registry, deps.queues);
  registerAttemptTotals(registry, deps.ledger);
  registerRuns(registry, deps.ledger);
  registry.registerMetric(stageDurationHistogram(deps.ledger));
  return registry;
}

function registerQueueJobs(registry: Registry, queues: readonly Queue[]): void {
  new Gauge({
    name: 'spotlake_queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) {
          this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      }
    },
  });
}

interface AttemptTotal {
  stage: string;
  table_name: string;
  status: string;
  attempts: string;
  rows: string;
}

function registerAttemptTotals(registry: Registry, ledger: pg.Pool): void {
  const read = async (): Promise<AttemptTotal[]> =>
    (await ledger.query<AttemptTotal>(loadQuery('select_stage_attempt_totals'))).rows;
  new Counter({
    name: 'spotlake_rows_moved_total',
    help: 'Rows written by completed stage jobs, by stage and table',
    labelNames: ['stage', 'table'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await read()) {
        if (row.status === 'completed') {
          this.inc({ stage: row.stage, table: row.table_name }, Number(row.rows));
        }
      }
    },
  });
  new Counter({
    name: 'spotlake_stage_attempts_total',
    help: 'Finished stage job attempts by stage, table and outcome (completed, failed, retrying, released)',
    labelNames: ['stage', 'table', 'outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await read()) {
        this.inc(
          { stage: row.stage, table: row.table_name, outcome: row.status },
          Number(row.attempts),
        );
      }
    },
  });
}

function registerRuns(registry: Registry, ledger: pg.Pool): void {
  new Gauge({
    name: 'spotlake_runs',
    help: 'Runs in the ledger by pipeline and status',
    labelNames: ['pipeline', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const runs = await ledger.query<{ pipeline: string; status: string; runs: string }>(
        loadQuery('select_run_status_counts'),
      );
      for (const row of runs.rows) {
        this.set({ pipeline: row.pipeline, status: row.status }, Number(row.runs));
      }
    },
  });
}

interface BucketRow {
  stage: string;
  le: number;
  n: string;
  total: string;
  seconds: number;
}

/**
 * Stage durations as a histogram whose buckets are counted by the ledger in one query. prom-client's
 * Histogram only grows by observe(), one value at a time, in this process; the registry reads any
 * metric through name, help, type and get(), which is what this object gives it.
 */
function stageDurationHistogram(ledger: pg.Pool): Metric {
  const name = 'spotlake_stage_duration_seconds';
  const help = 'Duration of completed stage jobs, by stage';
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    async get() {
      const result = await ledger.query<BucketRow>(loadQuery('select_stage_duration_buckets'), [
        DURATION_BUCKETS,
      ]);
      const values: {
        labels: Record<string, string | number>;
        value: number;
        metricName: string;
      }[] = [];
      const byStage = new Map<string, BucketRow[]>();
      for (const row of result.rows) {
        byStage.set(row.stage, [...(byStage.get(row.stage) ?? []), row]);
      }
      for (const [stage, rows] of byStage) {
        for (const row of rows) {
          values.push({
            labels: { le: row.le, stage },
            value: Number(row.n),
            metricName: `${name}_bucket`,
          });
        }
        const first = rows[0];
        const total = Number(first?.total ?? 0);
        values.push({ labels: { le: '+Inf', stage }, value: total, metricName: `${name}_bucket` });
        values.push({
          labels: { stage },
          value: Number(first?.seconds ?? 0),
          metricName: `${name}_sum`,
        });
        values.push({ labels: { stage }, value: total, metricName: `${name}_count` });
      }
      return { name, help, type: 'histogram', aggregator: 'sum', values };
    },
    reset() {
      // Nothing is held here between scrapes.
    },
  };
  return metric as unknown as Metric;
}
