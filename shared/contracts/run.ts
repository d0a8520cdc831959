// What identifies a run and its parts: pipelines, run ids, partition dates, and the job ids built
// from them. Job ids are deterministic so that a second enqueue of the same run deduplicates.

import { z } from 'zod';

export const PIPELINES = ['mysql', 'spotify_api', 'history_import'] as const;
export const pipelineSchema = z.enum(PIPELINES);
export type Pipeline = z.infer<typeof pipelineSchema>;

export const partitionDateSchema = z.iso.date();

// BullMQ refuses ':' in job ids, so run ids are built from [a-z0-9_-] only.
export const runIdSchema = z
  .string()
  .regex(/^(mysql|spotify_api|history_import)-\d{4}-\d{2}-\d{2}(-[a-z0-9]{1,32})?$/, {
    message: 'a run id such as mysql-2024-05-01 or mysql-2024-05-01-r2',
  });

export const tableNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
  message: 'a table name in lower snake_case',
});

/** A slice of a table: a primary-key range [from, to), open at either end when null. */
export const partSchema = z.object({
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type Part = z.infer<typeof partSchema>;

export const WHOLE_TABLE: Part = { index: 0, count: 1, from: null, to: null };

/** Fields every stage payload carries. */
export const runRefSchema = z.object({
  runId: runIdSchema,
  pipeline: pipelineSchema,
  partitionDate: partitionDateSchema,
});
export type RunRef = z.infer<typeof runRefSchema>;

export function buildRunId(pipeline: Pipeline, partitionDate: string, suffix?: string): string {
  return runIdSchema.parse(
    suffix === undefined
      ? `${pipeline}-${partitionDate}`
      : `${pipeline}-${partitionDate}-${suffix}`,
  );
}

export type StageName = 'extract' | 's3-load' | 'pg-load' | 'pg-commit' | 'validate' | 'transform';

/** `mysql-2024-05-01.spotify_artists.extract`, with `.p00003` for one part of a split table. */
export function buildJobId(runId: string, stage: StageName, table?: string, part?: Part): string {
  const pieces = [runId];
  if (table !== undefined) {
    pieces.push(table);
  }
  pieces.push(stage);
  if (part !== undefined && part.count > 1) {
    pieces.push(`p${String(part.index).padStart(5, '0')}`);
  }
  return pieces.join('.');
}

/** Row counts carried forward stage by stage so the validator can reconcile them. */
export const countsSchema = z.object({
  extracted: z.number().int().min(0),
  bronze: z.number().int().min(0),
  silver: z.number().int().min(0),
  quarantined: z.number().int().min(0),
  loaded: z.number().int().min(0),
});
export type Counts = z.infer<typeof countsSchema>;

export const ZERO_COUNTS: Counts = {
  extracted: 0,
  bronze: 0,
  silver: 0,
  quarantined: 0,
  loaded: 0,
};

export function addCounts(a: Counts, b: Counts): Counts {
  return {
    extracted: a.extracted + b.extracted,
    bronze: a.bronze + b.bronze,
    silver: a.silver + b.silver,
    quarantined: a.quarantined + b.quarantined,
    loaded: a.loaded + b.loaded,
  };
}

export const strategyKindSchema = z.enum([
  'full_load',
  'incremental_by_partition',
  'incremental_by_watermark',
  'import_files',
  'enrich_unknown_ids',
]);
export type StrategyKind = z.infer<typeof strategyKindSchema>;
