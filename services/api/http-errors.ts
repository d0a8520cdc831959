// Builds every HTTP error body the API sends: { error: { status, code, message, fields? } }.
// A 400 names the fields that were wrong.

import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { PermanentError, UnknownTableError } from '../../shared/errors';
import { RunBusyError } from '../../shared/ledger/ledger';
import type { Logger } from '../../shared/logger';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendError(res: Response, error: HttpError): void {
  res.status(error.status).json({
    error: {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.fields === undefined ? {} : { fields: error.fields }),
    },
  });
}

/** Parses request input with a schema; a failure is a 400 naming each bad field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, where: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    return parsed.data;
  }
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        fields[[...issue.path, key].join('.')] = 'not a known field';
      }
      continue;
    }
    fields[issue.path.join('.') || where] = issue.message;
  }
  const names = Object.keys(fields).join(', ');
  throw new HttpError(400, 'invalid_request', `invalid ${where}: ${names}`, fields);
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof HttpError) {
      sendError(res, err);
      return;
    }
    if (err instanceof UnknownTableError || err instanceof RangeError) {
      sendError(res, new HttpError(400, 'invalid_request', err.message));
      return;
    }
    if (err instanceof SyntaxError && 'body' in err) {
      sendError(res, new HttpError(400, 'invalid_json', 'the request body is not valid JSON'));
      return;
    }
    if (err instanceof RunBusyError) {
      sendError(res, new HttpError(409, 'run_busy', err.message));
      return;
    }
    if (err instanceof PermanentError) {
      sendError(res, new HttpError(422, 'unprocessable', err.message));
      return;
    }
    log.error({ err, method: req.method, path: req.path }, 'request failed');
    sendError(res, new HttpError(500, 'internal', 'internal error; see the API log'));
  };
}

/** One log line per request: method, path, status and time; never headers, bodies or the query. */
export function logRequests(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      log.debug(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    next();
  };
}
