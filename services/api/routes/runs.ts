// Run routes: start a run, list runs, read one from the ledger, retry its failed stage jobs.
// Handlers take parsed input and return a result; route-spec.ts does the HTTP.

import { z } from 'zod';
import { pipelineSchema, runIdSchema } from '../../../shared/contracts';
import { listRuns, readRun } from '../../../shared/ledger/run-report';
import { runInputSchema } from '../../../shared/queue/requests';
import type pg from 'pg';
import { RetryRefusedError } from '../../../shared/queue/retry-run';
import type { RetriedJob } from '../../../shared/queue/retry-run';
import type { RunRequest, StartedRun } from '../../../shared/queue/start-run';
import { HttpError } from '../http-errors';
import { defineRoute } from '../route-spec';
import type { RouteSpec } from '../route-spec';
import { ERROR_RESPONSES } from './schemas';

const runIdParamsSchema = z.object({ id: runIdSchema });

const listRunsQuerySchema = z.object({
  pipeline: pipelineSchema.optional(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const startedRunSchema = z.object({
  runId: z.string(),
  created: z.boolean(),
  tables: z.array(z.string()),
  jobs: z.number().int(),
  url: z.string(),
});

const runSchema = z
  .object({
    run_id: z.string(),
    pipeline: pipelineSchema,
    partition_date: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    error: z.string().nullable(),
    jobs: z.number().int().nullable(),
    stages: z.array(z.record(z.string(), z.unknown())),
    counts: z.array(z.record(z.string(), z.unknown())),
    checks: z.array(z.record(z.string(), z.unknown())),
    errors: z.array(
      z.object({
        table: z.string(),
        stage: z.string(),
        part: z.number(),
        status: z.string(),
        error: z.string(),
      }),
    ),
  })
  .loose();

const retriedSchema = z.object({
  runId: z.string(),
  retried: z.array(
    z.object({ jobId: z.string(), queue: z.string(), table: z.string(), stage: z.string() }),
  ),
});

export interface RunRouteDeps {
  ledger: pg.Pool;
  startRun(request: RunRequest): Promise<StartedRun>;
  retryRun(runId: string): Promise<RetriedJob[]>;
}

export function runRoutes(deps: RunRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/runs',
      tag: 'runs',
      summary:
        'Start a run (pipeline x date x tables); the same run id again returns the existing run',
      body: runInputSchema,
      responses: {
        201: { description: 'Run created and enqueued', schema: startedRunSchema },
        200: {
          description: 'The run already existed; nothing new was enqueued',
          schema: startedRunSchema,
        },
        409: {
          description:
            'Another run of the same pipeline and date is still loading one of these tables',
          schema: ERROR_RESPONSES[400].schema,
        },
        ...ERROR_RESPONSES,
      },
      handle: async ({ body }) => {
        const started = await deps.startRun({
          pipeline: body.pipeline,
          partitionDate: body.date,
          tables: body.tables,
          fullRefresh: body.fullRefresh,
          select: body.select,
          suffix: body.rerun,
        });
        return {
          status: started.created ? 201 : 200,
          body: { ...started, url: `/runs/${started.runId}` },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/runs',
      tag: 'runs',
      summary: 'The most recent runs, newest first',
      query: listRunsQuerySchema,
      responses: {
        200: {
          description: 'Runs',
          schema: z.object({ runs: z.array(z.record(z.string(), z.unknown())) }),
        },
        ...ERROR_RESPONSES,
      },
      handle: async ({ query }) => ({ body: { runs: await listRuns(deps.ledger, query) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/runs/:id',
      tag: 'runs',
      summary: 'One run from the ledger: stage jobs, rows per table and stage, checks, errors',
      params: runIdParamsSchema,
      responses: {
        200: { description: 'The run', schema: runSchema },
        404: { description: 'No such run', schema: ERROR_RESPONSES[400].schema },
        ...ERROR_RESPONSES,
      },
      handle: async ({ params }) => {
        const run = await readRun(deps.ledger, params.id);
        if (run === null) {
          throw new HttpError(404, 'not_found', `run ${params.id} does not exist`);
        }
        return { body: run };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/runs/:id/retry',
      tag: 'runs',
      summary: 'Retry the failed stage jobs of a run, and only those; the flow then resumes',
      params: runIdParamsSchema,
      responses: {
        202: { description: 'Failed stage jobs sent back to their queues', schema: retriedSchema },
        404: { description: 'No such run', schema: ERROR_RESPONSES[400].schema },
        409: {
          description: 'The run has no failed stage job',
          schema: ERROR_RESPONSES[400].schema,
        },
        ...ERROR_RESPONSES,
      },
      handle: async ({ params }) => {
        try {
          const retried = await deps.retryRun(params.id);
          return { status: 202, body: { runId: params.id, retried } };
        } catch (err) {
          if (err instanceof RetryRefusedError) {
            const status = err.reason === 'not_found' ? 404 : 409;
            throw new HttpError(status, err.reason, err.message);
          }
          throw err;
        }
      },
    }),
  ];
}
