// Retries the failed stage jobs of a run, and only those. In a flow a failed child leaves its
// parent waiting, so once the retried jobs complete the run resumes where it stopped.

import type { Job, Queue } from 'bullmq';
import type pg from 'pg';
import { loadQuery } from '../sql/load-sql';

export interface RetriedJob {
  jobId: string;
  queue: string;
  table: string;
  stage: string;
}

export interface RetryRunDeps {
  ledger: pg.Pool;
  /** Stage queues by name. */
  queues: ReadonlyMap<string, Queue>;
}

/** Why a run could not be retried: it does not exist, or it has nothing failed to retry. */
export class RetryRefusedError extends Error {
  constructor(
    readonly reason: 'not_found' | 'nothing_to_retry',
    message: string,
  ) {
    super(message);
    this.name = 'RetryRefusedError';
  }
}

interface UnfinishedStage {
  table_name: string;
  stage: string;
  job_id: string;
  queue: string;
}

/** The run's stage jobs that BullMQ holds as failed (the ledger may say active if a worker died). */
async function findFailedJobs(
  runId: string,
  deps: RetryRunDeps,
): Promise<{ job: Job; stage: UnfinishedStage }[]> {
  const unfinished = await deps.ledger.query<UnfinishedStage>(
    loadQuery('select_unfinished_stages'),
    [runId],
  );
  const failed: { job: Job; stage: UnfinishedStage }[] = [];
  for (const stage of unfinished.rows) {
    const job = await deps.queues.get(stage.queue)?.getJob(stage.job_id);
    if (job !== undefined && (await job.getState()) === 'failed') {
      failed.push({ job, stage });
    }
  }
  return failed;
}

export async function retryRun(runId: string, deps: RetryRunDeps): Promise<RetriedJob[]> {
  const run = await deps.ledger.query(loadQuery('select_run'), [runId]);
  if (run.rowCount === 0) {
    throw new RetryRefusedError('not_found', `run ${runId} does not exist`);
  }
  const failed = await findFailedJobs(runId, deps);
  if (failed.length === 0) {
    throw new RetryRefusedError(
      'nothing_to_retry',
      `run ${runId} has no failed stage job to retry; to run the date again, start a run with rerun`,
    );
  }
  const jobIds = failed.map(({ stage }) => stage.job_id);
  // The ledger first: a retried job may start before this returns, and must find its run open.
  await deps.ledger.query(loadQuery('update_stages_retrying'), [runId, jobIds]);
  for (const { job } of failed) {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }
  return failed.map(({ stage }) => ({
    jobId: stage.job_id,
    queue: stage.queue,
    table: stage.table_name,
    stage: stage.stage,
  }));
}
