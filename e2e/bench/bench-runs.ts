// Starts benchmark runs of spotify_tracks and follows them through the run ledger: each stage's
// window (first job started to last job finished) and rows, read by polling with a deadline.

import type pg from 'pg';
import type { RunClient } from '../../cli/run-client';
import type { StageName } from '../../shared/contracts';
import { loadQuery } from '../../shared/sql/load-sql';
import { BENCH_TABLE } from './bench-dataset';

export interface BenchRun {
  runId: string;
  /** Primary-key range parts the table was split into. */
  parts: number;
  /** When the run was recorded (the ledger's clock), the start of an end-to-end measurement. */
  createdAt: Date;
}

export interface StageWindow {
  startedAt: Date;
  finishedAt: Date;
  rows: number;
}

interface StageRow {
  stage: string;
  completed: string;
  failed: string;
  started_at: Date | null;
  finished_at: Date | null;
  rows: string | null;
  bytes: string | null;
  error: string | null;
}

const POLL_MS = 200;
let runCounter = 0;

/**
 * Runs of one benchmark never collide: a fresh rerun suffix and a partition date of their own each.
 * The benchmark runs no transformer, so a measured run stays `running` after its validate job, and
 * a second MySQL run of the same date would be refused as busy. The strategies it measures (full
 * load, watermark) read the same rows whatever the date.
 */
function nextRun(): { suffix: string; partitionDate: string } {
  runCounter += 1;
  const day = new Date(Date.now() - runCounter * 86_400_000).toISOString().slice(0, 10);
  return { suffix: `b${Date.now().toString(36)}${runCounter}`, partitionDate: day };
}

export async function startBenchRun(client: RunClient, fullRefresh: boolean): Promise<BenchRun> {
  const started = await client.start({
    pipeline: 'mysql',
    tables: [BENCH_TABLE],
    ...nextRun(),
    fullRefresh,
  });
  // One table's flow: transform root, validate, commit, and extract, s3-load, pg-load per part.
  const parts = (started.jobs - 3) / 3;
  const recorded = await client.ledger.query<{ created_at: Date }>(loadQuery('select_run'), [
    started.runId,
  ]);
  const createdAt = recorded.rows[0]?.created_at ?? new Date();
  return { runId: started.runId, parts, createdAt };
}

/** Jobs each stage has in a run of `parts` parts. */
export function expectedJobs(stage: StageName, parts: number): number {
  return stage === 'extract' || stage === 's3-load' || stage === 'pg-load' ? parts : 1;
}

/**
 * Waits until every job of `stages` completed, and returns their joint window. A failed job, or no
 * progress for `stallMs`, ends the wait with an error that says which stage.
 */
export async function waitForStages(
  ledger: pg.Pool,
  run: BenchRun,
  stages: readonly StageName[],
  options: { stallMs: number; onProgress?(completed: number, total: number): void },
): Promise<StageWindow> {
  const total = stages.reduce((sum, stage) => sum + expectedJobs(stage, run.parts), 0);
  let lastCompleted = -1;
  let lastChange = Date.now();
  for (;;) {
    const result = await ledger.query<StageRow>(loadQuery('select_stage_windows'), [run.runId]);
    const rows = result.rows.filter((row) => stages.includes(row.stage as StageName));
    const failed = rows.find((row) => Number(row.failed) > 0);
    if (failed !== undefined) {
      throw new Error(`${run.runId} ${failed.stage} failed: ${failed.error ?? 'see the ledger'}`);
    }
    const completed = rows.reduce((sum, row) => sum + Number(row.completed), 0);
    options.onProgress?.(completed, total);
    if (completed >= total) {
      return windowOf(rows);
    }
    if (completed !== lastCompleted) {
      lastCompleted = completed;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > options.stallMs) {
      throw new Error(
        `${run.runId}: ${stages.join(', ')} made no progress for ${options.stallMs / 1000} s ` +
          `(${completed} of ${total} jobs completed)`,
      );
    }
    // The ledger has no event per stage job; it is polled, bounded by the stall deadline above.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function windowOf(rows: readonly StageRow[]): StageWindow {
  const starts = rows.flatMap((row) => (row.started_at === null ? [] : [row.started_at.getTime()]));
  const ends = rows.flatMap((row) => (row.finished_at === null ? [] : [row.finished_at.getTime()]));
  const main = rows.find((row) => row.stage !== 'pg-commit') ?? rows[0];
  return {
    startedAt: new Date(Math.min(...starts)),
    finishedAt: new Date(Math.max(...ends)),
    rows: Number(main?.rows ?? 0),
  };
}

export interface StageOutput {
  rows: number;
  /** What the stage's jobs wrote to the lake. */
  bytes: number;
}

/** Rows and bytes the jobs of each stage of a run wrote, by stage. */
export async function readStageOutputs(
  ledger: pg.Pool,
  runId: string,
): Promise<Partial<Record<StageName, StageOutput>>> {
  const result = await ledger.query<StageRow>(loadQuery('select_stage_windows'), [runId]);
  return Object.fromEntries(
    result.rows.map((row) => [
      row.stage,
      { rows: Number(row.rows ?? 0), bytes: Number(row.bytes ?? 0) },
    ]),
  );
}
