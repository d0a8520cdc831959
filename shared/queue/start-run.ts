// Starts a run: records it in the ledger and adds its flow. The same run id twice returns the
// existing run; a run recorded but never enqueued (Redis was down) is enqueued on the next call.

import type { FlowProducer, Queue } from 'bullmq';
import type pg from 'pg';
import { getTable, isKnownTable, listTables } from '../catalog';
import type { SourceName } from '../catalog';
import { buildJobId, buildRunId } from '../contracts';
import type { Pipeline, RunRef } from '../contracts';
import type { PartPlanner } from '../extract/plan-parts';
import { insertExclusiveRun, insertRun } from '../ledger/ledger';
import { runFolder } from '../lake/keys';
import { loadQuery } from '../sql/load-sql';
import { buildRunFlow } from './run-flow';
import type { TablePlan } from './run-flow';

export interface RunRequest {
  pipeline: Pipeline;
  partitionDate: string;
  tables?: readonly string[];
  /** Distinguishes a deliberate re-run of a date: `r2` makes `mysql-2024-05-01-r2`. */
  suffix?: string;
  fullRefresh?: boolean;
  select?: string;
}

export interface StartRunDeps {
  flow: FlowProducer;
  transformQueue: Queue;
  ledger: pg.Pool;
  attempts: number;
  planParts: PartPlanner;
}

export interface StartedRun {
  runId: string;
  created: boolean;
  tables: readonly string[];
  /** Jobs in the run's flow; 0 when an existing run was returned. */
  jobs: number;
}

const PIPELINE_SOURCE: Record<Pipeline, SourceName> = {
  mysql: 'mysql',
  spotify_api: 'spotify_api',
  history_import: 'history_import',
};

/** Why a table cannot be part of a pipeline's run, or null when it can. */
export function tableProblem(pipeline: Pipeline, name: string): string | null {
  if (!isKnownTable(name)) {
    return `table ${name} is not in the catalog`;
  }
  const { source } = getTable(name);
  return source === PIPELINE_SOURCE[pipeline]
    ? null
    : `table ${name} belongs to the ${source} source, not ${pipeline}`;
}

export function tablesFor(pipeline: Pipeline, requested?: readonly string[]): string[] {
  if (requested === undefined || requested.length === 0) {
    return listTables(PIPELINE_SOURCE[pipeline]).map((table) => table.name);
  }
  return requested.map((name) => {
    const table = getTable(name);
    if (table.source !== PIPELINE_SOURCE[pipeline]) {
      throw new RangeError(`table ${name} belongs to the ${table.source} source, not ${pipeline}`);
    }
    return table.name;
  });
}

export async function startRun(request: RunRequest, deps: StartRunDeps): Promise<StartedRun> {
  const tables = tablesFor(request.pipeline, request.tables);
  const run: RunRef = {
    runId: buildRunId(request.pipeline, request.partitionDate, request.suffix),
    pipeline: request.pipeline,
    partitionDate: request.partitionDate,
  };
  const record = {
    ...run,
    tables,
    options: { fullRefresh: request.fullRefresh ?? false, select: request.select ?? null },
  };
  // Runs of a source without run folders share the date's lake objects: one at a time per date.
  const sharesDateFolder = runFolder(PIPELINE_SOURCE[run.pipeline], run.runId).run === undefined;
  const created = sharesDateFolder
    ? await insertExclusiveRun(deps.ledger, record)
    : await insertRun(deps.ledger, record);
  const rootId = buildJobId(run.runId, 'transform');
  if (!created && (await isEnqueuedOrFinished(deps, run.runId, rootId))) {
    return { runId: run.runId, created: false, tables, jobs: 0 };
  }
  const plans: TablePlan[] = [];
  for (const table of tables) {
    plans.push({ table, parts: await deps.planParts(table, record.options) });
  }
  await deps.flow.add(
    buildRunFlow(run, plans, {
      attempts: deps.attempts,
      fullRefresh: request.fullRefresh ?? false,
      select: request.select,
    }),
  );
  const jobs = 1 + plans.reduce((sum, plan) => sum + 2 + 3 * plan.parts.length, 0);
  await deps.ledger.query(loadQuery('update_run_jobs'), [run.runId, jobs]);
  return { runId: run.runId, created, tables, jobs };
}

async function isEnqueuedOrFinished(
  deps: StartRunDeps,
  runId: string,
  rootId: string,
): Promise<boolean> {
  if ((await deps.transformQueue.getJob(rootId)) !== undefined) {
    return true;
  }
  const status = await deps.ledger.query<{ status: string }>(loadQuery('select_run'), [runId]);
  return status.rows[0]?.status !== 'queued';
}
