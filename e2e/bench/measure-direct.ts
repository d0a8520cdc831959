// The two direct copies the pipeline is compared with, MySQL -> a scratch PostgreSQL database:
// pgloader with settings that survive these wide rows, and the raw ceiling, `mariadb --batch`
// piped into `psql COPY` (not a product: NULL is the text 'NULL', every column is text).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensurePgDatabase } from '../../cli/bootstrap/prepare-stores';
import { getTable } from '../../shared/catalog';
import type { Config } from '../../shared/config';
import { qualifiedPg, quoteMysql, quotePg } from '../../shared/sql/quote';
import { dropPgDatabase } from '../../cli/bootstrap/prepare-stores';
import { findTool, runPiped } from './child-processes';
import type { CommandSpec, CommandsRun } from './child-processes';
import { readServerCpu, serverCpuBetween } from './server-cpu';
import { BENCH_TABLE } from './bench-dataset';
import type { BenchResult } from './bench-result';

export interface DirectTools {
  pgloader: string;
  mariadb: string;
  psql: string;
}

/** Finds the tools up front, so a missing one fails the benchmark before any long step. */
export function findDirectTools(): DirectTools {
  return {
    pgloader: findTool(['pgloader'], 'the pgloader comparison', 'apt-get install pgloader'),
    mariadb: findTool(['mariadb', 'mysql'], 'the raw pipe', 'apt-get install mariadb-client'),
    psql: findTool(['psql'], 'the raw pipe', 'apt-get install postgresql-client'),
  };
}

export function scratchDatabase(config: Config): string {
  return `${config.pg.database}_direct`;
}

/** Passwords reach the tools through their environment variables, never their arguments. */
function toolEnv(config: Config): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(config.pg.password.isEmpty() ? {} : { PGPASSWORD: config.pg.password.reveal() }),
    ...(config.mysql.password.isEmpty() ? {} : { MYSQL_PWD: config.mysql.password.reveal() }),
  };
}

async function withScratch<T>(config: Config, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: config.pg.host,
    port: config.pg.port,
    user: config.pg.user,
    password: config.pg.password.isEmpty() ? undefined : config.pg.password.reveal(),
    database: scratchDatabase(config),
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createScratch(config: Config): Promise<void> {
  await dropPgDatabase(config, scratchDatabase(config));
  await ensurePgDatabase(config, scratchDatabase(config));
}

export async function dropScratch(config: Config): Promise<void> {
  await dropPgDatabase(config, scratchDatabase(config));
}

async function countIn(config: Config, qualified: string): Promise<number> {
  return withScratch(config, async (db) => {
    const counted = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified}`);
    return Number(counted.rows[0]?.n ?? 0);
  });
}

interface TimedRun {
  run: CommandsRun;
  /** Without the row count, which the caller adds once it has counted the target. */
  measured: Omit<BenchResult, 'rows' | 'rowsPerSec'>;
}

/** Runs the tools, timing them and reading the CPU they and the servers used meanwhile. */
async function timedRun(
  name: string,
  label: string,
  specs: readonly CommandSpec[],
): Promise<TimedRun> {
  const servers = readServerCpu();
  const started = performance.now();
  const run = await runPiped(specs);
  const seconds = Math.max(0.001, (performance.now() - started) / 1000);
  return {
    run,
    measured: {
      name,
      seconds: Math.round(seconds * 100) / 100,
      peakRssMb: run.peakRssMb,
      cpuSecondsByService: { [label]: run.cpuSeconds },
      cpuSecondsByServer: serverCpuBetween(servers, readServerCpu()),
    },
  };
}

function withRows(timed: TimedRun, rows: number): BenchResult {
  return { ...timed.measured, rows, rowsPerSec: Math.round(rows / timed.measured.seconds) };
}

// The settings of ../shared/reference/local-stack-facts.md: pgloader's defaults (25,000-row
// batches, 100,000 rows prefetched) exhaust its heap on these ~2 KB rows.
function pgloaderCommands(config: Config): string {
  const { mysql, pg: warehouse } = config;
  return `LOAD DATABASE
  FROM mysql://${encodeURIComponent(mysql.user)}@${mysql.host}:${mysql.port}/${mysql.database}
  INTO pgsql://${encodeURIComponent(warehouse.user)}@${warehouse.host}:${warehouse.port}/${scratchDatabase(config)}
WITH include drop, create tables, create indexes, no foreign keys,
     workers = 2, concurrency = 1,
     batch rows = 1000, batch size = 8MB, prefetch rows = 2000
INCLUDING ONLY TABLE NAMES MATCHING '${BENCH_TABLE}';
`;
}

export async function measurePgloader(
  config: Config,
  tools: DirectTools,
  expected: number,
): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'spotlake-pgloader-'));
  try {
    const file = join(dir, 'tracks.load');
    await writeFile(file, pgloaderCommands(config), { mode: 0o600 });
    const timed = await timedRun('pgloader', 'pgloader', [
      { command: tools.pgloader, args: ['--quiet', file], env: toolEnv(config) },
    ]);
    // pgloader names the schema after the MySQL database.
    const rows = await countIn(config, qualifiedPg(config.mysql.database, BENCH_TABLE));
    if (rows !== expected) {
      throw new Error(
        `pgloader loaded ${rows} rows, expected ${expected}: ${timed.run.stdout.trim()}`,
      );
    }
    return withRows(timed, rows);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function measureRawPipe(
  config: Config,
  tools: DirectTools,
  expected: number,
): Promise<BenchResult> {
  const table = getTable(BENCH_TABLE);
  const target = qualifiedPg('raw_pipe', BENCH_TABLE);
  const pgColumns = table.columns.map((column) => quotePg(column.name));
  await withScratch(config, async (db) => {
    await db.query('CREATE SCHEMA IF NOT EXISTS raw_pipe');
    await db.query(`DROP TABLE IF EXISTS ${target}`);
    await db.query(`CREATE TABLE ${target} (${pgColumns.map((c) => `${c} text`).join(', ')})`);
  });
  const select = `SELECT ${table.columns.map((c) => quoteMysql(c.name)).join(', ')} FROM ${quoteMysql(BENCH_TABLE)}`;
  const copy = `COPY ${target} (${pgColumns.join(', ')}) FROM STDIN WITH (NULL 'NULL')`;
  const env = toolEnv(config);
  const timed = await timedRun('raw_pipe', 'mariadb | psql', [
    {
      command: tools.mariadb,
      args: [
        '--batch',
        '--quick',
        '--skip-column-names',
        '--default-character-set=utf8mb4',
        `--host=${config.mysql.host}`,
        `--port=${config.mysql.port}`,
        `--user=${config.mysql.user}`,
        `--database=${config.mysql.database}`,
        `--execute=${select}`,
      ],
      env,
    },
    {
      command: tools.psql,
      args: [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        config.pg.host,
        '-p',
        String(config.pg.port),
        '-U',
        config.pg.user,
        '-d',
        scratchDatabase(config),
        '-c',
        copy,
      ],
      env,
    },
  ]);
  const rows = await countIn(config, target);
  if (rows !== expected) {
    throw new Error(`the raw pipe loaded ${rows} rows, expected ${expected}`);
  }
  return withRows(timed, rows);
}
