// The orchestration queues' contract: schedule ticks (made by BullMQ job schedulers) and backfill
// coordinators. Their worker turns them into runs; no stage reads them.

import { z } from 'zod';
import { pipelineSchema } from './run';

export const ORCHESTRATION_QUEUES = {
  schedules: 'schedules',
  backfills: 'backfills',
} as const;

/**
 * How a tick names its run: `previous-day` runs the day that just ended in the schedule's zone
 * (a daily batch at 05:00 loads yesterday), `same-day-per-tick` runs today's date with the tick's
 * local time as suffix (`spotify_api-2024-05-01-t0530`), so every poll is a run of its own.
 */
export const tickPartitionSchema = z.enum(['previous-day', 'same-day-per-tick']);
export type TickPartition = z.infer<typeof tickPartitionSchema>;

export const scheduleTickSchema = z.object({
  pipeline: pipelineSchema,
  timezone: z.string().min(1),
  partition: tickPartitionSchema,
});
export type ScheduleTick = z.infer<typeof scheduleTickSchema>;

export const backfillJobSchema = z.object({
  backfillId: z.number().int().positive(),
});
export type BackfillJob = z.infer<typeof backfillJobSchema>;

export function buildBackfillJobId(backfillId: number): string {
  return `backfill-${backfillId}`;
}
