// The transform stage as the worker runs it: the root of a run's flow. When it runs, every table's
// validate child has passed; it builds and tests the models, exports the gold layer, records the
// tests in the ledger and closes the run.

import type { Config } from '../../shared/config';
import { QUEUES, transformJobSchema, transformResultSchema } from '../../shared/contracts';
import type { TransformJob, TransformResult } from '../../shared/contracts';
import { recordChecks, updateRunStatus } from '../../shared/ledger/ledger';
import type { StageDefinition } from '../../shared/queue/stage-worker';
import type { Clients } from '../../shared/service/clients';
import { runModels } from './run-models';

export function createTransformStage(
  clients: Clients,
  config: Config,
): StageDefinition<TransformJob, TransformResult> {
  return {
    queue: QUEUES.transform,
    payloadSchema: transformJobSchema,
    resultSchema: transformResultSchema,
    ledgerRef: () => ({ table: '*', stage: 'transform', part: 0 }),
    summarize: (result) => ({
      rowsIn: null,
      rowsOut: result.models.reduce((sum, model) => sum + (model.rows ?? 0), 0),
      bytes: null,
    }),
    handle: async (payload, context) => {
      const result = await runModels(payload, {
        warehouse: clients.warehouse,
        store: clients.store,
        log: context.log,
        signal: context.signal,
        timezone: config.models.timezone,
        goldRowGroupRows: config.models.goldRowGroupRows,
        workMem: config.models.workMem,
        recordTests: async (outcomes) => {
          for (const outcome of outcomes) {
            await recordChecks(clients.warehouse, payload.runId, `analytics.${outcome.model}`, [
              {
                name: outcome.test,
                passed: outcome.failing === 0,
                observed: outcome.failing,
                expected: 0,
                detail: `${outcome.test} on ${outcome.model}: ${outcome.failing} failing rows`,
                ms: outcome.ms,
              },
            ]);
          }
        },
      });
      await updateRunStatus(clients.warehouse, payload.runId, 'succeeded');
      return result;
    },
  };
}
