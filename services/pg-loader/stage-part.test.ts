// Silver to PostgreSQL against a real PostgreSQL and S3: the values of every catalog type at their
// edges arrive in the warehouse exactly as the bronze rows gave them, and the results count them.

import { createTestTable, loaderTypes } from '../../test/catalog-with-test-tables';
import { mysqlRun, pgLoadCommit, pgLoadPart, s3Load, writeBronze } from '../../test/loader-steps';
import { TYPES_BRONZE, TYPES_EXPECTED } from '../../test/loader-types-rows';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

jest.mock('../../shared/catalog', () =>
  jest.requireActual<object>('../../test/catalog-with-test-tables'),
);

describe('stageSilverPart and commitLoad', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
    await createTestTable(env, loaderTypes);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('loads NULLs, Unicode, empty strings, integer limits, float extremes, timestamps and lists exactly', async () => {
    const run = mysqlRun('loader_types', '2024-05-01');
    const silver = await s3Load(env, run, await writeBronze(env, run, TYPES_BRONZE));
    const part = await pgLoadPart(env, run, silver);
    const commit = await pgLoadCommit(env, run, [part]);

    expect(part).toMatchObject({ rows: 4, bytes: silver.bytes });
    expect(commit).toMatchObject({
      mode: 'upsert',
      staged: 4,
      rowsInTarget: 4,
      counts: { extracted: 4, bronze: 4, silver: 4, quarantined: 0, loaded: 4 },
    });
    const { rows } = await env.clients.warehouse.query(
      `SELECT id, s, note, small, mid, big::text AS big, f32::float8 AS f32, f64, flag,
         (extract(epoch FROM "at") * 1000)::bigint::text AS at_ms, "day"::text AS "day", tags, doc
       FROM spotify.loader_types ORDER BY id`,
    );
    expect(rows).toEqual(TYPES_EXPECTED);
  });
});
