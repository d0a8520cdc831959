// `spotlake import-history` from the command line: stores the files, starts the run, and with
// --wait reports the plays loaded (services running in this process, as `spotlake up` runs them).

import { join } from 'node:path';
import { buildProgram } from '../main';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { startPipeline } from '../../test/pipeline-services';
import type { RunningPipeline } from '../../test/pipeline-services';

const FIXTURES = join(__dirname, '..', '..', 'shared', 'history', 'test', 'fixtures');

describe('spotlake import-history', () => {
  let env: TestEnv;
  let pipeline: RunningPipeline;
  const saved = { ...process.env };

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: 'cli-import', API_PORT: '0' });
    pipeline = await startPipeline(env, 'cli-import');
    Object.assign(process.env, {
      PG_DATABASE: env.id,
      MYSQL_DATABASE: env.id,
      S3_BUCKET: env.config.s3.bucket,
      QUEUE_PREFIX: env.config.queuePrefix,
      SPOTIFY_TOKEN_FILE: join(env.config.home, 'no-such-token.json'),
    });
  });

  afterAll(async () => {
    process.env = saved;
    await pipeline?.stop();
    await env?.close();
  });

  it('stores the files, waits for the load, and says what it loaded', async () => {
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((text) => {
      printed.push(String(text));
      return true;
    });
    try {
      await buildProgram().parseAsync([
        'node',
        'spotlake',
        'import-history',
        join(FIXTURES, 'endsong_0.json'),
        join(FIXTURES, 'StreamingHistory0.json'),
        '--wait',
      ]);
    } finally {
      write.mockRestore();
    }
    const output = printed.join('');
    expect(output).toContain('  endsong_0.json: endsong, 3 plays, 0.0 MB\n');
    expect(output).toContain('  StreamingHistory0.json: account_data, 4 plays, 0.0 MB\n');
    expect(output).toContain('Loaded: listening_history has 5 new plays.\n');
    expect(output).toContain('Spotify is not connected (`spotlake auth`)');
    const { rows } = await env.clients.warehouse.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM spotify.listening_history',
    );
    expect(rows[0]?.n).toBe(5);
  });
});
