// Backfill routes: plan or start a backfill over a date range, list backfills, read one with
// the state of each date. The coordinator itself runs in the orchestrator (shared/queue).

import type pg from 'pg';
import { z } from 'zod';
import { listBackfills, readBackfill } from '../../../shared/ledger/backfills';
import type { BackfillPlan } from '../../../shared/queue/backfill';
import type { BackfillRequest } from '../../../shared/queue/plan-backfill';
import { backfillInputSchema } from '../../../shared/queue/requests';
import { tablesFor } from '../../../shared/queue/start-run';
import { HttpError } from '../http-errors';
import { defineRoute } from '../route-spec';
import type { RouteSpec } from '../route-spec';
import { ERROR_RESPONSES } from './schemas';

const backfillIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });
const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

const partitionSchema = z.object({
  partition_date: z.string(),
  action: z.enum(['run', 'skip']),
  run_id: z.string().nullable(),
  tables: z.array(z.string()),
  reason: z.string(),
});

const planSchema = z.object({
  backfillId: z.number().int().nullable(),
  dryRun: z.boolean(),
  partitions: z.array(partitionSchema),
  url: z.string().nullable(),
});

const backfillSchema = z
  .object({
    backfill_id: z.number().int(),
    status: z.enum(['running', 'succeeded', 'failed']),
    partitions: z.array(
      partitionSchema.extend({
        started_at: z.string().nullable(),
        run_status: z.string().nullable(),
      }),
    ),
  })
  .loose();

export interface BackfillRouteDeps {
  ledger: pg.Pool;
  createBackfill(request: BackfillRequest, dryRun: boolean): Promise<BackfillPlan>;
}

export function backfillRoutes(deps: BackfillRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/backfills',
      tag: 'backfills',
      summary:
        'Run a pipeline over a date range, at most maxConcurrent runs at a time; dryRun lists what would run',
      body: backfillInputSchema,
      responses: {
        201: {
          description: 'Backfill recorded; its coordinator starts the runs',
          schema: planSchema,
        },
        200: { description: 'Dry run: the plan, nothing recorded', schema: planSchema },
        ...ERROR_RESPONSES,
      },
      handle: async ({ body }) => {
        const plan = await deps.createBackfill(
          {
            pipeline: body.pipeline,
            from: body.from,
            to: body.to,
            tables: tablesFor(body.pipeline, body.tables),
            maxConcurrent: body.maxConcurrent,
            onlyFailed: body.onlyFailed,
            fullRefresh: body.fullRefresh,
          },
          body.dryRun,
        );
        const url = plan.backfillId === null ? null : `/backfills/${plan.backfillId}`;
        return { status: plan.dryRun ? 200 : 201, body: { ...plan, url } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/backfills',
      tag: 'backfills',
      summary: 'The most recent backfills, newest first',
      query: listQuerySchema,
      responses: {
        200: {
          description: 'Backfills',
          schema: z.object({ backfills: z.array(z.record(z.string(), z.unknown())) }),
        },
        ...ERROR_RESPONSES,
      },
      handle: async ({ query }) => ({
        body: { backfills: await listBackfills(deps.ledger, query.limit) },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/backfills/:id',
      tag: 'backfills',
      summary: 'One backfill: each date with its action, run and run status',
      params: backfillIdParamsSchema,
      responses: {
        200: { description: 'The backfill', schema: backfillSchema },
        404: { description: 'No such backfill', schema: ERROR_RESPONSES[400].schema },
        ...ERROR_RESPONSES,
      },
      handle: async ({ params }) => {
        const backfill = await readBackfill(deps.ledger, params.id);
        if (backfill === null) {
          throw new HttpError(404, 'not_found', `backfill ${params.id} does not exist`);
        }
        return { body: backfill };
      },
    }),
  ];
}
