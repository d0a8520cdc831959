// Validation from end to end, every stage a real worker: a load that loses a row, then a value out
// of its catalog range, each fail the validate job once with the numbers and stop the flow before
// transform; a clean re-run goes through and builds the models.

import { join } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import { seedCsv } from '../cli/seed/seed-csv';
import { buildJobId, QUEUES } from '../shared/contracts';
import { createTestEnv } from '../test/test-env';
import type { TestEnv } from '../test/test-env';
import { startPipeline } from '../test/pipeline-services';
import type { RunningPipeline } from '../test/pipeline-services';

const TOKEN = 'validation-test-token';
const FIXTURE = join(__dirname, 'fixtures', 'spotify_artists.csv');
const LOST_ARTIST = '4mGnpjhqgx4RUdsIJiURdo';

interface RunBody {
  status: string;
  error: string | null;
  checks: { check_name: string; passed: boolean; observed: number; expected: number }[];
}

describe('a validation failure in a real run', () => {
  let env: TestEnv;
  let pipeline: RunningPipeline;
  let validateQueue: Queue;
  let transformQueue: Queue;
  let validateEvents: QueueEvents;

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0' });
    await seedCsv(FIXTURE, 'spotify_artists', {
      mysql: env.clients.mysql.promise(),
      rejectFile: join(env.config.home, 'rejects.ndjson'),
    });
    pipeline = await startPipeline(env, TOKEN);
    const connection = { connection: env.clients.redis, prefix: env.config.queuePrefix };
    validateQueue = new Queue(QUEUES.validate, connection);
    transformQueue = new Queue(QUEUES.transform, connection);
    validateEvents = new QueueEvents(QUEUES.validate, {
      connection: { host: env.config.redis.host, port: env.config.redis.port },
      prefix: env.config.queuePrefix,
    });
    await validateEvents.waitUntilReady();
  });

  afterAll(async () => {
    await validateEvents?.close();
    await validateQueue?.close();
    await transformQueue?.close();
    await pipeline?.stop();
    await env?.close();
  });

  async function runUntilValidateFails(rerun?: string): Promise<{ runId: string; error: string }> {
    const created = await pipeline.request('POST', '/runs', {
      pipeline: 'mysql',
      date: '2024-05-01',
      tables: ['spotify_artists'],
      ...(rerun === undefined ? {} : { rerun }),
    });
    expect(created.status).toBe(201);
    const { runId } = created.body as { runId: string };
    const validate = await Job.fromId(
      validateQueue,
      buildJobId(runId, 'validate', 'spotify_artists'),
    );
    if (validate === undefined) {
      throw new Error(`run ${runId} has no validate job`);
    }
    const error = await validate.waitUntilFinished(validateEvents, 60_000).then(
      () => 'validate succeeded',
      (err: Error) => err.message,
    );
    const failed = await Job.fromId(validateQueue, validate.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    return { runId, error };
  }

  async function expectStoppedBeforeTransform(runId: string): Promise<RunBody> {
    const transform = await Job.fromId(transformQueue, buildJobId(runId, 'transform'));
    expect(await transform?.getState()).toBe('waiting-children');
    const run = await pipeline.request('GET', `/runs/${runId}`);
    const body = run.body as RunBody;
    expect(body.status).toBe('failed');
    return body;
  }

  it('fails once with the counts when the warehouse loses a row, and never transforms', async () => {
    await env.clients.warehouse.query(`
      CREATE FUNCTION public.lose_one_artist() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.artist_id = '${LOST_ARTIST}' THEN RETURN NULL; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER lose_one_artist BEFORE INSERT ON spotify.spotify_artists
        FOR EACH ROW EXECUTE FUNCTION public.lose_one_artist();`);
    const { runId, error } = await runUntilValidateFails();
    expect(error).toBe(
      'check target_rows_match_source failed on spotify_artists: rows in the target table: 308, expected 309',
    );
    const body = await expectStoppedBeforeTransform(runId);
    expect(body.error).toContain('rows in the target table: 308, expected 309');
    expect(body.checks).toContainEqual(
      expect.objectContaining({
        check_name: 'target_rows_match_source',
        passed: false,
        observed: 308,
        expected: 309,
      }),
    );
    const model = await env.clients.warehouse.query<{ found: string | null }>(
      "SELECT to_regclass('analytics.cleaned_artists')::text AS found",
    );
    expect(model.rows[0]?.found).toBeNull();
  });

  it('fails a catalog range check with the count of rows outside it, and never transforms', async () => {
    await env.clients.warehouse.query(
      'DROP TRIGGER lose_one_artist ON spotify.spotify_artists; DROP FUNCTION public.lose_one_artist()',
    );
    await env.clients.mysql
      .promise()
      .query('UPDATE spotify_artists SET artist_popularity = 150 WHERE artist_id = ?', [
        LOST_ARTIST,
      ]);
    const { runId, error } = await runUntilValidateFails('r2');
    expect(error).toBe(
      'check range:artist_popularity failed on spotify_artists: ' +
        'rows whose artist_popularity is outside [0, 100]: 1, expected 0',
    );
    await expectStoppedBeforeTransform(runId);
  });

  it('goes through to the models once the data is right', async () => {
    await env.clients.mysql
      .promise()
      .query('UPDATE spotify_artists SET artist_popularity = 44 WHERE artist_id = ?', [
        LOST_ARTIST,
      ]);
    const created = await pipeline.request('POST', '/runs', {
      pipeline: 'mysql',
      date: '2024-05-01',
      tables: ['spotify_artists'],
      rerun: 'r3',
    });
    await pipeline.waitForRun((created.body as { runId: string }).runId);
    const run = await pipeline.request('GET', '/runs/mysql-2024-05-01-r3');
    const body = run.body as RunBody;
    expect(body.status).toBe('succeeded');
    expect(body.checks.filter((check) => !check.passed)).toEqual([]);
    const { rows } = await env.clients.warehouse.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM analytics.cleaned_artists',
    );
    expect(rows[0]?.n).toBe(309);
  });
});
