// The pg-load stage's contract. Two kinds of job share the queue: `part` copies one silver object
// into the run's staging table; `commit` applies the staged rows to the target in one transaction.

import { z } from 'zod';
import { countsSchema, partSchema, runRefSchema, strategyKindSchema, tableNameSchema } from './run';

export const pgLoadPartJobSchema = runRefSchema.extend({
  kind: z.literal('part'),
  table: tableNameSchema,
  part: partSchema,
});

export const pgLoadCommitJobSchema = runRefSchema.extend({
  kind: z.literal('commit'),
  table: tableNameSchema,
  parts: z.number().int().min(1),
});

export const pgLoadJobSchema = z.discriminatedUnion('kind', [
  pgLoadPartJobSchema,
  pgLoadCommitJobSchema,
]);
export type PgLoadJob = z.infer<typeof pgLoadJobSchema>;
export type PgLoadPartJob = z.infer<typeof pgLoadPartJobSchema>;
export type PgLoadCommitJob = z.infer<typeof pgLoadCommitJobSchema>;

export const pgLoadPartResultSchema = z.object({
  kind: z.literal('part'),
  table: tableNameSchema,
  part: partSchema,
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  strategy: strategyKindSchema,
  counts: countsSchema,
  ms: z.number().min(0),
});
export type PgLoadPartResult = z.infer<typeof pgLoadPartResultSchema>;

export const pgLoadCommitResultSchema = z.object({
  kind: z.literal('commit'),
  table: tableNameSchema,
  mode: z.enum(['replace_table', 'upsert', 'replace_partition']),
  strategy: strategyKindSchema,
  staged: z.number().int().min(0),
  rowsInTarget: z.number().int().min(0),
  /** How a replace_table load replaced the target: its staging table swapped in, or an INSERT. */
  replacedBy: z.enum(['swap', 'insert']).optional(),
  counts: countsSchema,
  ms: z.number().min(0),
});
export type PgLoadCommitResult = z.infer<typeof pgLoadCommitResultSchema>;

export const pgLoadResultSchema = z.discriminatedUnion('kind', [
  pgLoadPartResultSchema,
  pgLoadCommitResultSchema,
]);
export type PgLoadResult = z.infer<typeof pgLoadResultSchema>;
