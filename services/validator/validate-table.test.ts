// The validator against a real PostgreSQL: reconciled counts, keys, and the catalog's optional
// checks, each failing with its numbers and recorded in the run ledger.

import { getTable } from '../../shared/catalog';
import type { PgLoadCommitResult, ValidateJob } from '../../shared/contracts';
import { CheckFailedError } from '../../shared/errors';
import { insertRun } from '../../shared/ledger/ledger';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { freshnessReference, runCatalogChecks } from './catalog-checks';
import { validateTable } from './validate-table';

const RUN = 'mysql-2024-05-01';
const job = (table: string): ValidateJob => ({
  runId: RUN,
  pipeline: 'mysql',
  partitionDate: '2024-05-01',
  table,
});

function load(table: string, overrides: Partial<PgLoadCommitResult> = {}): PgLoadCommitResult {
  return {
    kind: 'commit',
    table,
    mode: 'upsert',
    strategy: 'incremental_by_watermark',
    staged: 3,
    rowsInTarget: 3,
    counts: { extracted: 3, bronze: 3, silver: 3, quarantined: 0, loaded: 3 },
    ms: 1,
    ...overrides,
  };
}

describe('validateTable', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
    await insertRun(env.clients.warehouse, {
      runId: RUN,
      pipeline: 'mysql',
      partitionDate: '2024-05-01',
      tables: ['spotify_tracks'],
      options: {},
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(async () => {
    await env.clients.warehouse.query(
      'TRUNCATE spotify.spotify_tracks, spotify.spotify_albums, spotify.spotify_artists, spotify.my_tracks, pipeline.checks',
    );
  });

  const deps = () => ({ warehouse: env.clients.warehouse, log: env.log });

  async function insertTracks(rows: [string, number | null, number | null][]): Promise<void> {
    for (const [id, popularity, danceability] of rows) {
      await env.clients.warehouse.query(
        `INSERT INTO spotify.spotify_tracks (track_id, popularity, danceability, updated_at)
         VALUES ($1, $2, $3, '2024-05-01T00:00:00Z')`,
        [id, popularity, danceability],
      );
    }
  }

  async function ledgerChecks() {
    const { rows } = await env.clients.warehouse.query<{
      check_name: string;
      passed: boolean;
      observed: number | null;
      expected: number | null;
      ms: number | null;
    }>(
      'SELECT check_name, passed, observed, expected, ms FROM pipeline.checks WHERE run_id = $1 ORDER BY check_name',
      [RUN],
    );
    return rows;
  }

  it('passes a reconciled load and records every check with its numbers and timing', async () => {
    await insertTracks([
      ['t1', 10, 0.5],
      ['t2', 100, 0],
      ['t3', null, 1],
    ]);
    const result = await validateTable(job('spotify_tracks'), load('spotify_tracks'), deps());
    expect(result.checks.map((check) => [check.name, check.passed])).toEqual([
      ['bronze_rows_match_extracted', true],
      ['silver_plus_quarantine_match_bronze', true],
      ['loaded_rows_match_silver', true],
      ['primary_key_not_null', true],
      ['primary_key_unique', true],
      ['range:popularity', true],
      ['range:danceability', true],
    ]);
    const recorded = await ledgerChecks();
    expect(recorded).toHaveLength(7);
    expect(recorded.every((check) => check.passed && check.ms !== null && check.ms >= 0)).toBe(
      true,
    );
  });

  it('passes a full load whose target lacks exactly the quarantined rows', async () => {
    await insertTracks([
      ['t1', 10, 0.5],
      ['t2', 10, 0.5],
    ]);
    const counts = { extracted: 3, bronze: 3, silver: 2, quarantined: 1, loaded: 2 };
    const fullLoad = load('spotify_tracks', {
      mode: 'replace_table',
      strategy: 'full_load',
      rowsInTarget: 2,
      counts,
    });
    const result = await validateTable(job('spotify_tracks'), fullLoad, deps());
    expect(result.checks.find((check) => check.name === 'target_rows_match_source')).toMatchObject({
      passed: true,
      observed: 2,
      expected: 2,
      detail: 'rows in the target table (source rows less 1 quarantined): 2, expected 2',
    });
  });

  it('fails with the numbers when silver plus quarantined does not add up to bronze', async () => {
    await insertTracks([['t1', 10, 0.5]]);
    const counts = { extracted: 10, bronze: 10, silver: 8, quarantined: 1, loaded: 8 };
    const failed = validateTable(job('spotify_tracks'), load('spotify_tracks', { counts }), deps());
    await expect(failed).rejects.toThrow(CheckFailedError);
    await expect(failed).rejects.toThrow(
      'check silver_plus_quarantine_match_bronze failed on spotify_tracks: rows in silver plus quarantined: 9, expected 10',
    );
    expect(await ledgerChecks()).toContainEqual(
      expect.objectContaining({
        check_name: 'silver_plus_quarantine_match_bronze',
        passed: false,
        observed: 9,
        expected: 10,
      }),
    );
  });

  it('fails a full load whose target holds a different number of rows than the source gave', async () => {
    await insertTracks([
      ['t1', 10, 0.5],
      ['t2', 10, 0.5],
    ]);
    const fullLoad = load('spotify_tracks', {
      mode: 'replace_table',
      strategy: 'full_load',
      rowsInTarget: 2,
    });
    await expect(validateTable(job('spotify_tracks'), fullLoad, deps())).rejects.toThrow(
      'check target_rows_match_source failed on spotify_tracks: rows in the target table: 2, expected 3',
    );
  });

  it('fails a range check naming the column and how many rows are outside it', async () => {
    await insertTracks([
      ['t1', 150, 0.5],
      ['t2', 101, 1.5],
      ['t3', 50, 0.2],
    ]);
    await expect(
      validateTable(job('spotify_tracks'), load('spotify_tracks'), deps()),
    ).rejects.toThrow(
      'check range:popularity, range:danceability failed on spotify_tracks: ' +
        'rows whose popularity is outside [0, 100]: 2, expected 0; ' +
        'rows whose danceability is outside [0, 1]: 1, expected 0',
    );
  });

  it('fails an accepted-values check with the count of rows holding other values', async () => {
    for (const [id, precision] of [
      ['a1', 'day'],
      ['a2', 'decade'],
      ['a3', null],
    ]) {
      await env.clients.warehouse.query(
        `INSERT INTO spotify.spotify_albums (album_id, release_date_precision, updated_at)
         VALUES ($1, $2, now())`,
        [id, precision],
      );
    }
    await expect(
      validateTable(job('spotify_albums'), load('spotify_albums'), deps()),
    ).rejects.toThrow(
      'check accepted_values:release_date_precision failed on spotify_albums: ' +
        'rows whose release_date_precision is not one of year, month, day: 1, expected 0',
    );
  });

  it('passes the primary-key checks of a table whose constraint enforces the key, saying so', async () => {
    await insertTracks([['t1', 10, 0.5]]);
    const load1 = load('spotify_tracks', {
      staged: 1,
      rowsInTarget: 1,
      counts: { extracted: 1, bronze: 1, silver: 1, quarantined: 0, loaded: 1 },
    });
    const result = await validateTable(job('spotify_tracks'), load1, deps());
    const keyChecks = result.checks.filter((check) => check.name.startsWith('primary_key_'));
    expect(
      keyChecks.map(({ name, passed, observed, detail }) => ({ name, passed, observed, detail })),
    ).toEqual([
      {
        name: 'primary_key_not_null',
        passed: true,
        observed: 0,
        detail:
          "rows with a NULL track_id: 0, PostgreSQL's primary key constraint on (track_id) refuses them",
      },
      {
        name: 'primary_key_unique',
        passed: true,
        observed: 0,
        detail:
          "rows repeating a track_id: 0, PostgreSQL's primary key constraint on (track_id) refuses them",
      },
    ]);
  });

  it('fails the primary-key checks when a table without its constraint repeats or lacks keys', async () => {
    // This file's database is its own: dropping the constraint here touches no other test file.
    await env.clients.warehouse.query(
      'ALTER TABLE spotify.spotify_artists DROP CONSTRAINT spotify_artists_pkey, ALTER COLUMN artist_id DROP NOT NULL',
    );
    await env.clients.warehouse.query(
      `INSERT INTO spotify.spotify_artists (artist_id, updated_at)
       VALUES ('a1', now()), ('a1', now()), ('a2', now()), (NULL, now())`,
    );
    const counts = { extracted: 4, bronze: 4, silver: 4, quarantined: 0, loaded: 4 };
    await expect(
      validateTable(
        job('spotify_artists'),
        load('spotify_artists', { counts, rowsInTarget: 4 }),
        deps(),
      ),
    ).rejects.toThrow(
      'check primary_key_not_null, primary_key_unique failed on spotify_artists: ' +
        'rows with a NULL artist_id: 1, expected 0; rows repeating a artist_id: 1, expected 0',
    );
  });
});

describe('the freshness check', () => {
  let env: TestEnv;
  const fresh = { ...getTable('my_tracks'), checks: { freshnessHours: 24 } };

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('judges the newest watermark at the end of the run day, never later than now', () => {
    const now = new Date('2024-05-10T12:00:00Z');
    expect(freshnessReference('2024-05-01', now).toISOString()).toBe('2024-05-02T00:00:00.000Z');
    expect(freshnessReference('2024-05-10', now).toISOString()).toBe('2024-05-10T12:00:00.000Z');
  });

  it('fails on an empty table, passes within the limit and fails past it', async () => {
    const [empty] = await runCatalogChecks(env.clients.warehouse, fresh, '2024-05-01');
    expect(empty).toMatchObject({ name: 'freshness:played_at', passed: false, observed: null });
    await env.clients.warehouse.query(
      `INSERT INTO spotify.my_tracks (track_unique_id, track_id, played_at)
       VALUES ('x2024', 'x', '2024-05-01T10:00:00Z')`,
    );
    const [within] = await runCatalogChecks(env.clients.warehouse, fresh, '2024-05-01');
    expect(within).toMatchObject({ passed: true, observed: 14, expected: 24 });
    const [stale] = await runCatalogChecks(env.clients.warehouse, fresh, '2024-05-03');
    expect(stale).toMatchObject({
      passed: false,
      observed: 62,
      detail:
        "hours between the newest played_at and the end of the run's day: 62 h, expected at most 24 h",
    });
  });
});
