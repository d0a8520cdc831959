// Prepares the benchmark's source: the generated Kaggle dataset at a scale, and spotify_tracks in
// MySQL loaded from it. Both are reused while scale and seed are unchanged: the dataset by its
// manifest (written last by the generator), the MySQL table by a marker written after the seed.

import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'mysql2/promise';
import { generateDataset, MANIFEST_FILE } from '../../cli/generate/generate-dataset';
import type { DatasetManifest } from '../../cli/generate/generate-dataset';
import { seedCsv } from '../../cli/seed/seed-csv';
import type { Config } from '../../shared/config';
import { quoteMysql } from '../../shared/sql/quote';
import type { BenchReporter } from './bench-reporter';

export const BENCH_TABLE = 'spotify_tracks';

export interface DatasetRequest {
  tracks: number;
  seed: number;
  cacheDir: string;
}

export interface PreparedSource {
  /** Rows of spotify_tracks in MySQL. */
  rows: number;
  isDatasetReused: boolean;
  isTableReused: boolean;
}

interface SeedMarker {
  host: string;
  port: number;
  database: string;
  tracks: number;
  seed: number;
  rows: number;
}

/** The generated `spotify_tracks` CSV the source table is seeded from. */
export function sourceCsv(request: DatasetRequest): string {
  return join(datasetDir(request), `${BENCH_TABLE}.csv`);
}

export function datasetDir(request: DatasetRequest): string {
  return join(request.cacheDir, `dataset-${request.tracks}-seed-${request.seed}`);
}

async function readJson(path: string): Promise<unknown> {
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as unknown) : null;
}

async function ensureDataset(request: DatasetRequest, reporter: BenchReporter): Promise<boolean> {
  const dir = datasetDir(request);
  const manifest = (await readJson(join(dir, MANIFEST_FILE))) as DatasetManifest | null;
  if (manifest?.tracks === request.tracks && manifest.seed === request.seed && !manifest.dirty) {
    return true;
  }
  const bars = new Map<string, ReturnType<BenchReporter['progress']>>();
  await generateDataset({
    tracks: request.tracks,
    seed: request.seed,
    dirty: 0,
    out: dir,
    onProgress(table, rows, total) {
      let bar = bars.get(table);
      if (bar === undefined) {
        bar = reporter.progress(`generate ${table}`, total, 'rows');
        bars.set(table, bar);
      }
      bar.update(rows);
      if (rows === total) {
        bar.stop();
      }
    },
  });
  return false;
}

async function countRows(mysql: Pool): Promise<number> {
  const [rows] = await mysql.query(`SELECT COUNT(*) AS n FROM ${quoteMysql(BENCH_TABLE)}`);
  return Number((rows as { n: number | string }[])[0]?.n ?? 0);
}

/** Generates (or reuses) the dataset and loads (or reuses) spotify_tracks in MySQL. */
export async function prepareSource(
  request: DatasetRequest,
  deps: { mysql: Pool; config: Config; reporter: BenchReporter },
): Promise<PreparedSource> {
  const isDatasetReused = await ensureDataset(request, deps.reporter);
  const { host, port, database } = deps.config.mysql;
  const markerPath = join(datasetDir(request), `seeded-${host}-${port}-${database}.json`);
  const wanted: Omit<SeedMarker, 'rows'> = { host, port, database, ...request };
  const marker = (await readJson(markerPath)) as SeedMarker | null;
  const counted = await countRows(deps.mysql);
  if (
    isDatasetReused &&
    marker !== null &&
    marker.tracks === wanted.tracks &&
    marker.seed === wanted.seed &&
    marker.rows === counted
  ) {
    return { rows: counted, isDatasetReused, isTableReused: true };
  }
  await rm(markerPath, { force: true });
  // An empty table is loaded with LOAD DATA; one holding rows would take the slow upsert path.
  await deps.mysql.query(`TRUNCATE TABLE ${quoteMysql(BENCH_TABLE)}`);
  const file = sourceCsv(request);
  const bar = deps.reporter.progress(`seed MySQL ${BENCH_TABLE}`, request.tracks, 'rows');
  const seeded = await seedCsv(file, BENCH_TABLE, {
    mysql: deps.mysql,
    method: 'auto',
    rejectFile: join(datasetDir(request), `${BENCH_TABLE}.rejects.ndjson`),
    onProgress: (_bytes, rows) => bar.update(rows),
  });
  bar.stop();
  if (seeded.rejected > 0) {
    throw new Error(
      `seeding ${BENCH_TABLE} rejected ${seeded.rejected} rows (${seeded.rejectFile})`,
    );
  }
  const rows = await countRows(deps.mysql);
  await mkdir(datasetDir(request), { recursive: true });
  await writeFile(markerPath, `${JSON.stringify({ ...wanted, rows }, null, 2)}\n`);
  return { rows, isDatasetReused, isTableReused: false };
}
