// Builds a run as one BullMQ flow: a transform root whose children are, per table,
// validate <- pg-load commit <- (pg-load part <- s3-load <- extract) per part.
// A stage starts only when its input exists, and a failed stage is retried alone.

import type { FlowJob, JobsOptions } from 'bullmq';
import { buildJobId, extractQueueFor, QUEUES } from '../contracts';
import type {
  ExtractJob,
  Part,
  PgLoadCommitJob,
  PgLoadPartJob,
  RunRef,
  S3LoadJob,
  TransformJob,
  ValidateJob,
} from '../contracts';

export interface TablePlan {
  table: string;
  parts: readonly Part[];
}

export interface RunFlowOptions {
  attempts: number;
  fullRefresh: boolean;
  select?: string;
}

export function stageJobOptions(jobId: string, attempts: number): JobsOptions {
  return {
    jobId,
    attempts,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 14 * 24 * 3600, count: 50_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export function buildRunFlow(
  run: RunRef,
  plans: readonly TablePlan[],
  options: RunFlowOptions,
): FlowJob {
  const transform: TransformJob = {
    ...run,
    tables: plans.map((plan) => plan.table),
    ...(options.select === undefined ? {} : { select: options.select }),
    ...(options.fullRefresh ? { fullRefresh: true } : {}),
  };
  return {
    name: run.pipeline,
    queueName: QUEUES.transform,
    data: transform,
    opts: stageJobOptions(buildJobId(run.runId, 'transform'), options.attempts),
    children: plans.map((plan) => buildTableBranch(run, plan, options)),
  };
}

function buildTableBranch(run: RunRef, plan: TablePlan, options: RunFlowOptions): FlowJob {
  const { table } = plan;
  const opts = (jobId: string): JobsOptions => stageJobOptions(jobId, options.attempts);
  const validate: ValidateJob = { ...run, table };
  const commit: PgLoadCommitJob = { ...run, kind: 'commit', table, parts: plan.parts.length };
  return {
    name: table,
    queueName: QUEUES.validate,
    data: validate,
    opts: opts(buildJobId(run.runId, 'validate', table)),
    children: [
      {
        name: table,
        queueName: QUEUES.pgLoad,
        data: commit,
        opts: opts(buildJobId(run.runId, 'pg-commit', table)),
        children: plan.parts.map((part) => {
          const load: PgLoadPartJob = { ...run, kind: 'part', table, part };
          const s3Load: S3LoadJob = { ...run, table, part };
          const extract: ExtractJob = { ...run, table, part, fullRefresh: options.fullRefresh };
          return {
            name: table,
            queueName: QUEUES.pgLoad,
            data: load,
            opts: opts(buildJobId(run.runId, 'pg-load', table, part)),
            children: [
              {
                name: table,
                queueName: QUEUES.s3Load,
                data: s3Load,
                opts: opts(buildJobId(run.runId, 's3-load', table, part)),
                children: [
                  {
                    name: table,
                    queueName: extractQueueFor(run.pipeline),
                    data: extract,
                    opts: opts(buildJobId(run.runId, 'extract', table, part)),
                  },
                ],
              },
            ],
          };
        }),
      },
    ],
  };
}
