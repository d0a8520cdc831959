// `spotlake bench` at 10,000 tracks, once: every measurement it names is there, each with the rows
// that were really loaded. A smoke run only; speed and memory are the full benchmark's to judge.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SILENT_REPORTER } from './bench/bench-reporter';
import type { BenchReport } from './bench/bench-result';
import { runBench } from './bench/run-bench';
import { createTestEnv, testEnvironment } from '../test/test-env';
import type { TestEnv } from '../test/test-env';

const TRACKS = 10_000;

describe('the benchmark at 10,000 tracks', () => {
  let env: TestEnv;
  let cacheDir: string;
  let report: BenchReport;

  beforeAll(async () => {
    env = await createTestEnv();
    cacheDir = mkdtempSync(join(tmpdir(), 'spotlake-bench-test-'));
    report = await runBench(
      { tracks: TRACKS, repeat: 1, seed: 3, cacheDir },
      { config: env.config, env: testEnvironment(env.id), reporter: SILENT_REPORTER },
    );
  }, 150_000);

  afterAll(async () => {
    await env?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('reports the pipeline, each stage, pgloader and the raw pipe with every row loaded', () => {
    const names = ['pipeline', 'extract', 's3_load', 'pg_load', 'validate', 'pgloader', 'raw_pipe'];
    for (const name of names) {
      expect(report.results.find((result) => result.name === name)).toMatchObject({
        name,
        rows: TRACKS,
      });
    }
  });

  it('leaves every track in spotify.spotify_tracks', async () => {
    const { rows } = await env.clients.warehouse.query<{ n: string }>(
      'SELECT count(*) AS n FROM spotify.spotify_tracks',
    );
    expect(Number(rows[0]?.n)).toBe(TRACKS);
  });

  it('reports an incremental run of the rows it changed, about 1% of the table', async () => {
    const [changed] = await env.clients.mysql
      .promise()
      .query('SELECT COUNT(*) AS n FROM spotify_tracks WHERE CRC32(track_id) % 100 = 0');
    const expected = Number((changed as { n: number }[])[0]?.n);
    expect(report.results.find((result) => result.name === 'incremental')?.rows).toBe(expected);
    expect(expected).toBeGreaterThan(TRACKS * 0.005);
    expect(expected).toBeLessThan(TRACKS * 0.02);
  });

  it("measures the full load's bronze and silver against the source CSV", () => {
    const pipeline = report.results.find((result) => result.name === 'pipeline');
    const { bronze = 0, silver = 0 } = pipeline?.lakeBytes ?? {};
    // Both layers are compressed (bronze GZIP, silver LZ4): each under half the CSV.
    expect(report.sourceCsvBytes).toBeGreaterThan(0);
    expect(bronze).toBeGreaterThan(0);
    expect(bronze).toBeLessThan(report.sourceCsvBytes / 2);
    expect(silver).toBeGreaterThan(0);
    expect(silver).toBeLessThan(report.sourceCsvBytes / 2);
  });

  it('reports the CPU time each service of the pipeline used', () => {
    const pipeline = report.results.find((result) => result.name === 'pipeline');
    const cpu = pipeline?.cpuSecondsByService ?? {};
    expect(Object.keys(cpu).sort()).toEqual(['extractor', 'pg-loader', 's3-loader', 'validator']);
    for (const seconds of Object.values(cpu)) {
      expect(seconds).toBeGreaterThan(0);
    }
  });

  it('reports the CPU time PostgreSQL, MariaDB and the S3 server used during the pipeline', () => {
    const pipeline = report.results.find((result) => result.name === 'pipeline');
    const servers = pipeline?.cpuSecondsByServer ?? {};
    expect(Object.keys(servers).sort()).toEqual(['mariadb', 'postgres', 's3']);
    for (const seconds of Object.values(servers)) {
      expect(seconds).toBeGreaterThan(0);
    }
  });

  it('reports the CPU time pgloader and the raw pipe used, and PostgreSQL and MariaDB meanwhile', () => {
    for (const [name, tool] of [
      ['pgloader', 'pgloader'],
      ['raw_pipe', 'mariadb | psql'],
    ] as const) {
      const result = report.results.find((r) => r.name === name);
      expect(Object.keys(result?.cpuSecondsByService ?? {})).toEqual([tool]);
      // At 10,000 rows a reading can round to 0.0 s; each is there, and the copy cost something.
      const readings = [
        result?.cpuSecondsByService?.[tool],
        result?.cpuSecondsByServer?.postgres,
        result?.cpuSecondsByServer?.mariadb,
      ];
      for (const seconds of readings) {
        expect(seconds).toBeGreaterThanOrEqual(0);
      }
      expect(readings.reduce<number>((sum, seconds) => sum + (seconds ?? 0), 0)).toBeGreaterThan(0);
    }
    // pgloader's own start (SBCL) alone takes tenths of a second.
    expect(
      report.results.find((r) => r.name === 'pgloader')?.cpuSecondsByService?.pgloader,
    ).toBeGreaterThan(0);
  });

  it('describes the machine it ran on', () => {
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(report.machine.loadAverageStart).toHaveLength(3);
  });
});
