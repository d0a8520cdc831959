// Runs one stage's handler as a BullMQ Worker: parses the payload (a bad one fails once, naming the
// field), scopes a child logger to the job, records the stage in the run ledger, and parses the
// result that the next stage will read. Handlers never see a Job.

import { WaitingError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { z } from 'zod';
import { coerceError, isPermanent, PayloadError, RateLimitedError } from '../errors';
import type { StageName } from '../contracts/run';
import { recordStageEnd, recordStageStart, updateRunStatus } from '../ledger/ledger';
import type { StageRef } from '../ledger/ledger';
import type { Logger } from '../logger';

export interface StageContext {
  log: Logger;
  signal: AbortSignal;
  jobId: string;
  /** Reports rows handled so far; shows as the job's progress in Bull Board. */
  progress: (rows: number) => Promise<void>;
  /** The parsed results of this job's children in the flow, in part order. */
  childResults<T>(schema: z.ZodType<T>): Promise<T[]>;
}

export interface LedgerSummary {
  rowsIn: number | null;
  rowsOut: number | null;
  bytes: number | null;
}

export interface StageDefinition<P extends { runId: string }, R> {
  queue: string;
  payloadSchema: z.ZodType<P>;
  resultSchema: z.ZodType<R>;
  /** Where the job shows in the run ledger. */
  ledgerRef(payload: P): { table: string; stage: StageName; part: number };
  summarize(result: R): LedgerSummary;
  handle(payload: P, context: StageContext): Promise<R>;
}

export interface StageWorkerDeps {
  connection: Redis;
  prefix: string;
  ledger: pg.Pool;
  log: Logger;
  concurrency: number;
  /** Jobs per window across every worker of the queue (BullMQ's limiter, kept in Redis). */
  limiter?: { max: number; duration: number };
}

export function createStageWorker<P extends { runId: string }, R>(
  stage: StageDefinition<P, R>,
  deps: StageWorkerDeps,
): Worker<unknown, R> {
  const processor = async (job: Job<unknown, R>, token?: string, signal?: AbortSignal) => {
    try {
      return await runStageJob(stage, deps, job, {
        token,
        signal: signal ?? new AbortController().signal,
      });
    } catch (err) {
      // An upstream 429 pauses the whole queue (every replica) instead of this job retrying
      // alone; the job goes back to waiting without spending an attempt.
      if (err instanceof RateLimitedError) {
        await worker.rateLimit(err.retryAfterMs);
        throw Worker.RateLimitError();
      }
      throw err;
    }
  };
  const worker: Worker<unknown, R> = new Worker<unknown, R>(stage.queue, processor, {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency,
    autorun: true,
    // A long COPY or Parquet encode must not look stalled while it holds the event loop briefly.
    lockDuration: 60_000,
    maxStalledCount: 2,
    ...(deps.limiter === undefined ? {} : { limiter: deps.limiter }),
  });
  return worker;
}

export function parsePayload<P>(queue: string, schema: z.ZodType<P>, data: unknown): P {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new PayloadError(queue, z.prettifyError(parsed.error));
  }
  return parsed.data;
}

async function runStageJob<P extends { runId: string }, R>(
  stage: StageDefinition<P, R>,
  deps: StageWorkerDeps,
  job: Job<unknown, R>,
  lease: { token: string | undefined; signal: AbortSignal },
): Promise<R> {
  const { signal } = lease;
  const jobId = job.id ?? job.name;
  const started = performance.now();
  let payload: P;
  try {
    payload = parsePayload(stage.queue, stage.payloadSchema, job.data);
  } catch (err) {
    deps.log.error({ err, queue: stage.queue, jobId }, 'job payload rejected');
    throw err;
  }
  const where = stage.ledgerRef(payload);
  const ref: StageRef = { runId: payload.runId, ...where };
  const log = deps.log.child({
    runId: payload.runId,
    table: where.table,
    stage: where.stage,
    jobId,
  });
  await recordStageStart(deps.ledger, ref, {
    jobId,
    queue: stage.queue,
    attempts: job.attemptsMade + 1,
  });
  log.info({ attempt: job.attemptsMade + 1 }, 'stage started');
  try {
    const result = await untilAborted(
      stage.handle(payload, makeContext(job, log, signal, jobId)),
      signal,
      log,
    );
    const parsed = stage.resultSchema.parse(result);
    const ms = performance.now() - started;
    const summary = stage.summarize(parsed);
    await recordStageEnd(deps.ledger, ref, {
      status: 'completed',
      ...summary,
      ms,
      error: null,
      result: parsed,
    });
    await job.log(`completed in ${Math.round(ms)} ms: ${JSON.stringify(summary)}`);
    log.info({ ...summary, ms: Math.round(ms) }, 'stage completed');
    return parsed;
  } catch (thrown) {
    if (signal.aborted) {
      await releaseJob(job, lease.token, deps.ledger, ref, performance.now() - started);
      log.info('stage released at shutdown; another worker picks it up');
      throw new WaitingError();
    }
    const err = coerceError(thrown);
    const isRateLimited = err instanceof RateLimitedError;
    const isFinal =
      !isRateLimited && (isPermanent(err) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    await recordStageEnd(deps.ledger, ref, {
      status: isFinal ? 'failed' : 'retrying',
      rowsIn: null,
      rowsOut: null,
      bytes: null,
      ms: performance.now() - started,
      error: err.message,
      result: null,
    });
    if (isFinal) {
      await updateRunStatus(
        deps.ledger,
        payload.runId,
        'failed',
        `${where.table} ${where.stage}: ${err.message}`,
      );
    }
    if (isRateLimited) {
      log.warn({ retryAfterMs: err.retryAfterMs }, 'rate limited; queue paused');
    } else {
      log.error({ err, isFinal, attempt: job.attemptsMade + 1 }, 'stage failed');
    }
    throw err;
  }
}

/**
 * Settles with the handler, or rejects as soon as `signal` aborts (shutdown) even if the handler
 * is stuck on a server that does not answer; the process exits soon after and takes it along.
 */
async function untilAborted<R>(work: Promise<R>, signal: AbortSignal, log: Logger): Promise<R> {
  if (signal.aborted) {
    throw signal.reason;
  }
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(coerceError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // Once released, the handler's own outcome no longer matters; it is logged, not thrown.
  work.catch((err: unknown) => {
    if (signal.aborted) {
      log.debug({ err }, 'released handler stopped');
    }
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Hands an active job back to the wait list, costing no attempt, and says so in the ledger. */
async function releaseJob(
  job: Job,
  token: string | undefined,
  ledger: pg.Pool,
  ref: StageRef,
  ms: number,
): Promise<void> {
  await recordStageEnd(ledger, ref, {
    status: 'released',
    rowsIn: null,
    rowsOut: null,
    bytes: null,
    ms,
    error: 'released at shutdown',
    result: null,
  });
  await job.moveToWait(token);
}

function makeContext<R>(
  job: Job<unknown, R>,
  log: Logger,
  signal: AbortSignal,
  jobId: string,
): StageContext {
  return {
    log,
    signal,
    jobId,
    progress: (rows) => job.updateProgress({ rows }),
    childResults: async <T>(schema: z.ZodType<T>): Promise<T[]> => {
      const values = await job.getChildrenValues();
      return Object.keys(values)
        .sort()
        .map((key) => schema.parse(values[key]));
    },
  };
}
