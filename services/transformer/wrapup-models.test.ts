// The project's models (sql/models) on a small hand-written fixture (test/fixtures/wrapup-*.sql),
// checked against answers worked out by hand.

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
