// The project's typed errors. Permanent failures extend BullMQ's UnrecoverableError so a job fails
// once instead of burning its attempts; anything else is retried with backoff.
// Messages read alone and never carry a secret, a URL with credentials, or row data beyond a key.

import { UnrecoverableError } from 'bullmq';

/** A failure that no retry can fix: bad payload, bad config, schema drift, a failed check. */
export class PermanentError extends UnrecoverableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'PermanentError';
    if (options?.cause !== undefined) {
      this.cause = options.cause;
    }
  }
}

export class ConfigError extends PermanentError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export class PayloadError extends PermanentError {
  readonly queue: string;

  constructor(queue: string, detail: string) {
    super(`invalid ${queue} job payload: ${detail}`);
    this.name = 'PayloadError';
    this.queue = queue;
  }
}

export class UnknownTableError extends PermanentError {
  readonly table: string;

  constructor(table: string) {
    super(`table ${table} is not in the catalog`);
    this.name = 'UnknownTableError';
    this.table = table;
  }
}

export class SchemaDriftError extends PermanentError {
  readonly table: string;
  readonly column: string;

  constructor(table: string, column: string, detail: string) {
    super(`schema drift in ${table}: ${column} ${detail}`);
    this.name = 'SchemaDriftError';
    this.table = table;
    this.column = column;
  }
}

export class CheckFailedError extends PermanentError {
  readonly table: string;
  readonly check: string;

  constructor(table: string, check: string, detail: string) {
    super(`check ${check} failed on ${table}: ${detail}`);
    this.name = 'CheckFailedError';
    this.table = table;
    this.check = check;
  }
}

/** An upstream API said "too many requests": the caller pauses its whole queue for retryAfterMs. */
export class RateLimitedError extends Error {
  readonly retryAfterMs: number;

  constructor(service: string, retryAfterMs: number) {
    super(`${service} is rate limiting us; retry after ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'RateLimitedError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** A SQL model (or its test file) that cannot be parsed, ordered or built as written. */
export class ModelError extends PermanentError {
  readonly model: string;

  constructor(model: string, detail: string, options?: { cause?: unknown }) {
    super(`model ${model}: ${detail}`, options);
    this.name = 'ModelError';
    this.model = model;
  }
}

/** One or more data tests of the models returned rows; each failure names model, test and count. */
export class ModelTestFailedError extends PermanentError {
  readonly failures: readonly { model: string; test: string; failing: number }[];

  constructor(failures: readonly { model: string; test: string; failing: number }[]) {
    const lines = failures.map(
      (failure) =>
        `model ${failure.model}: test ${failure.test} failed with ${failure.failing} failing ${failure.failing === 1 ? 'row' : 'rows'}`,
    );
    super(lines.join('; '));
    this.name = 'ModelTestFailedError';
    this.failures = failures;
  }
}

/** A dependency (server) is unreachable; transient for a job, fatal for a bootstrap. */
export class ConnectError extends Error {
  readonly service: string;
  readonly target: string;

  constructor(service: string, target: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`cannot reach ${service} at ${target}${reason}`, options);
    this.name = 'ConnectError';
    this.service = service;
    this.target = target;
  }
}

/** Normalizes anything thrown into an Error, keeping the original as `cause`. */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) {
    return thrown;
  }
  return new Error(typeof thrown === 'string' ? thrown : `non-error thrown: ${String(thrown)}`, {
    cause: thrown,
  });
}

export function isPermanent(err: unknown): boolean {
  return err instanceof UnrecoverableError;
}
