// The extract stage as the worker runs it: payload in, bronze objects out. Dispatches on the
// table's source; the core functions never see a Job.

import { getTable } from '../../shared/catalog';
import { extractJobSchema, extractResultSchema, QUEUES } from '../../shared/contracts';
import type { ExtractJob, ExtractResult } from '../../shared/contracts';
import { PermanentError } from '../../shared/errors';
import type { StageDefinition } from '../../shared/queue/stage-worker';
import type { Clients } from '../../shared/service/clients';
import type { Config } from '../../shared/config';
import { extractMysqlPart } from './extract-mysql';

export function createExtractStage(
  clients: Clients,
  config: Config,
): StageDefinition<ExtractJob, ExtractResult> {
  return {
    queue: QUEUES.extract,
    payloadSchema: extractJobSchema,
    resultSchema: extractResultSchema,
    ledgerRef: (payload) => ({ table: payload.table, stage: 'extract', part: payload.part.index }),
    summarize: (result) => ({
      rowsIn: result.counts.extracted,
      rowsOut: result.counts.extracted,
      bytes: result.bytes,
    }),
    handle: async (payload, context) => {
      const table = getTable(payload.table);
      if (table.source !== 'mysql') {
        throw new PermanentError(`the extractor has no reader for the ${table.source} source yet`);
      }
      return extractMysqlPart(payload, {
        mysql: clients.mysql,
        warehouse: clients.warehouse,
        store: clients.store,
        log: context.log,
        signal: context.signal,
        objectRows: config.tuning.bronzeObjectRows,
        onProgress: context.progress,
      });
    },
  };
}
