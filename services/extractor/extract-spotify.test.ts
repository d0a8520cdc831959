// The spotify_api extractors against the fake Spotify, real S3, PostgreSQL and MariaDB: raw pages
// and features in the run's bronze folder, enrichment in batches of 50 and 100, and each
// development-mode 403 degraded (catalog features, one call per id) and logged once per run.

import { playAt } from '../../fake-spotify/history';
import { startFakeSpotify } from '../../fake-spotify/server';
import type { FakeSpotify } from '../../fake-spotify/server';
import type { ExtractJob, ExtractResult } from '../../shared/contracts';
import { WHOLE_TABLE } from '../../shared/contracts';
import { createLogger } from '../../shared/logger';
import { createSpotifyTokens, spotifyClientFor } from '../../shared/spotify/connect';
import { readSpotifyResponses } from '../../shared/spotify/read-responses';
import type { Row } from '../../shared/spotify/records';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { extractSpotifyTable } from './extract-spotify';

const START = Date.UTC(2024, 4, 1, 0);

describe('extracting the spotify_api tables', () => {
  let fake: FakeSpotify;
  let env: TestEnv;
  let runs = 0;
  let logLines: string[];

  beforeAll(async () => {
    fake = await startFakeSpotify({ now: () => START + 60 * 200_000, startAt: START, window: 60 });
    env = await createTestEnv({
      SPOTIFY_API_URL: fake.apiUrl,
      SPOTIFY_ACCOUNTS_URL: fake.url,
      SPOTIFY_CLIENT_ID: fake.clientId,
      SPOTIFY_CLIENT_SECRET: fake.clientSecret,
      SPOTIFY_REFRESH_TOKEN: fake.issueRefreshToken(),
    });
  });

  afterAll(async () => {
    await env?.close();
    await fake?.close();
  });

  beforeEach(() => {
    fake.switches.isDevelopmentMode = false;
    logLines = [];
  });

  async function extract(table: string): Promise<ExtractResult> {
    runs += 1;
    const log = createLogger({
      level: 'warn',
      destination: { write: (line: string) => logLines.push(line) },
    });
    const job: ExtractJob = {
      runId: `spotify_api-2024-05-01-x${runs}`,
      pipeline: 'spotify_api',
      partitionDate: '2024-05-01',
      table,
      part: WHOLE_TABLE,
      fullRefresh: false,
    };
    return extractSpotifyTable(job, {
      spotify: spotifyClientFor(env.config, createSpotifyTokens(env.config, log), log, 'wait'),
      warehouse: env.clients.warehouse,
      mysql: env.clients.mysql,
      store: env.clients.store,
      log,
      signal: new AbortController().signal,
      enrichMaxIds: 500,
      onProgress: async () => undefined,
    });
  }

  async function readRows(result: ExtractResult): Promise<(Row | Error)[]> {
    const rows: (Row | Error)[] = [];
    for (const key of result.bronzeKeys) {
      for await (const { record } of readSpotifyResponses(
        env.clients.store,
        key,
        new AbortController().signal,
      )) {
        rows.push(record);
      }
    }
    return rows;
  }

  const apiCalls = (from: number, path: string) =>
    fake.requests
      .slice(from)
      .filter((request) => request.path.startsWith(`/v1${path}`))
      .map((request) =>
        request.query.ids === undefined ? request.path : request.query.ids.split(',').length,
      );

  const warnings = () =>
    logLines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level === 40);

  it('stores each recently-played page as received, with the audio features beside it', async () => {
    const result = await extract('my_tracks');
    const prefix =
      'bronze/spotify_api/my_tracks/updated_at=2024-05-01/run=spotify_api-2024-05-01-x1/';
    expect(result.bronzeKeys).toEqual([
      `${prefix}part-00000-00000.json.gz`,
      `${prefix}part-00000-00001.json.gz`,
      `${prefix}part-00000-00002.features.json.gz`,
    ]);
    expect(result.counts.extracted).toBe(60);
    const rows = await readRows(result);
    expect(rows).toHaveLength(60);
    expect(rows.filter((row) => row instanceof Error)).toEqual([]);
    expect(new Set(rows.map((row) => (row as Row).features_source))).toEqual(new Set(['api']));
  });

  it('in development mode takes audio features from the Kaggle catalog, else NULL, and says so once', async () => {
    fake.switches.isDevelopmentMode = true;
    const heard = [
      ...new Set([50, 51, 52, 53].map((index) => playAt(fake.history, index).trackId)),
    ];
    const [first = '', second = ''] = heard;
    await env.clients.mysql
      .promise()
      .query(
        'INSERT INTO spotify_tracks (track_id, danceability, energy, track_key, `mode`, tempo) VALUES (?, 0.5, 0.25, 7, 1, 120.5), (?, 0.75, 0.5, 2, 0, 98)',
        [first, second],
      );
    const rows = (await readRows(await extract('my_tracks'))) as Row[];
    const byTrack = new Map(rows.map((row) => [row.track_id, row]));
    expect(byTrack.get(first)).toMatchObject({
      features_source: 'catalog',
      danceability: 0.5,
      track_key: 7,
      tempo: 120.5,
      popularity: null,
    });
    const others = rows.filter((row) => row.track_id !== first && row.track_id !== second);
    expect(new Set(others.map((row) => row.features_source))).toEqual(new Set([null]));
    expect(warnings().map((line) => line.msg)).toEqual([
      'Spotify refused /audio-features (403: deprecated for apps in development mode); using the Kaggle catalog features for these tracks',
    ]);
  });

  it('fetches unknown tracks of the listening history in batches of 50, their features in batches of 100', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => fake.trackIdAt(1000 + i));
    await env.clients.warehouse.query(
      `INSERT INTO spotify.listening_history (play_id, ts, ms_played, content_type, source_format, source_file, track_id)
       SELECT 'p' || n, now(), 1000, 'track', 'extended', 'f.json', id FROM unnest($1::text[]) WITH ORDINALITY AS t (id, n)`,
      [ids],
    );
    const from = fake.requests.length;
    const result = await extract('api_tracks');
    expect(apiCalls(from, '/tracks')).toEqual([50, 50, 20]);
    expect(apiCalls(from, '/audio-features')).toEqual([100, 20]);
    const rows = (await readRows(result)) as Row[];
    expect(rows.map((row) => row.track_id).sort()).toEqual([...ids].sort());
    expect(new Set(rows.map((row) => row.features_source))).toEqual(new Set(['api']));
  });

  it('in development mode falls back to one call per id, logs it once, and quarantines ids Spotify lacks', async () => {
    fake.switches.isDevelopmentMode = true;
    const artists = ['0TnOYISbd1XYRBk9myaseg', '57dN52uHvrHOxijzpIgu3E', '0000000000000000000000'];
    await env.clients.warehouse.query(
      `INSERT INTO spotify.my_tracks (track_unique_id, track_id, played_at, artist_ids)
       VALUES ('x_1', 'x', now(), $1)`,
      [artists],
    );
    await env.clients.warehouse.query('DELETE FROM spotify.api_tracks');
    const from = fake.requests.length;
    const result = await extract('api_artists');
    expect(apiCalls(from, '/artists')).toEqual([
      3,
      '/v1/artists/0000000000000000000000',
      '/v1/artists/0TnOYISbd1XYRBk9myaseg',
      '/v1/artists/57dN52uHvrHOxijzpIgu3E',
    ]);
    const rows = await readRows(result);
    expect(rows[0]).toEqual(new Error('Spotify returned null for this id (unknown to Spotify)'));
    expect(rows.slice(1)).toMatchObject([
      { artist_id: '0TnOYISbd1XYRBk9myaseg', popularity: null, genres: null, followers: null },
      { artist_id: '57dN52uHvrHOxijzpIgu3E', popularity: null, genres: null, followers: null },
    ]);
    expect(warnings().map((line) => line.msg)).toEqual([
      'Spotify refused /artists (403: deprecated for apps in development mode); one call per id (/artists/{id}) instead',
    ]);
  });
});
