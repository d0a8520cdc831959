// The loaders' steps for tests, called as the workers call them: bronze objects written as the MySQL
// extractor writes them, then s3-load, each pg-load part and the pg-load commit of one run.

import { getTable } from '../shared/catalog';
import { WHOLE_TABLE } from '../shared/contracts';
import type {
  ExtractResult,
  PgLoadCommitResult,
  PgLoadPartResult,
  S3LoadResult,
} from '../shared/contracts';
import { bronzeHeaderLine } from '../shared/lake/bronze-rows';
import { buildLakeKey } from '../shared/lake/keys';
import { createNdjsonWriter } from '../shared/lake/ndjson';
import type pg from 'pg';
import { createPgPool } from '../shared/clients/pg';
import { commitLoad } from '../services/pg-loader/commit-load';
import { stageSilverPart } from '../services/pg-loader/stage-part';
import { writeSilverPart } from '../services/s3-loader/write-silver';
import type { TestEnv } from './test-env';

export interface LoaderRun {
  runId: string;
  partitionDate: string;
  table: string;
}

export function mysqlRun(table: string, partitionDate: string, rerun?: string): LoaderRun {
  const suffix = rerun === undefined ? '' : `-${rerun}`;
  return { runId: `mysql-${partitionDate}${suffix}`, partitionDate, table };
}

const ref = (run: LoaderRun) =>
  ({ runId: run.runId, pipeline: 'mysql', partitionDate: run.partitionDate }) as const;

/** A bronze row of spotify_artists as the MySQL extractor writes it. */
export const artistRow = (id: string, followers: number | string) => ({
  artist_id: id,
  followers,
  genres: "['v-pop']",
  name: `Artist ${id}`,
  updated_at: '2024-05-01 08:00:00',
});

/** One bronze object of the run's part 0, one line a row (objects as JSON, strings as they are). */
/** One row as the extractor writes it: its values as a JSON array in the catalog's column order. */
export function bronzeLine(tableName: string, line: Record<string, unknown> | string): string {
  if (typeof line === 'string') {
    return line;
  }
  return JSON.stringify(getTable(tableName).columns.map((column) => line[column.name] ?? null));
}

export async function writeBronze(
  env: TestEnv,
  run: LoaderRun,
  lines: readonly (Record<string, unknown> | string)[],
): Promise<ExtractResult> {
  const table = getTable(run.table);
  const key = buildLakeKey({
    layer: 'bronze',
    source: table.source,
    table: table.name,
    partitionDate: run.partitionDate,
    part: 0,
    seq: 0,
    ext: 'ndjson.gz',
  });
  // As the extractor writes them: a header of column names, then each row an array in that order.
  const columns = table.columns.map((column) => column.name);
  const writer = createNdjsonWriter(env.clients.store, key);
  await writer.writeLine(bronzeHeaderLine(columns));
  for (const line of lines) {
    await writer.writeLine(bronzeLine(run.table, line));
  }
  const bytes = await writer.close();
  const n = lines.length;
  return {
    table: table.name,
    part: WHOLE_TABLE,
    strategy: table.extract.kind,
    bronzeKeys: [key],
    bytes,
    watermark: null,
    counts: { extracted: n, bronze: n, silver: 0, quarantined: 0, loaded: 0 },
    ms: 1,
  };
}

export function s3Load(
  env: TestEnv,
  run: LoaderRun,
  extracted: ExtractResult,
  rowGroupRows = 1000,
): Promise<S3LoadResult> {
  return writeSilverPart({ ...ref(run), table: run.table, part: WHOLE_TABLE }, extracted, {
    store: env.clients.store,
    log: env.log,
    signal: new AbortController().signal,
    rowGroupRows,
    onProgress: () => Promise.resolve(),
  });
}

export function pgLoadPart(env: TestEnv, run: LoaderRun, silver: S3LoadResult) {
  return stageSilverPart(
    { ...ref(run), kind: 'part', table: run.table, part: WHOLE_TABLE },
    silver,
    {
      warehouse: env.clients.warehouse,
      store: env.clients.store,
      log: env.log,
      signal: new AbortController().signal,
      onProgress: () => Promise.resolve(),
    },
  );
}

export function pgLoadCommit(
  env: TestEnv,
  run: LoaderRun,
  parts: readonly PgLoadPartResult[],
  warehouse: pg.Pool = env.clients.warehouse,
): Promise<PgLoadCommitResult> {
  return commitLoad({ ...ref(run), kind: 'commit', table: run.table, parts: 1 }, parts, {
    warehouse,
    log: env.log,
  });
}

/** Every stage of one run of one table, from bronze lines to the committed load. */
export async function loadThroughPipeline(
  env: TestEnv,
  run: LoaderRun,
  lines: readonly (Record<string, unknown> | string)[],
): Promise<PgLoadCommitResult> {
  const silver = await s3Load(env, run, await writeBronze(env, run, lines));
  return pgLoadCommit(env, run, [await pgLoadPart(env, run, silver)]);
}

/**
 * Runs a commit and kills its backend once the load is applied inside the transaction but not
 * committed: another session holds pipeline.load_commits in SHARE mode, so the commit waits on
 * its ledger insert, and is terminated while it waits. Returns the commit's error.
 */
export async function killCommitBeforeCommit(
  env: TestEnv,
  run: LoaderRun,
  parts: readonly PgLoadPartResult[],
): Promise<unknown> {
  const applicationName = `killed-commit-${env.id}`;
  const doomed = createPgPool(env.config, { applicationName, max: 1 });
  const blocker = await env.clients.warehouse.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE pipeline.load_commits IN SHARE MODE');
    const commit = pgLoadCommit(env, run, parts, doomed).then(
      () => new Error('the commit completed'),
      (err: unknown) => err,
    );
    const pid = await waitForLockWait(env, applicationName);
    await env.clients.warehouse.query('SELECT pg_terminate_backend($1)', [pid]);
    return await commit;
  } finally {
    await blocker.query('ROLLBACK');
    blocker.release();
    await doomed.end();
  }
}

async function waitForLockWait(env: TestEnv, applicationName: string): Promise<number> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { rows } = await env.clients.warehouse.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE application_name = $1 AND wait_event_type = 'Lock' AND query LIKE '%load_commits%'`,
      [applicationName],
    );
    if (rows[0] !== undefined) {
      return rows[0].pid;
    }
  }
  throw new Error(`no backend of ${applicationName} waited on pipeline.load_commits`);
}
