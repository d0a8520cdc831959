// The validate stage's contract: reconcile a table's counts across stages and run its checks.

import { z } from 'zod';
import { countsSchema, runRefSchema, tableNameSchema } from './run';

export const validateJobSchema = runRefSchema.extend({
  table: tableNameSchema,
});
export type ValidateJob = z.infer<typeof validateJobSchema>;

export const checkResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  observed: z.number().nullable(),
  expected: z.number().nullable(),
  detail: z.string(),
  /** How long the check took; checks computed by one statement share its time. */
  ms: z.number().min(0).optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const validateResultSchema = z.object({
  table: tableNameSchema,
  checks: z.array(checkResultSchema),
  counts: countsSchema,
  ms: z.number().min(0),
});
export type ValidateResult = z.infer<typeof validateResultSchema>;
