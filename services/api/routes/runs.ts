// Run routes as plain functions: parsed input and dependencies in, a JSON-ready result out. The
// express layer in app.ts parses, calls and serializes; nothing here knows of HTTP.

import type pg from 'pg';
import { z } from 'zod';
import {
  partitionDateSchema,
  pipelineSchema,
  runIdSchema,
  tableNameSchema,
} from '../../../shared/contracts';
import type { RunRequest, StartedRun } from '../../../shared/queue/start-run';
import { loadQuery } from '../../../shared/sql/load-sql';
import { HttpError } from '../http-errors';

export const createRunBodySchema = z.strictObject({
  pipeline: pipelineSchema,
  date: partitionDateSchema,
  tables: z.array(tableNameSchema).min(1).optional(),
  fullRefresh: z.boolean().optional(),
  /** Re-run a date that already ran: `r2` gives run id `<pipeline>-<date>-r2`. */
  rerun: z
    .string()
    .regex(/^[a-z0-9]{1,32}$/)
    .optional(),
});
export type CreateRunBody = z.infer<typeof createRunBodySchema>;

export const runIdParamsSchema = z.object({ id: runIdSchema });

export const listRunsQuerySchema = z.object({
  pipeline: pipelineSchema.optional(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export interface RunDeps {
  warehouse: pg.Pool;
  startRun(request: RunRequest): Promise<StartedRun>;
}

export async function createRun(body: CreateRunBody, deps: RunDeps): Promise<StartedRun> {
  return deps.startRun({
    pipeline: body.pipeline,
    partitionDate: body.date,
    tables: body.tables,
    fullRefresh: body.fullRefresh,
    suffix: body.rerun,
  });
}

export async function getRun(runId: string, deps: Pick<RunDeps, 'warehouse'>) {
  const run = await deps.warehouse.query<Record<string, unknown>>(loadQuery('select_run'), [runId]);
  if (run.rows[0] === undefined) {
    throw new HttpError(404, 'not_found', `run ${runId} does not exist`);
  }
  const stages = await deps.warehouse.query<Record<string, unknown>>(
    loadQuery('select_run_stages'),
    [runId],
  );
  const checks = await deps.warehouse.query<Record<string, unknown>>(
    loadQuery('select_run_checks'),
    [runId],
  );
  return { ...run.rows[0], stages: stages.rows, checks: checks.rows };
}

export async function listRuns(
  query: z.infer<typeof listRunsQuerySchema>,
  deps: Pick<RunDeps, 'warehouse'>,
) {
  const runs = await deps.warehouse.query<Record<string, unknown>>(loadQuery('select_runs'), [
    query.pipeline ?? null,
    query.status ?? null,
    query.limit,
  ]);
  return { runs: runs.rows };
}
