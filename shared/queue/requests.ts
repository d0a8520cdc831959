// The shapes of a run request and a backfill request as people send them, over HTTP or the CLI:
// one zod schema each, so both boundaries accept and refuse exactly the same input.

import { z } from 'zod';
import { partitionDateSchema, pipelineSchema, tableNameSchema } from '../contracts';
import type { Pipeline } from '../contracts';
import { daysBetween } from './dates';
import { tableProblem } from './start-run';

export const MAX_BACKFILL_DAYS = 1_000;

function checkTablesBelong(
  value: { pipeline: Pipeline; tables?: readonly string[] | undefined },
  ctx: z.RefinementCtx,
): void {
  value.tables?.forEach((table, index) => {
    const problem = tableProblem(value.pipeline, table);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', path: ['tables', index], message: problem });
    }
  });
}

export const runInputSchema = z
  .strictObject({
    pipeline: pipelineSchema,
    date: partitionDateSchema,
    tables: z.array(tableNameSchema).min(1).optional(),
    fullRefresh: z.boolean().optional(),
    /** Models to build after the load, dbt style: `plays`, `plays+` (and its dependents), `+plays`. */
    select: z
      .string()
      .regex(/^\+?[a-z][a-z0-9_]*\+?$/, 'a model name, optionally with + before or after')
      .optional(),
    /** Re-run a date that already ran: `r2` gives run id `<pipeline>-<date>-r2`. */
    rerun: z
      .string()
      .regex(/^[a-z0-9]{1,32}$/, 'lower-case letters and digits, at most 32')
      .optional(),
  })
  .superRefine(checkTablesBelong);
export type RunInput = z.infer<typeof runInputSchema>;

export const backfillInputSchema = z
  .strictObject({
    pipeline: pipelineSchema,
    from: partitionDateSchema,
    to: partitionDateSchema,
    tables: z.array(tableNameSchema).min(1).optional(),
    maxConcurrent: z.number().int().min(1).max(50).default(2),
    onlyFailed: z.boolean().default(false),
    fullRefresh: z.boolean().default(false),
    dryRun: z.boolean().default(false),
  })
  .superRefine(checkTablesBelong)
  .superRefine((body, ctx) => {
    const days = daysBetween(body.from, body.to);
    if (days < 0) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    } else if (days >= MAX_BACKFILL_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `a backfill covers at most ${MAX_BACKFILL_DAYS} days; split the range`,
      });
    }
  });
export type BackfillInput = z.infer<typeof backfillInputSchema>;
