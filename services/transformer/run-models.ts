// Runs the SQL models: the selected ones (by --select, else those reading the run's tables plus any
// model they need that does not exist yet, else all) in dependency order on one session (holding
// the transform advisory lock, so two transforms never build the same model at once, and set to the
// listening time zone the models' days and hours are counted in), each tested before it is swapped
// in; then the singular tests; then, only if everything passed, the gold export of every table built.

import type pg from 'pg';
import type { TransformJob, TransformResult } from '../../shared/contracts';
import { ModelError, ModelTestFailedError } from '../../shared/errors';
import type { LakeStore } from '../../shared/lake/objects';
import { objectSize } from '../../shared/lake/objects';
import type { Logger } from '../../shared/logger';
import { buildModel } from './build-model';
import type { BuiltModel } from './build-model';
import { exportGold, goldKey } from './export-gold';
import { selectModels, selectModelsReading, withMissingParents } from './graph';
import { loadGenericTests, loadSingularTests, withTestDependencies } from './model-tests';
import { loadModels } from './models';
import type { Model } from './models';
import { runSingularTest } from './run-tests';
import type { TestOutcome } from './run-tests';
import { sqlDir } from '../../shared/paths';
import { loadQuery } from '../../shared/sql/load-sql';

/** Without `select`, the models reading the run's `tables` are built; without either, all of them. */
export type TransformRequest = Pick<TransformJob, 'partitionDate' | 'select' | 'fullRefresh'> & {
  tables?: readonly string[];
};
export type ModelResult = TransformResult['models'][number];

export interface TransformDeps {
  warehouse: pg.Pool;
  store: LakeStore;
  log: Logger;
  signal?: AbortSignal;
  /** IANA zone in which plays are counted into days and hours. */
  timezone: string;
  goldRowGroupRows: number;
  /** work_mem of the session, e.g. '64MB': the models hash and sort whole histories. */
  workMem?: string;
  /** Records test outcomes in the run ledger; absent when models run outside a run (the CLI). */
  recordTests?: (outcomes: readonly TestOutcome[]) => Promise<void>;
  onModelDone?: (result: ModelResult) => void;
  /** Where the models live; tests point it at fixture folders. */
  modelsDir?: string;
}

// Any constant will do; it only has to be the same for every transformer of this warehouse.
const TRANSFORM_LOCK = 7_420_207;

async function withTransformSession<T>(
  deps: TransformDeps,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await deps.warehouse.connect();
  try {
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      TRANSFORM_LOCK,
    ]);
    if (locked.rows[0]?.ok !== true) {
      deps.log.info('another transform is building the models; waiting for it');
      await client.query('SELECT pg_advisory_lock($1)', [TRANSFORM_LOCK]);
    }
    await client.query("SELECT set_config('TimeZone', $1, false)", [deps.timezone]);
    // JIT compiling a model's many expressions took 16 of the 17 s of the plays merge on 500k plays
    // (measured with EXPLAIN ANALYZE on e2e/bench); the models' queries run once, so it never pays.
    await client.query("SELECT set_config('jit', 'off', false)");
    if (deps.workMem !== undefined) {
      await client.query("SELECT set_config('work_mem', $1, false)", [deps.workMem]);
    }
    return await work(client);
  } finally {
    // Ending the session releases the lock and the time zone with it, whatever happened above.
    client.release(true);
  }
}

async function settle(outcomes: readonly TestOutcome[], deps: TransformDeps): Promise<number> {
  await deps.recordTests?.(outcomes);
  const failed = outcomes.filter((outcome) => outcome.failing > 0);
  if (failed.length > 0) {
    throw new ModelTestFailedError(failed);
  }
  return outcomes.length;
}

async function chooseModels(
  client: pg.ClientBase,
  models: readonly Model[],
  request: TransformRequest,
): Promise<Model[]> {
  if (request.select !== undefined || request.tables === undefined) {
    return selectModels(models, request.select);
  }
  const { rows } = await client.query<{ name: string }>(loadQuery('select_model_relations'));
  const built = new Set(rows.map((row) => row.name));
  return withMissingParents(models, selectModelsReading(models, request.tables), built);
}

