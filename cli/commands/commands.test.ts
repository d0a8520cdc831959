// The operator's commands as a person or a script runs them: `spotlake` in a process of its
// own, against real servers and running services, reading its exit code and output.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startPipeline } from '../../test/pipeline-services';
import type { RunningPipeline } from '../../test/pipeline-services';
import { ARTIST_ROWS, seedArtists } from '../../test/seed-artists';
import { createTestEnv, testEnvironment } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { buildProgram } from '../main';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 'cli-test-token';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the spotlake command', () => {
  let env: TestEnv;
  let pipeline: RunningPipeline;

  const spotlake = (...args: string[]): Promise<Ran> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['-r', join(ROOT, 'test', 'ts-register.js'), join(ROOT, 'cli', 'main.ts'), ...args],
        { env: testEnvironment(env.id, { API_TOKEN: TOKEN }), timeout: 120_000 },
        (err, stdout, stderr) => {
          const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
          resolve({ code, stdout, stderr });
        },
      );
    });

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0' });
    await seedArtists(env);
    pipeline = await startPipeline(env, TOKEN);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await env?.close();
  });

  it('has --help on every command, naming each option', () => {
    const program = buildProgram();
    const commands = Object.fromEntries(program.commands.map((c) => [c.name(), c]));
    expect(Object.keys(commands)).toEqual(
      expect.arrayContaining(['up', 'service', 'run', 'backfill', 'status']),
    );
    for (const command of program.commands) {
      expect(command.description()).not.toBe('');
      expect(command.helpInformation()).toContain('-h, --help');
    }
    expect(commands.run?.helpInformation()).toMatch(
      /--pipeline <pipeline>[\s\S]*--date <date>[\s\S]*--wait[\s\S]*--json/,
    );
    expect(commands.backfill?.helpInformation()).toMatch(
      /--from <date>[\s\S]*--to <date>[\s\S]*--max-concurrent <runs>[\s\S]*--only-failed[\s\S]*--dry-run/,
    );
  });

  it('runs a date with --wait --json and prints the finished run for a script', async () => {
    const ran = await spotlake(
      'run',
      '--pipeline',
      'mysql',
      '--date',
      '2024-08-01',
      '--tables',
      'spotify_artists',
      '--wait',
      '--json',
    );
    expect(ran.code).toBe(0);
    const run = JSON.parse(ran.stdout) as {
      run_id: string;
      status: string;
      counts: { stage: string; rows_out: number }[];
    };
    expect(run).toMatchObject({ run_id: 'mysql-2024-08-01', status: 'succeeded' });
    expect(run.counts.find((count) => count.stage === 'extract')?.rows_out).toBe(ARTIST_ROWS);
  });

  it('shows a run as text with status', async () => {
    const ran = await spotlake('status', 'mysql-2024-08-01');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('run mysql-2024-08-01  SUCCEEDED  (mysql, 2024-08-01)');
    expect(ran.stdout).toMatch(/spotify_artists\s+extract\s+1\/1\s+309/);
    expect(ran.stdout).toMatch(/checks: \d+ passed, 0 failed/);
  });

  it('lists what a backfill with --only-failed --dry-run would run, starting nothing', async () => {
    const ran = await spotlake(
      'backfill',
      '--from',
      '2024-08-01',
      '--to',
      '2024-08-03',
      '--tables',
      'spotify_artists',
      '--only-failed',
      '--dry-run',
      '--json',
    );
    expect(ran.code).toBe(0);
    const plan = JSON.parse(ran.stdout) as {
      backfillId: null;
      partitions: { partition_date: string; action: string }[];
    };
    expect(plan.backfillId).toBeNull();
    expect(plan.partitions.map((p) => [p.partition_date, p.action])).toEqual([
      ['2024-08-01', 'skip'],
      ['2024-08-02', 'run'],
      ['2024-08-03', 'run'],
    ]);
  });

  it('backfills a range with --wait and exits 0 once every run succeeded', async () => {
    const ran = await spotlake(
      'backfill',
      '--from',
      '2024-08-02',
      '--to',
      '2024-08-03',
      '--tables',
      'spotify_artists',
      '--max-concurrent',
      '2',
      '--wait',
      '--json',
    );
    expect(ran.code).toBe(0);
    const state = JSON.parse(ran.stdout) as {
      status: string;
      partitions: { run_status: string }[];
    };
    expect(state.status).toBe('succeeded');
    expect(state.partitions.map((p) => p.run_status)).toEqual(['succeeded', 'succeeded']);
  });

  it('refuses a bad date with exit code 2, naming the flag', async () => {
    const ran = await spotlake('run', '--pipeline', 'mysql', '--date', '2024-02-30');
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/--date: /);
  });

  it('exits 1 for a run that does not exist', async () => {
    const ran = await spotlake('status', 'mysql-1999-01-01');
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('run mysql-1999-01-01 does not exist');
  });
});
