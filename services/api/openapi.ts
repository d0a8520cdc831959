// Builds the OpenAPI 3.1 document from the route specs: paths, parameters, request bodies and
// responses all come from the same zod schemas that validate the requests.

import { z } from 'zod';
import type { RouteSpec } from './route-spec';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  // OpenAPI 3.1 states the dialect once for the document, not per schema.
  const rest: JsonSchema = { ...json };
  delete rest.$schema;
  return rest;
}

/** Path and query schemas become one OpenAPI parameter per property. */
function toParameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) {
    return [];
  }
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

function toOperation(route: RouteSpec): JsonSchema {
  const responses: JsonSchema = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema === undefined
        ? {}
        : { content: { 'application/json': { schema: toSchema(response.schema, 'output') } } }),
    };
  }
  return {
    summary: route.summary,
    tags: [route.tag],
    ...(route.isPublic === true ? { security: [] } : {}),
    parameters: [...toParameters(route.params, 'path'), ...toParameters(route.query, 'query')],
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(route.body, 'input') } },
          },
        }),
    responses,
  };
}

export function buildOpenApi(routes: readonly RouteSpec[], version: string): JsonSchema {
  const paths: Record<string, JsonSchema> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: toOperation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'spotlake API',
      version,
      description:
        'Start, follow, retry and backfill pipeline runs. Every route but /healthz needs ' +
        '`Authorization: Bearer <token>` (or the session cookie set by /login).',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
