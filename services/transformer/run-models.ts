// Runs the SQL models in dependency order after a run's tables are validated.

import type pg from 'pg';
import type { TransformJob, TransformResult } from '../../shared/contracts';
import type { Logger } from '../../shared/logger';
import { buildModel } from './build-model';
import { orderModels } from './graph';
import { loadModels } from './models';

export interface TransformDeps {
  warehouse: pg.Pool;
  log: Logger;
}

export async function runModels(_job: TransformJob, deps: TransformDeps): Promise<TransformResult> {
  const started = performance.now();
  const models = orderModels(loadModels());
  const results: TransformResult['models'] = [];
  for (const model of models) {
    const modelStarted = performance.now();
    const built = await buildModel(deps.warehouse, model);
    const ms = performance.now() - modelStarted;
    deps.log.info({ model: model.name, rows: built.rows, ms: Math.round(ms) }, 'model built');
    results.push({
      name: model.name,
      materialized: model.materialized,
      rows: built.rows,
      goldKey: null,
      ms,
    });
  }
  deps.log.info({ models: results.length }, 'models built');
  return { models: results, testsPassed: 0, ms: performance.now() - started };
}
