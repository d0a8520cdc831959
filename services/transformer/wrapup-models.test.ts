// The project's models (sql/models) on a small hand-written fixture (test/fixtures/wrapup-*.sql),
// checked against answers worked out by hand, then built again phase by phase to prove the
// incremental models end where a full build does.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { runModels } from './run-models';
import type { TransformRequest } from './run-models';

const FIXTURES = join(__dirname, 'test', 'fixtures');
const PHASES = ['wrapup-1-listening.sql', 'wrapup-2-catalog.sql', 'wrapup-3-listening.sql'];

async function loadFixture(env: TestEnv, file: string): Promise<void> {
  await env.clients.warehouse.query(readFileSync(join(FIXTURES, file), 'utf8'));
}

function transform(env: TestEnv, request: Partial<TransformRequest> = {}) {
  return runModels(
    { partitionDate: '2024-03-07', ...request },
    {
      warehouse: env.clients.warehouse,
      store: env.clients.store,
      log: env.log,
      timezone: 'UTC',
      goldRowGroupRows: 1000,
    },
  );
}

async function query(env: TestEnv, sql: string): Promise<Record<string, unknown>[]> {
  return (await env.clients.warehouse.query<Record<string, unknown>>(sql)).rows;
}

const PLAYS_SQL = `SELECT play_id, to_char(played_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS started,
  ms_played::int AS ms, track_id, track_link, source, polled_id, absorbed_export_ids AS absorbed
  FROM analytics.plays ORDER BY played_at, play_id`;

// Worked out by hand from the fixture: the podcast (e5) and the two other exports of e1 (e6, b1)
// are not plays; p1 and p2 are the same plays as e2 and b2; p3 and p4 were only polled, and their
// API played_at is their end, so they started one duration earlier.
const EXPECTED_PLAYS = [
  ['export:e8', '2023-01-10 07:00:00', 210000, 't3', 'source', 'export', null, []],
  ['export:e7', '2023-12-01 12:00:00', 240000, 't2', 'source', 'export', null, []],
  ['export:e1', '2024-03-01 10:00:00', 180000, 't1', 'source', 'export', null, ['b1', 'e6']],
  [
    'export:e2',
    '2024-03-01 10:03:00',
    180000,
    't1',
    'source',
    'export',
    't1-2024-03-01T10:06:01Z',
    [],
  ],
  ['export:e3', '2024-03-01 10:06:00', 20000, 't2', 'source', 'export', null, []],
  ['export:e4', '2024-03-02 23:55:00', 240000, 't3', 'source', 'export', null, []],
  [
    'export:b2',
    '2024-03-04 08:06:40',
    200000,
    't3',
    'catalog_name',
    'export',
    't3-2024-03-04T08:10:20Z',
    [],
  ],
  ['export:b3', '2024-03-04 08:10:30', 210000, null, null, 'export', null, []],
  ['export:b4', '2024-03-05 08:58:20', 100000, null, null, 'export', null, []],
  [
    'api:t4-2024-03-06T20:00:00Z',
    '2024-03-06 19:57:30',
    150000,
    't4',
    'source',
    'api',
    't4-2024-03-06T20:00:00Z',
    [],
  ],
  [
    'api:t1-2024-03-06T21:00:00Z',
    '2024-03-06 20:57:00',
    180000,
    't1',
    'source',
    'api',
    't1-2024-03-06T21:00:00Z',
    [],
  ],
].map(([play_id, started, ms, track_id, track_link, source, polled_id, absorbed]) => ({
  play_id,
  started,
  ms,
  track_id,
  track_link,
  source,
  polled_id,
  absorbed,
}));

