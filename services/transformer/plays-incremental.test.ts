// The incremental models (plays, listening_by_day) built phase by phase from the hand-written
// fixture: polls first, then the catalog, then the export. They must end where a full build ends,
// rebuilding only the months that changed.

import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import {
  EXPECTED_PLAYS,
  loadFixture,
  PHASES,
  PLAYS_SQL,
  query,
  transform,
} from './test/wrapup-fixture';

describe('the wrap-up models built phase by phase', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  const byName = (result: Awaited<ReturnType<typeof transform>>) =>
    Object.fromEntries(result.models.map((model) => [model.name, model.rows]));

  it('first holds the polled plays alone and the basic plays unlinked', async () => {
    await loadFixture(env, PHASES[0] ?? '');
    const first = await transform(env);
    expect(byName(first).plays).toBe(8);
    expect(
      await query(
        env,
        "SELECT play_id, track_id FROM analytics.plays WHERE play_id IN ('api:t1-2024-03-01T10:06:01Z', 'export:b2') ORDER BY play_id",
      ),
    ).toEqual([
      { play_id: 'api:t1-2024-03-01T10:06:01Z', track_id: 't1' },
      { play_id: 'export:b2', track_id: null },
    ]);
  });

  it('links a basic play once the catalog names its track, rebuilding only its month', async () => {
    const before = await query(
      env,
      "SELECT play_id, xmin::text AS xmin FROM analytics.plays WHERE played_month < '2024-02-01' ORDER BY play_id",
    );
    await loadFixture(env, PHASES[1] ?? '');
    const second = await transform(env);
    expect(byName(second).plays).toBe(6);
    expect(
      await query(
        env,
        "SELECT play_id, track_id, track_link FROM analytics.plays WHERE play_id IN ('export:b2', 'export:b3')",
      ),
    ).toEqual([
      { play_id: 'export:b2', track_id: 't3', track_link: 'catalog_name' },
      { play_id: 'export:b3', track_id: null, track_link: null },
    ]);
    expect(
      await query(
        env,
        "SELECT play_id, xmin::text AS xmin FROM analytics.plays WHERE played_month < '2024-02-01' ORDER BY play_id",
      ),
    ).toEqual(before);
  });

  it('replaces a polled play by the export row of the same play, ending where a full build ends', async () => {
    await loadFixture(env, PHASES[2] ?? '');
    const third = await transform(env);
    expect(byName(third)).toMatchObject({ plays: 9, listening_by_day: 5 });
    expect(await query(env, PLAYS_SQL)).toEqual(EXPECTED_PLAYS);
    const incremental = await query(env, 'SELECT * FROM analytics.listening_by_day ORDER BY day');
    await transform(env, { fullRefresh: true });
    const full = await query(env, 'SELECT * FROM analytics.listening_by_day ORDER BY day');
    const withoutStamp = (rows: Record<string, unknown>[]) =>
      rows.map(({ refreshed_at: _stamp, ...rest }) => rest);
    expect(withoutStamp(incremental)).toEqual(withoutStamp(full));
  });

  it('merges nothing when no source row is new', async () => {
    const again = await transform(env);
    expect(byName(again)).toMatchObject({ plays: 0, listening_by_day: 0 });
  });

  it('reads played_at as the start on a day when that explains more polled plays', async () => {
    // One track on repeat, 12:00-12:03, 12:03-12:06, 12:06-12:09, polled with played_at at each
    // START. Read as ends, 12:03:01 and 12:06:00 would pair with the wrong plays and 12:00:02 with
    // none: four plays instead of three.
    await env.clients.warehouse.query(`
      INSERT INTO spotify.listening_history
        (play_id, ts, ms_played, content_type, track_name, artist_name, spotify_track_uri, source_format, source_file)
      SELECT 'r' || n, ts, 180000, 'track', 'One', 'Alpha', 'spotify:track:t1', 'extended', 'x.json'
      FROM (VALUES (1, '2024-04-10T12:03:00Z'::timestamptz), (2, '2024-04-10T12:06:00Z'), (3, '2024-04-10T12:09:00Z')) AS v(n, ts);
      INSERT INTO spotify.my_tracks (track_unique_id, track_id, track_name, artist_names, played_at, duration_ms)
      SELECT 't1-' || at, 't1', 'One', '{Alpha}', at::timestamptz, 180000
      FROM unnest(ARRAY['2024-04-10T12:00:02Z', '2024-04-10T12:03:01Z', '2024-04-10T12:06:00Z']) AS at;`);
    await transform(env);
    expect(
      await query(
        env,
        "SELECT play_id, polled_id FROM analytics.plays WHERE played_month = '2024-04-01' ORDER BY played_at",
      ),
    ).toEqual([
      { play_id: 'export:r1', polled_id: 't1-2024-04-10T12:00:02Z' },
      { play_id: 'export:r2', polled_id: 't1-2024-04-10T12:03:01Z' },
      { play_id: 'export:r3', polled_id: 't1-2024-04-10T12:06:00Z' },
    ]);
  });
});
