// The transform stage as the worker runs it: the root of a run's flow. When it runs, every table's
// validate child has passed; it builds the models and closes the run in the ledger.

import type { Config } from '../../shared/config';
import { QUEUES, transformJobSchema, transformResultSchema } from '../../shared/contracts';
import type { TransformJob, TransformResult } from '../../shared/contracts';
import { updateRunStatus } from '../../shared/ledger/ledger';
import type { StageDefinition } from '../../shared/queue/stage-worker';
import type { Clients } from '../../shared/service/clients';
import { runModels } from './run-models';

export function createTransformStage(
  clients: Clients,
  _config: Config,
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
      const result = await runModels(payload, { warehouse: clients.warehouse, log: context.log });
      await updateRunStatus(clients.warehouse, payload.runId, 'succeeded');
      return result;
    },
  };
}
