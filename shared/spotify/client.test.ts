// The Web API client against the fake Spotify over real HTTP: token refresh before expiry and on
// 401, rotated refresh tokens kept, and each failure the real API has — 429, 5xx, timeouts, 403.

import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSpotify } from '../../fake-spotify/server';
import type { FakeSpotify } from '../../fake-spotify/server';
import { RateLimitedError } from '../errors';
import { createLogger } from '../logger';
import { Secret } from '../secret';
import { createAccountsClient } from './accounts';
import { createAccessTokenSource } from './access-token';
import { createSpotifyClient } from './client';
import type { SpotifyClient, SpotifyClientOptions } from './client';
import { SpotifyAuthError, SpotifyForbiddenError, SpotifyUnavailableError } from './errors';
import { fileTokenStore, writeTokenFile } from './token-store';

const log = createLogger({ level: 'silent' });
const TRACK = '/tracks/4u7EnebtmKWzUH433cf5Qv';

describe('the Spotify client', () => {
  let fake: FakeSpotify;
  let clock: number;
  let tokenFile: string;

  beforeAll(async () => {
    clock = Date.UTC(2024, 4, 1, 12);
    fake = await startFakeSpotify({ now: () => clock });
  });

  afterAll(async () => {
    await fake?.close();
  });

  beforeEach(() => {
    Object.assign(fake.switches, {
      rateLimit: { count: 0, retryAfterSeconds: 1 },
      serverErrors: { count: 0, status: 503 },
      delay: { count: 0, ms: 0 },
      isDevelopmentMode: false,
      rotatesRefreshTokens: false,
    });
    tokenFile = join(mkdtempSync(join(tmpdir(), 'spotlake-token-')), 'spotify-token.json');
    writeTokenFile(tokenFile, new Secret(fake.issueRefreshToken()));
  });

  function tokens() {
    return createAccessTokenSource({
      accounts: createAccountsClient({
        accountsUrl: fake.url,
        clientId: fake.clientId,
        clientSecret: new Secret(fake.clientSecret),
        timeoutMs: 2_000,
      }),
      store: fileTokenStore(tokenFile),
      now: () => clock,
      skewMs: 60_000,
    });
  }

  function client(overrides: Partial<SpotifyClientOptions> = {}): SpotifyClient {
    return createSpotifyClient({
      apiUrl: fake.apiUrl,
      timeoutMs: 2_000,
      maxRetries: 3,
      retryBaseMs: 10,
      tokens: tokens(),
      onRateLimit: 'wait',
      log,
      ...overrides,
    });
  }

  const count = (path: string, from: number): number =>
    fake.requests.slice(from).filter((request) => request.path === path).length;

  it('refreshes the access token shortly before it expires, without a 401', async () => {
    const spotify = client();
    const from = fake.requests.length;
    await spotify.get(TRACK, {});
    await spotify.get(TRACK, {});
    expect(count('/api/token', from)).toBe(1);
    clock += 3_600_000 - 30_000;
    await spotify.get(TRACK, {});
    expect(count('/api/token', from)).toBe(2);
    expect(fake.requests.slice(from).filter((request) => request.status === 401)).toEqual([]);
  });

  it('refreshes once on a 401 and repeats the request', async () => {
    const spotify = client();
    await spotify.get(TRACK, {});
    fake.expireAccessTokens();
    const from = fake.requests.length;
    const response = await spotify.get(TRACK, {});
    expect((response.body as { id: string }).id).toBe('4u7EnebtmKWzUH433cf5Qv');
    expect(fake.requests.slice(from).map((request) => [request.path, request.status])).toEqual([
      ['/v1' + TRACK, 401],
      ['/api/token', 200],
      ['/v1' + TRACK, 200],
    ]);
  });

  it('keeps a rotated refresh token in its 0600 file', async () => {
    fake.switches.rotatesRefreshTokens = true;
    const before = readFileSync(tokenFile, 'utf8');
    await client().get(TRACK, {});
    expect(readFileSync(tokenFile, 'utf8')).not.toEqual(before);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    await client().get(TRACK, {});
  });

  it('fails for good, naming `spotlake auth`, when Spotify refuses the refresh token', async () => {
    writeTokenFile(tokenFile, new Secret('AQD-revoked'));
    const failure = client().get(TRACK, {});
    await expect(failure).rejects.toBeInstanceOf(SpotifyAuthError);
    await expect(failure).rejects.toThrow(/invalid_grant.*spotlake auth/);
    await expect(failure).rejects.not.toThrow(/AQD-revoked/);
  });

  it('waits Retry-After on a 429, then gets its answer', async () => {
    const spotify = client();
    await spotify.get(TRACK, {});
    fake.switches.rateLimit = { count: 1, retryAfterSeconds: 1 };
    const from = fake.requests.length;
    await spotify.get(TRACK, {});
    const [limited, answered] = fake.requests.slice(from);
    expect([limited?.status, answered?.status]).toEqual([429, 200]);
    expect((answered?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('hands a 429 to the queue when asked to, with the wait Spotify gave', async () => {
    fake.switches.rateLimit = { count: 1, retryAfterSeconds: 7 };
    const failure = client({ onRateLimit: 'throw' }).get(TRACK, {});
    await expect(failure).rejects.toBeInstanceOf(RateLimitedError);
    await expect(failure).rejects.toMatchObject({ retryAfterMs: 7_000 });
  });

  it('backs off and retries 5xx answers, a bounded number of times', async () => {
    const spotify = client();
    await spotify.get(TRACK, {});
    fake.switches.serverErrors = { count: 2, status: 502 };
    const from = fake.requests.length;
    await spotify.get(TRACK, {});
    expect(fake.requests.slice(from).map((request) => request.status)).toEqual([502, 502, 200]);
    fake.switches.serverErrors = { count: 10, status: 503 };
    await expect(spotify.get(TRACK, {})).rejects.toBeInstanceOf(SpotifyUnavailableError);
    expect(fake.switches.serverErrors.count).toBe(6);
  });

  it('retries a request that timed out', async () => {
    const spotify = client({ timeoutMs: 200 });
    await spotify.get(TRACK, {});
    fake.switches.delay = { count: 1, ms: 600 };
    const response = await spotify.get(TRACK, {});
    expect((response.body as { id: string }).id).toBe('4u7EnebtmKWzUH433cf5Qv');
  });

  it('reports a 403 as forbidden for the caller to degrade', async () => {
    fake.switches.isDevelopmentMode = true;
    await expect(
      client().get('/audio-features', { ids: '4u7EnebtmKWzUH433cf5Qv' }),
    ).rejects.toEqual(new SpotifyForbiddenError('/audio-features'));
  });

  it('never sends the token to a next link on another host', async () => {
    await expect(
      client().get('http://198.51.100.7/v1/me/player/recently-played', {}),
    ).rejects.toThrow(/another host/);
  });

  it('returns the body exactly as received', async () => {
    const response = await client().get(TRACK, {});
    expect(JSON.parse(response.raw.toString('utf8'))).toEqual(response.body);
  });
});
