// The validate stage as the worker runs it: checks its pg-load commit child's load.

import type { Config } from '../../shared/config';
import {
  pgLoadCommitResultSchema,
  QUEUES,
  validateJobSchema,
  validateResultSchema,
} from '../../shared/contracts';
import type { ValidateJob, ValidateResult } from '../../shared/contracts';
import { onlyChild } from '../../shared/queue/only-child';
import type { StageDefinition } from '../../shared/queue/stage-worker';
import type { Clients } from '../../shared/service/clients';
import { validateTable } from './validate-table';

export function createValidateStage(
  clients: Clients,
  _config: Config,
): StageDefinition<ValidateJob, ValidateResult> {
  return {
    queue: QUEUES.validate,
    payloadSchema: validateJobSchema,
    resultSchema: validateResultSchema,
    ledgerRef: (payload) => ({ table: payload.table, stage: 'validate', part: 0 }),
    summarize: (result) => ({
      rowsIn: result.counts.loaded,
      rowsOut: result.counts.loaded,
      bytes: null,
    }),
    handle: async (payload, context) => {
      const load = onlyChild(payload, await context.childResults(pgLoadCommitResultSchema));
      return validateTable(payload, load, { warehouse: clients.warehouse, log: context.log });
    },
  };
}
