// `spotlake transform` against this file's own warehouse and bucket.

import { objectSize } from '../../shared/lake/objects';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { buildProgram } from '../main';

describe('spotlake transform', () => {
  let env: TestEnv;
  const saved = { ...process.env };
  let output: string[];

  beforeAll(async () => {
    env = await createTestEnv();
    process.env.PG_DATABASE = env.config.pg.database;
    process.env.S3_BUCKET = env.config.s3.bucket;
    await env.clients.warehouse.query(
      "INSERT INTO spotify.spotify_artists (artist_id, name, updated_at) VALUES ('a1', 'Ana', now())",
    );
  });

  afterAll(async () => {
    process.env = saved;
    await env?.close();
  });

  beforeEach(() => {
    output = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const transform = (...args: string[]) =>
    buildProgram().parseAsync(['node', 'spotlake', 'transform', ...args]);

  it('builds the selected models, reports each, and exports them to gold', async () => {
    await transform('--select', 'cleaned_artists', '--date', '2024-05-01');
    expect(output.join('')).toMatch(/cleaned_artists\s+table\s+1 rows/);
    expect(output.join('')).toMatch(/1 models built, 2 tests passed/);
    const { rows } = await env.clients.warehouse.query(
      'SELECT artist_name FROM analytics.cleaned_artists',
    );
    expect(rows).toEqual([{ artist_name: 'Ana' }]);
    const key = 'gold/analytics/cleaned_artists/updated_at=2024-05-01/part-00000.parquet';
    expect(await objectSize(env.clients.store, key)).toBeGreaterThan(0);
  });

  it('names a selector that matches no model', async () => {
    await expect(transform('--select', 'cleaned_artist+')).rejects.toThrow(
      'select: no model is named cleaned_artist',
    );
  });
});
