// The s3-load stage's contract: the bronze objects of one part -> one typed silver Parquet object,
// plus the quarantine for rows that could not be typed. Its input keys come from its extract child.

import { z } from 'zod';
import { countsSchema, partSchema, runRefSchema, strategyKindSchema, tableNameSchema } from './run';

export const s3LoadJobSchema = runRefSchema.extend({
  table: tableNameSchema,
  part: partSchema,
});
export type S3LoadJob = z.infer<typeof s3LoadJobSchema>;

export const s3LoadResultSchema = z.object({
  table: tableNameSchema,
  part: partSchema,
  /** Absent when every row of the part was quarantined or the part was empty. */
  silverKey: z.string().nullable(),
  quarantineKey: z.string().nullable(),
  bytes: z.number().int().min(0),
  strategy: strategyKindSchema,
  counts: countsSchema,
  ms: z.number().min(0),
});
export type S3LoadResult = z.infer<typeof s3LoadResultSchema>;