// SQLSTATE classes no retry can fix: 42 (syntax error, undefined column or table) and 22 (data
// exception, e.g. a cast that fails). Anything else (a lost connection) is retried as it is.
const PERMANENT_SQLSTATE = /^(42|22)/;

/** A model whose SQL PostgreSQL refuses fails the job once, naming the model. */
function asModelError(model: string, err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && PERMANENT_SQLSTATE.test(code) && err instanceof Error) {
    return new ModelError(model, `${err.message} (SQLSTATE ${code})`, { cause: err });
  }
  return err;
}

interface Built {
  model: Model;
  rows: number | null;
  strategy: BuiltModel['strategy'];
  ms: number;
}

async function buildSelected(
  request: TransformRequest,
  deps: TransformDeps,
): Promise<{ built: Built[]; testsPassed: number }> {
  const dir = deps.modelsDir ?? sqlDir('models');
  const declared = loadModels(dir);
  const tests = loadGenericTests(declared, `${dir}/schema.yml`);
  const singular = loadSingularTests(`${dir}/tests`);
  const models = withTestDependencies(declared, tests);
  return withTransformSession(deps, async (client) => {
    const selected = await chooseModels(client, models, request);
    const names = new Set(selected.map((model) => model.name));
    const built: Built[] = [];
    let testsPassed = 0;
    for (const model of selected) {
      deps.signal?.throwIfAborted();
      const started = performance.now();
      const result = await buildModel(model, tests.get(model.name) ?? [], {
        client,
        fullRefresh: request.fullRefresh ?? false,
      }).catch((err: unknown) => {
        throw asModelError(model.name, err);
      });
      testsPassed += await settle(result.tests, deps);
      const ms = performance.now() - started;
      deps.log.info(
        { model: model.name, strategy: result.strategy, rows: result.rows, ms: Math.round(ms) },
        'model built',
      );
      built.push({ model, rows: result.rows, strategy: result.strategy, ms });
    }
    const outcomes: TestOutcome[] = [];
    for (const test of singular.filter((one) => one.refs.some((ref) => names.has(ref)))) {
      outcomes.push(await runSingularTest(client, test));
    }
    testsPassed += await settle(outcomes, deps);
    return { built, testsPassed };
  });
}

/**
 * An incremental merge keeps the gold object already written for the day: exporting a table of
 * hundreds of thousands of plays after every half-hourly poll would cost more than the poll. The
 * day's first build (or a full refresh) writes it; the next day's partition has every change.
 */
async function exportToGold(
  built: Built,
  partitionDate: string,
  deps: TransformDeps,
): Promise<string | null> {
  if (built.model.materialized === 'view') {
    return null;
  }
  if (built.strategy === 'merge') {
    const key = goldKey(built.model.name, partitionDate);
    if ((await objectSize(deps.store, key)) !== null) {
      return key;
    }
  }
  const exported = await exportGold(built.model.name, partitionDate, {
    warehouse: deps.warehouse,
    store: deps.store,
    rowGroupRows: deps.goldRowGroupRows,
    signal: deps.signal,
  });
  deps.log.info({ model: built.model.name, ...exported }, 'gold exported');
  return exported.key;
}

export async function runModels(
  request: TransformRequest,
  deps: TransformDeps,
): Promise<TransformResult> {
  const started = performance.now();
  const { built, testsPassed } = await buildSelected(request, deps);
  const models: ModelResult[] = [];
  for (const one of built) {
    const exportStarted = performance.now();
    const goldKey = await exportToGold(one, request.partitionDate, deps);
    const result: ModelResult = {
      name: one.model.name,
      materialized: one.model.materialized,
      rows: one.rows,
      goldKey,
      ms: one.ms + (performance.now() - exportStarted),
    };
    deps.onModelDone?.(result);
    models.push(result);
  }
  deps.log.info({ models: models.length, testsPassed }, 'models built, tested and exported');
  return { models, testsPassed, ms: performance.now() - started };
}
