// spotify_api runs end to end against the fake Spotify over real HTTP: recently-played paged with
// cursors into my_tracks (full timestamps, after the watermark on the next run), a 429 that pauses
// the whole spotify-api queue, and malformed items quarantined while the others load.

import { Queue } from 'bullmq';
import { playAt } from '../fake-spotify/history';
import { startFakeSpotify } from '../fake-spotify/server';
import type { FakeSpotify } from '../fake-spotify/server';
import { buildJobId, QUEUES } from '../shared/contracts';
import { listKeys } from '../shared/lake/objects';
import { readNdjsonLines } from '../shared/lake/ndjson';
import { createTestEnv } from '../test/test-env';
import type { TestEnv } from '../test/test-env';
import { startPipeline } from '../test/pipeline-services';
import type { RunningPipeline } from '../test/pipeline-services';

const TOKEN = 'spotify-api-test-token';
const PLAY_MS = 200_000;
const START = Date.UTC(2024, 4, 1, 0);

describe('spotify_api runs against the fake Spotify', () => {
  let fake: FakeSpotify;
  let clock = START + 119 * PLAY_MS + 70_000;
  let env: TestEnv;
  let pipeline: RunningPipeline;
  let runs = 0;

  beforeAll(async () => {
    fake = await startFakeSpotify({ now: () => clock, startAt: START, window: 120 });
    env = await createTestEnv({
      API_TOKEN: TOKEN,
      API_PORT: '0',
      SPOTIFY_API_URL: fake.apiUrl,
      SPOTIFY_ACCOUNTS_URL: fake.url,
      SPOTIFY_CLIENT_ID: fake.clientId,
      SPOTIFY_CLIENT_SECRET: fake.clientSecret,
      SPOTIFY_REFRESH_TOKEN: fake.issueRefreshToken(),
      SPOTIFY_RETRY_BASE_MS: '20',
      SPOTIFY_QUEUE_WINDOW_MS: '1000',
    });
    pipeline = await startPipeline(env, TOKEN);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await env?.close();
    await fake?.close();
  });

  async function runMyTracks(): Promise<string> {
    runs += 1;
    const created = await pipeline.request('POST', '/runs', {
      pipeline: 'spotify_api',
      date: '2024-05-01',
      tables: ['my_tracks'],
      rerun: `t${runs}`,
    });
    expect(created.status).toBe(201);
    const runId = (created.body as { runId: string }).runId;
    await pipeline.waitForRun(runId);
    return runId;
  }

  async function countPlays(): Promise<number> {
    const { rows } = await env.clients.warehouse.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM spotify.my_tracks',
    );
    return rows[0]?.n ?? -1;
  }

  const recentlyPlayed = (from: number) =>
    fake.requests.slice(from).filter((request) => request.path === '/v1/me/player/recently-played');

  it('loads every visible play, following the cursors page by page, with full timestamps', async () => {
    const from = fake.requests.length;
    await runMyTracks();
    expect(await countPlays()).toBe(120);
    expect(recentlyPlayed(from).map((request) => request.query)).toEqual([
      { limit: '50' },
      { limit: '50', before: String(playAt(fake.history, 70).playedAt) },
      { limit: '50', before: String(playAt(fake.history, 20).playedAt) },
    ]);
    const newest = playAt(fake.history, 119);
    const { rows } = await env.clients.warehouse.query(
      `SELECT track_unique_id, track_id, played_at, features_source, danceability IS NOT NULL AS has_features
       FROM spotify.my_tracks ORDER BY played_at DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({
      track_unique_id: `${newest.trackId}_${new Date(newest.playedAt).toISOString()}`,
      track_id: newest.trackId,
      played_at: new Date(newest.playedAt),
      features_source: 'api',
      has_features: true,
    });
  });

  it('asks only for plays after the warehouse watermark on the next run', async () => {
    clock += 10 * PLAY_MS;
    const from = fake.requests.length;
    await runMyTracks();
    expect(recentlyPlayed(from).map((request) => request.query)).toEqual([
      { limit: '50', after: String(playAt(fake.history, 119).playedAt) },
    ]);
    expect(await countPlays()).toBe(130);
  });

  it('adds nothing when the same plays are fetched again', async () => {
    await runMyTracks();
    expect(await countPlays()).toBe(130);
  });

  it('pauses the whole spotify-api queue on a 429 for Retry-After, without spending an attempt', async () => {
    clock += 3 * PLAY_MS;
    fake.switches.rateLimit = { count: 1, retryAfterSeconds: 2 };
    const from = fake.requests.length;
    const runId = await runMyTracks();
    const api = fake.requests.slice(from).filter((request) => request.path.startsWith('/v1/'));
    const limited = api.findIndex((request) => request.status === 429);
    expect(limited).toBe(0);
    expect((api[1]?.at ?? 0) - (api[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_900);
    const queue = new Queue(QUEUES.spotifyApi, {
      connection: env.clients.redis,
      prefix: env.config.queuePrefix,
    });
    const job = await queue.getJob(buildJobId(runId, 'extract', 'my_tracks'));
    await queue.close();
    // One finished attempt: the rate-limited try went back to waiting without counting.
    expect(job?.attemptsMade).toBe(1);
    expect(await countPlays()).toBe(133);
  });

  it('quarantines malformed plays with their reason and loads the others', async () => {
    clock += 5 * PLAY_MS;
    fake.switches.malformedItems = 2;
    try {
      await runMyTracks();
    } finally {
      fake.switches.malformedItems = 0;
    }
    expect(await countPlays()).toBe(136);
    const keys: string[] = [];
    for await (const key of listKeys(env.clients.store, 'quarantine/spotify_api/my_tracks/')) {
      keys.push(key);
    }
    expect(keys).toHaveLength(1);
    const reasons: string[] = [];
    for await (const { line } of readNdjsonLines(env.clients.store, keys[0] ?? '')) {
      reasons.push((JSON.parse(line) as { reason: string }).reason);
    }
    expect(reasons).toEqual([
      'played_at: Invalid ISO datetime',
      'track.id: Invalid input: expected string, received number',
    ]);
  });
});
