// The pipeline schedules, declared from config and registered as BullMQ job schedulers. Upserting
// by a fixed id makes registration idempotent: however often the API restarts, each schedule
// exists once. (BullMQ 6 silently ignores the old `repeat` option of Queue.add; never use it.)

import type { Queue } from 'bullmq';
import type { Config } from '../config';
import { ConfigError } from '../errors';
import type { ScheduleTick } from '../contracts';
import type { RunRequest } from './start-run';
import { addDays, localDateTime } from './dates';

export interface ScheduleDeclaration {
  id: string;
  /** The variable that sets the pattern, for error messages and docs. */
  variable: string;
  pattern: string;
  tick: ScheduleTick;
}

export interface DeclaredSchedules {
  active: ScheduleDeclaration[];
  off: { id: string; reason: string }[];
}

/** A pattern of `off` turns one schedule off; SCHEDULES_ENABLED=false turns all off. */
export function declareSchedules(config: Config): DeclaredSchedules {
  const { enabled, timezone } = config.schedules;
  const candidates: (ScheduleDeclaration & { offReason: string | null })[] = [
    {
      id: 'mysql-daily',
      variable: 'MYSQL_SCHEDULE',
      pattern: config.schedules.mysql,
      tick: { pipeline: 'mysql', timezone, partition: 'previous-day' },
      offReason: null,
    },
    {
      id: 'spotify_api-poll',
      variable: 'SPOTIFY_SCHEDULE',
      pattern: config.schedules.spotifyApi,
      tick: { pipeline: 'spotify_api', timezone, partition: 'same-day-per-tick' },
      // Without an app the runs could only fail, every 30 minutes.
      offReason: config.spotify.clientId === '' ? 'SPOTIFY_CLIENT_ID is not set' : null,
    },
  ];
  const declared: DeclaredSchedules = { active: [], off: [] };
  for (const { offReason, ...schedule } of candidates) {
    const reason = !enabled
      ? 'SCHEDULES_ENABLED is false'
      : schedule.pattern === 'off'
        ? `${schedule.variable} is off`
        : offReason;
    if (reason === null) {
      declared.active.push(schedule);
    } else {
      declared.off.push({ id: schedule.id, reason });
    }
  }
  return declared;
}

export interface RegisteredSchedule {
  id: string;
  pattern: string;
  timezone: string;
  next: number | null;
}

/**
 * Upserts every active schedule and removes any other scheduler on the queue (one turned off, or
 * left by an older config), so the queue holds exactly what config declares.
 */
export async function registerSchedules(
  queue: Queue,
  declared: DeclaredSchedules,
): Promise<RegisteredSchedule[]> {
  const registered: RegisteredSchedule[] = [];
  for (const schedule of declared.active) {
    try {
      const next = await queue.upsertJobScheduler(
        schedule.id,
        { pattern: schedule.pattern, tz: schedule.tick.timezone },
        {
          name: schedule.id,
          data: schedule.tick,
          opts: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 5_000 },
            removeOnComplete: { count: 1_000 },
            removeOnFail: { count: 1_000 },
          },
        },
      );
      registered.push({
        id: schedule.id,
        pattern: schedule.pattern,
        timezone: schedule.tick.timezone,
        next: next.opts.prevMillis ?? null,
      });
    } catch (err) {
      throw new ConfigError([
        `${schedule.variable}: ${schedule.pattern} is not a cron pattern (${(err as Error).message})`,
      ]);
    }
  }
  const keep = new Set(declared.active.map((schedule) => schedule.id));
  for (const existing of await queue.getJobSchedulers()) {
    if (!keep.has(existing.key)) {
      await queue.removeJobScheduler(existing.key);
    }
  }
  return registered;
}

/** The run a tick at `instantMs` starts: its pipeline, partition date and, per tick, a suffix. */
export function runRequestForTick(tick: ScheduleTick, instantMs: number): RunRequest {
  const local = localDateTime(instantMs, tick.timezone);
  if (tick.partition === 'previous-day') {
    return { pipeline: tick.pipeline, partitionDate: addDays(local.date, -1) };
  }
  return { pipeline: tick.pipeline, partitionDate: local.date, suffix: `t${local.hhmm}` };
}
