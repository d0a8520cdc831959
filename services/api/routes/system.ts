// Operational routes: /healthz (the only one without the token), /metrics for Prometheus and the
// OpenAPI document.

import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { Health } from '../../../shared/service/health';
import { defineRoute } from '../route-spec';
import type { RouteSpec } from '../route-spec';
import { ERROR_RESPONSES } from './schemas';

const checkSchema = z.object({
  ok: z.boolean(),
  target: z.string(),
  ms: z.number(),
  error: z.string().optional(),
});
const healthSchema = z.object({
  ok: z.boolean(),
  checks: z.object({
    redis: checkSchema,
    mysql: checkSchema,
    postgres: checkSchema,
    s3: checkSchema,
  }),
});

export interface SystemRouteDeps {
  checkHealth(): Promise<Health>;
  metrics: Registry;
  openApi(): unknown;
}

export function systemRoutes(deps: SystemRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      tag: 'system',
      summary: 'Whether Redis, MySQL, PostgreSQL and S3 answer; needs no token',
      isPublic: true,
      responses: {
        200: { description: 'Every server answers', schema: healthSchema },
        503: { description: 'At least one server does not answer', schema: healthSchema },
      },
      handle: async () => {
        const health = await deps.checkHealth();
        return { status: health.ok ? 200 : 503, body: health };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      tag: 'system',
      summary: 'Prometheus metrics: jobs by queue and state, stage durations, rows, failures, runs',
      responses: {
        200: { description: 'Prometheus text exposition format' },
        401: ERROR_RESPONSES[401],
      },
      send: (res, result) => {
        res.type(deps.metrics.contentType).send(result.body);
      },
      handle: async () => ({ body: await deps.metrics.metrics() }),
    }),
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      tag: 'system',
      summary: 'This API described as OpenAPI 3.1',
      responses: { 200: { description: 'The OpenAPI document' }, 401: ERROR_RESPONSES[401] },
      handle: async () => ({ body: deps.openApi() }),
    }),
  ];
}
