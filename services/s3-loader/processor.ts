// The s3-load stage as the worker runs it: reads its extract child's bronze keys, writes silver.

import type { Config } from '../../shared/config';
import {
  extractResultSchema,
  QUEUES,
  s3LoadJobSchema,
  s3LoadResultSchema,
} from '../../shared/contracts';
import type { S3LoadJob, S3LoadResult } from '../../shared/contracts';
import type { StageDefinition } from '../../shared/queue/stage-worker';
import { onlyChild } from '../../shared/queue/only-child';
import type { Clients } from '../../shared/service/clients';
import { writeSilverPart } from './write-silver';

export function createS3LoadStage(
  clients: Clients,
  config: Config,
): StageDefinition<S3LoadJob, S3LoadResult> {
  return {
    queue: QUEUES.s3Load,
    payloadSchema: s3LoadJobSchema,
    resultSchema: s3LoadResultSchema,
    ledgerRef: (payload) => ({ table: payload.table, stage: 's3-load', part: payload.part.index }),
    summarize: (result) => ({
      rowsIn: result.counts.bronze,
      rowsOut: result.counts.silver,
      bytes: result.bytes,
    }),
    handle: async (payload, context) => {
      const extracted = onlyChild(payload, await context.childResults(extractResultSchema));
      return writeSilverPart(payload, extracted, {
        store: clients.store,
        log: context.log,
        signal: context.signal,
        rowGroupRows: config.tuning.silverRowGroupRows,
        onProgress: context.progress,
      });
    },
  };
}
