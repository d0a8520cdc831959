// Schedules as BullMQ job schedulers on a real Redis: registered once however often the API
// restarts, visible in Bull Board, following config, and a tick becomes the run for its date.

import { Queue } from 'bullmq';
import { waitUntil } from '../../cli/bootstrap/wait-until';
import { start as startApi } from '../../services/api/main';
import { createTestEnv, testConfig } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { ORCHESTRATION_QUEUES } from '../contracts';
import { ConfigError } from '../errors';
import { localDateTime } from './dates';
import { declareSchedules, registerSchedules } from './schedules';

const TOKEN = 'schedules-test-token';
const SCHEDULED = {
  API_TOKEN: TOKEN,
  API_PORT: '0',
  SCHEDULES_ENABLED: 'true',
  SCHEDULE_TIMEZONE: 'Asia/Ho_Chi_Minh',
  SPOTIFY_CLIENT_ID: 'test-client',
};

describe('schedules', () => {
  let env: TestEnv;
  let queue: Queue;

  beforeAll(async () => {
    env = await createTestEnv(SCHEDULED);
    queue = new Queue(ORCHESTRATION_QUEUES.schedules, {
      connection: env.clients.redis,
      prefix: env.config.queuePrefix,
    });
  });

  afterAll(async () => {
    await queue?.close();
    await env?.close();
  });

  it('registers each schedule once however often the API restarts', async () => {
    for (let restart = 0; restart < 4; restart += 1) {
      const api = await startApi(env.config, env.log);
      await api.stop();
    }
    const schedulers = await queue.getJobSchedulers();
    expect(
      schedulers
        .map(({ key, pattern, tz }) => ({ key, pattern, tz }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual([
      { key: 'mysql-daily', pattern: '0 5 * * *', tz: 'Asia/Ho_Chi_Minh' },
      { key: 'spotify_api-poll', pattern: '*/30 * * * *', tz: 'Asia/Ho_Chi_Minh' },
    ]);
    // One pending tick per schedule, not one per start-up.
    expect(await queue.getJobCounts('delayed', 'waiting')).toEqual({ delayed: 2, waiting: 0 });
  });

  it("shows the schedules on Bull Board's job schedulers page", async () => {
    const api = await startApi(env.config, env.log);
    try {
      const response = await fetch(`${api.url}/admin/queues/api/job-schedulers`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('mysql-daily');
      expect(text).toContain('spotify_api-poll');
    } finally {
      await api.stop();
    }
  });

  it("turns the daily mysql tick into the run of the day before the tick's local date", async () => {
    const api = await startApi(env.config, env.log);
    try {
      const tick = (await queue.getDelayed()).find((job) => job.name === 'mysql-daily');
      const instant = tick?.opts.prevMillis ?? 0;
      const local = localDateTime(instant, 'Asia/Ho_Chi_Minh');
      expect(local.hhmm).toBe('0500');
      const day = new Date(`${local.date}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() - 1);
      const runId = `mysql-${day.toISOString().slice(0, 10)}`;
      await tick?.promote();
      await waitUntil(
        `run ${runId} to be recorded`,
        async () =>
          (
            await env.clients.warehouse.query('SELECT 1 FROM pipeline.runs WHERE run_id = $1', [
              runId,
            ])
          ).rowCount === 1,
        20_000,
      );
      const run = await env.clients.warehouse.query<{ tables: string[]; jobs: number }>(
        'SELECT tables, jobs FROM pipeline.runs WHERE run_id = $1',
        [runId],
      );
      expect(run.rows[0]?.tables.sort()).toEqual([
        'spotify_albums',
        'spotify_artists',
        'spotify_tracks',
      ]);
    } finally {
      await api.stop();
    }
  });

  it('removes a schedule turned off in config, and all of them when schedules are disabled', async () => {
    const config = (overrides: NodeJS.ProcessEnv) =>
      testConfig(env.id, { ...SCHEDULED, ...overrides });
    await registerSchedules(queue, declareSchedules(config({ MYSQL_SCHEDULE: 'off' })));
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['spotify_api-poll']);
    const disabled = declareSchedules(config({ SCHEDULES_ENABLED: 'false' }));
    expect(disabled.off.map((s) => s.reason)).toEqual([
      'SCHEDULES_ENABLED is false',
      'SCHEDULES_ENABLED is false',
    ]);
    await registerSchedules(queue, disabled);
    expect(await queue.getJobSchedulersCount()).toBe(0);
  });

  it('leaves the spotify_api schedule off until a Spotify app is configured', () => {
    const declared = declareSchedules(testConfig(env.id, { ...SCHEDULED, SPOTIFY_CLIENT_ID: '' }));
    expect(declared.active.map((s) => s.id)).toEqual(['mysql-daily']);
    expect(declared.off).toEqual([
      { id: 'spotify_api-poll', reason: 'SPOTIFY_CLIENT_ID is not set' },
    ]);
  });

  it('fails start-up with the variable named when a pattern is not cron', async () => {
    const declared = declareSchedules(
      testConfig(env.id, { ...SCHEDULED, MYSQL_SCHEDULE: 'at five' }),
    );
    const failure = registerSchedules(queue, declared);
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/MYSQL_SCHEDULE: at five is not a cron pattern/);
  });
});
