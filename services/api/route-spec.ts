// One declaration per HTTP route: its method, path, input schemas, responses and a handler over
// parsed input. The same list mounts the routes, generates /openapi.json and drives the test
// that every route but /healthz requires the token, so none of the three can drift.

import express from 'express';
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { parseInput } from './http-errors';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface RouteResult {
  status?: number;
  body: unknown;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'get' | 'post';
  /** An express path: `/runs/:id`. */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Answered without the token (only /healthz). */
  isPublic?: boolean;
  /** For routes that answer text or HTML: writes the response itself. */
  send?: (res: Response, result: RouteResult) => void;
  handle(input: RouteInput<P, Q, B>): Promise<RouteResult>;
}

/** Infers a spec's input types from its schemas; the result lists with specs of other shapes. */
export function defineRoute<P, Q, B>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec;
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  return (schema === undefined ? undefined : parseInput(schema, value, where)) as T;
}

export function mountRoutes(routes: readonly RouteSpec[]): Router {
  const router = express.Router();
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const result = await route.handle({
        params: parsePart(route.params, req.params, 'path'),
        query: parsePart(route.query, req.query, 'query'),
        body: parsePart(route.body, req.body, 'request body'),
      });
      if (route.send !== undefined) {
        route.send(res, result);
        return;
      }
      res.status(result.status ?? 200).json(result.body);
    });
  }
  return router;
}
