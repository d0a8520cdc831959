// The pg-load stage as the worker runs it: a `part` job stages its s3-load child's silver object;
// a `commit` job applies every staged part of the table at once.

import type { Config } from '../../shared/config';
import {
  pgLoadJobSchema,
  pgLoadPartResultSchema,
  pgLoadResultSchema,
  QUEUES,
  s3LoadResultSchema,
} from '../../shared/contracts';
import type { PgLoadJob, PgLoadResult } from '../../shared/contracts';
import { onlyChild } from '../../shared/queue/only-child';
import type { StageDefinition } from '../../shared/queue/stage-worker';
import type { Clients } from '../../shared/service/clients';
import { commitLoad } from './commit-load';
import { stageSilverPart } from './stage-part';

export function createPgLoadStage(
  clients: Clients,
  _config: Config,
): StageDefinition<PgLoadJob, PgLoadResult> {
  return {
    queue: QUEUES.pgLoad,
    payloadSchema: pgLoadJobSchema,
    resultSchema: pgLoadResultSchema,
    ledgerRef: (payload) =>
      payload.kind === 'part'
        ? { table: payload.table, stage: 'pg-load', part: payload.part.index }
        : { table: payload.table, stage: 'pg-commit', part: 0 },
    summarize: (result) =>
      result.kind === 'part'
        ? { rowsIn: result.counts.silver, rowsOut: result.rows, bytes: result.bytes }
        : { rowsIn: result.staged, rowsOut: result.rowsInTarget, bytes: null },
    handle: async (payload, context) => {
      if (payload.kind === 'part') {
        const silver = onlyChild(payload, await context.childResults(s3LoadResultSchema));
        return stageSilverPart(payload, silver, {
          warehouse: clients.warehouse,
          store: clients.store,
          log: context.log,
          signal: context.signal,
          onProgress: context.progress,
        });
      }
      const parts = await context.childResults(pgLoadPartResultSchema);
      return commitLoad(payload, parts, { warehouse: clients.warehouse, log: context.log });
    },
  };
}
