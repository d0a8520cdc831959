// The extract stage's contract: source table (or part of it) -> bronze objects on S3.

import { z } from 'zod';
import { countsSchema, partSchema, runRefSchema, strategyKindSchema, tableNameSchema } from './run';

export const extractJobSchema = runRefSchema.extend({
  table: tableNameSchema,
  part: partSchema,
  /** Overrides the catalog's strategy for this run: a full refresh of an incremental table. */
  fullRefresh: z.boolean().default(false),
});
export type ExtractJob = z.infer<typeof extractJobSchema>;

export const extractResultSchema = z.object({
  table: tableNameSchema,
  part: partSchema,
  strategy: strategyKindSchema,
  bronzeKeys: z.array(z.string()),
  bytes: z.number().int().min(0),
  /** Highest watermark value extracted, as the source printed it; null when none. */
  watermark: z.string().nullable(),
  counts: countsSchema,
  ms: z.number().min(0),
});
export type ExtractResult = z.infer<typeof extractResultSchema>;
