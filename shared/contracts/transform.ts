// The transform stage's contract: the root of a run's flow. Builds the SQL models once every
// table's validate child has passed, then exports them to the gold layer.

import { z } from 'zod';
import { runRefSchema, tableNameSchema } from './run';

export const transformJobSchema = runRefSchema.extend({
  tables: z.array(tableNameSchema),
  /** dbt-style selector: `model`, `model+` (and what depends on it); all models when absent. */
  select: z.string().optional(),
  /** Rebuild incremental models from scratch instead of merging new rows. */
  fullRefresh: z.boolean().optional(),
});
export type TransformJob = z.infer<typeof transformJobSchema>;

export const modelResultSchema = z.object({
  name: z.string(),
  materialized: z.enum(['table', 'view', 'incremental']),
  rows: z.number().int().min(0).nullable(),
  goldKey: z.string().nullable(),
  ms: z.number().min(0),
});

export const transformResultSchema = z.object({
  models: z.array(modelResultSchema),
  testsPassed: z.number().int().min(0),
  ms: z.number().min(0),
});
export type TransformResult = z.infer<typeof transformResultSchema>;