describe('the wrap-up models on a hand-written fixture', () => {
  let env: TestEnv;
  let built: Awaited<ReturnType<typeof transform>>;

  beforeAll(async () => {
    env = await createTestEnv();
    for (const phase of PHASES) {
      await loadFixture(env, phase);
    }
    built = await transform(env);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('makes one play per play, the export winning over the same play polled', async () => {
    expect(await query(env, PLAYS_SQL)).toEqual(EXPECTED_PLAYS);
  });

  it('dates albums at each release-date precision, and not an unknown one', async () => {
    expect(
      await query(
        env,
        "SELECT album_id, to_char(released_on, 'YYYY-MM-DD') AS released_on FROM analytics.cleaned_albums ORDER BY album_id",
      ),
    ).toEqual([
      { album_id: 'al1', released_on: '2020-02-29' },
      { album_id: 'al2', released_on: '1981-12-01' },
      { album_id: 'al3', released_on: null },
    ]);
  });

  it('ranks top tracks per period by streams of 30 s or more, then minutes', async () => {
    const top = await query(
      env,
      'SELECT period, rank, track_key, track_name, artist_name, streams::int AS streams, minutes::float AS minutes FROM analytics.top_tracks ORDER BY period, rank',
    );
    const rows = (period: string) =>
      top
        .filter((row) => row.period === period)
        .map((row) => [row.track_key, row.streams, row.minutes]);
    expect(rows('4_weeks')).toEqual([
      ['t1', 3, 9],
      ['t3', 2, 7.3],
      ['name:beta - twin', 1, 3.5],
      ['t4', 1, 2.5],
      ['name:unknown artist - mystery', 1, 1.7],
    ]);
    expect(rows('6_months')).toEqual([
      ['t1', 3, 9],
      ['t3', 2, 7.3],
      ['t2', 1, 4.3],
      ['name:beta - twin', 1, 3.5],
      ['t4', 1, 2.5],
      ['name:unknown artist - mystery', 1, 1.7],
    ]);
    expect(rows('all_time').slice(0, 3)).toEqual([
      ['t3', 3, 10.8],
      ['t1', 3, 9],
      ['t2', 1, 4.3],
    ]);
    expect(top[0]).toMatchObject({ track_name: 'One', artist_name: 'Alpha' });
  });

  it('ranks top artists and top genres per period', async () => {
    expect(
      await query(
        env,
        "SELECT period, rank, artist_name, streams::int AS streams, minutes::float AS minutes, tracks::int AS tracks FROM analytics.top_artists WHERE period IN ('4_weeks', 'all_time') ORDER BY period, rank",
      ),
    ).toEqual([
      { period: '4_weeks', rank: 1, artist_name: 'Beta', streams: 3, minutes: 10.8, tracks: 2 },
      { period: '4_weeks', rank: 2, artist_name: 'Alpha', streams: 3, minutes: 9.3, tracks: 2 },
      { period: '4_weeks', rank: 3, artist_name: 'Gamma', streams: 1, minutes: 2.5, tracks: 1 },
      {
        period: '4_weeks',
        rank: 4,
        artist_name: 'Unknown Artist',
        streams: 1,
        minutes: 1.7,
        tracks: 1,
      },
      { period: 'all_time', rank: 1, artist_name: 'Beta', streams: 4, minutes: 14.3, tracks: 2 },
      { period: 'all_time', rank: 2, artist_name: 'Alpha', streams: 4, minutes: 13.3, tracks: 2 },
      { period: 'all_time', rank: 3, artist_name: 'Gamma', streams: 1, minutes: 2.5, tracks: 1 },
      {
        period: 'all_time',
        rank: 4,
        artist_name: 'Unknown Artist',
        streams: 1,
        minutes: 1.7,
        tracks: 1,
      },
    ]);
    expect(
      await query(
        env,
        "SELECT period, rank, genre, streams::int AS streams, minutes::float AS minutes, share::float AS share FROM analytics.top_genres WHERE period IN ('4_weeks', 'all_time') ORDER BY period, rank",
      ),
    ).toEqual([
      { period: '4_weeks', rank: 1, genre: 'indie', streams: 3, minutes: 9, share: 0.6 },
      { period: '4_weeks', rank: 2, genre: 'pop', streams: 3, minutes: 9, share: 0.6 },
      { period: '4_weeks', rank: 3, genre: 'rock', streams: 2, minutes: 7.3, share: 0.4 },
      { period: 'all_time', rank: 1, genre: 'indie', streams: 4, minutes: 13.3, share: 0.571 },
      { period: 'all_time', rank: 2, genre: 'pop', streams: 4, minutes: 13.3, share: 0.571 },
      { period: 'all_time', rank: 3, genre: 'rock', streams: 3, minutes: 10.8, share: 0.429 },
    ]);
  });

  it('counts minutes per day and per weekday and hour', async () => {
    expect(
      await query(
        env,
        "SELECT to_char(day, 'YYYY-MM-DD') AS day, plays::int AS plays, streams::int AS streams, minutes::float AS minutes, tracks::int AS tracks, artists::int AS artists FROM analytics.listening_by_day ORDER BY day",
      ),
    ).toEqual([
      { day: '2023-01-10', plays: 1, streams: 1, minutes: 3.5, tracks: 1, artists: 1 },
      { day: '2023-12-01', plays: 1, streams: 1, minutes: 4, tracks: 1, artists: 1 },
      { day: '2024-03-01', plays: 3, streams: 2, minutes: 6.3, tracks: 2, artists: 1 },
      { day: '2024-03-02', plays: 1, streams: 1, minutes: 4, tracks: 1, artists: 1 },
      { day: '2024-03-04', plays: 2, streams: 2, minutes: 6.8, tracks: 2, artists: 1 },
      { day: '2024-03-05', plays: 1, streams: 1, minutes: 1.7, tracks: 1, artists: 1 },
      { day: '2024-03-06', plays: 2, streams: 2, minutes: 5.5, tracks: 2, artists: 2 },
    ]);
    expect(
      await query(
        env,
        "SELECT weekday, hour, plays::int AS plays, minutes::float AS minutes FROM analytics.listening_by_hour WHERE period = 'all_time' ORDER BY weekday, hour",
      ),
    ).toEqual([
      { weekday: 1, hour: 8, plays: 2, minutes: 6.8 },
      { weekday: 2, hour: 7, plays: 1, minutes: 3.5 },
      { weekday: 2, hour: 8, plays: 1, minutes: 1.7 },
      { weekday: 3, hour: 19, plays: 1, minutes: 2.5 },
      { weekday: 3, hour: 20, plays: 1, minutes: 3 },
      { weekday: 5, hour: 10, plays: 3, minutes: 6.3 },
      { weekday: 5, hour: 12, plays: 1, minutes: 4 },
      { weekday: 6, hour: 23, plays: 1, minutes: 4 },
    ]);
  });

  it('profiles the audio features streamed against the catalog average', async () => {
    expect(
      await query(
        env,
        "SELECT feature, mine::float AS mine, catalog::float AS catalog, difference::float AS difference, streams::int AS streams FROM analytics.audio_profile WHERE period = 'all_time' ORDER BY feature",
      ),
    ).toEqual([
      { feature: 'danceability', mine: 0.581, catalog: 0.5, difference: 0.081, streams: 8 },
      { feature: 'energy', mine: 0.671, catalog: 0.533, difference: 0.138, streams: 7 },
    ]);
  });

  it('finds the artists discovered each month and the listening streaks', async () => {
    expect(
      await query(
        env,
        "SELECT to_char(month, 'YYYY-MM') AS month, new_artists::int AS new_artists, examples FROM analytics.new_artists_by_month ORDER BY month",
      ),
    ).toEqual([
      { month: '2023-01', new_artists: 1, examples: ['Beta'] },
      { month: '2023-12', new_artists: 1, examples: ['Alpha'] },
      { month: '2024-03', new_artists: 2, examples: ['Gamma', 'Unknown Artist'] },
    ]);
    expect(
      await query(
        env,
        "SELECT to_char(started_on, 'YYYY-MM-DD') AS started_on, to_char(ended_on, 'YYYY-MM-DD') AS ended_on, days, is_latest, longest_rank FROM analytics.listening_streaks ORDER BY longest_rank",
      ),
    ).toEqual([
      {
        started_on: '2024-03-04',
        ended_on: '2024-03-06',
        days: 3,
        is_latest: true,
        longest_rank: 1,
      },
      {
        started_on: '2024-03-01',
        ended_on: '2024-03-02',
        days: 2,
        is_latest: false,
        longest_rank: 2,
      },
      {
        started_on: '2023-12-01',
        ended_on: '2023-12-01',
        days: 1,
        is_latest: false,
        longest_rank: 3,
      },
      {
        started_on: '2023-01-10',
        ended_on: '2023-01-10',
        days: 1,
        is_latest: false,
        longest_rank: 4,
      },
    ]);
  });

  it('sums each period up', async () => {
    expect(
      await query(
        env,
        'SELECT period, plays::int AS plays, streams::int AS streams, minutes::float AS minutes, tracks::int AS tracks, artists::int AS artists, days::int AS days FROM analytics.listening_totals ORDER BY sort',
      ),
    ).toEqual([
      { period: '4_weeks', plays: 9, streams: 8, minutes: 24.3, tracks: 6, artists: 4, days: 5 },
      { period: '6_months', plays: 10, streams: 9, minutes: 28.3, tracks: 6, artists: 4, days: 6 },
      { period: 'all_time', plays: 11, streams: 10, minutes: 31.8, tracks: 6, artists: 4, days: 7 },
    ]);
  });

  it('exports every table model to the gold layer, and no view', () => {
    const gold = Object.fromEntries(built.models.map((model) => [model.name, model.goldKey]));
    expect(gold.plays).toBe('gold/analytics/plays/updated_at=2024-03-07/part-00000.parquet');
    expect(gold.top_tracks).toBe(
      'gold/analytics/top_tracks/updated_at=2024-03-07/part-00000.parquet',
    );
    expect(gold.wrapup_periods).toBeNull();
    expect(
      built.models.filter((model) => model.goldKey === null).map((model) => model.name),
    ).toEqual(['wrapup_periods', 'track_details']);
  });
});

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
