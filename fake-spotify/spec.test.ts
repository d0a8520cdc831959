// The fake answers exactly as the OpenAPI spec of the real Web API says: every body of every
// endpoint the pipeline calls is checked against the spec's schema, strictly (no invented field).

import { trackIdAt } from './catalog';
import { startFakeSpotify } from './server';
import type { FakeSpotify } from './server';
import { checkResponse, loadSpec } from './test/openapi-check';

const spec = loadSpec();
const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2024, 4, 1, 12);

describe('the fake Spotify', () => {
  let fake: FakeSpotify;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeSpotify({ now: () => NOW, startAt: NOW - DAY });
    const response = await fetch(`${fake.url}/api/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: fake.issueRefreshToken(),
      }),
    });
    token = ((await response.json()) as { access_token: string }).access_token;
  });

  afterAll(async () => {
    await fake?.close();
  });

  afterEach(() => {
    fake.switches.isDevelopmentMode = false;
    fake.switches.malformedItems = 0;
  });

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${fake.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: await response.json() };
  }

  const ids = (count: number): string =>
    Array.from({ length: count }, (_, i) => trackIdAt('spotlake', i)).join(',');

  const cases: [string, string][] = [
    ['/me/player/recently-played', '/me/player/recently-played?limit=50'],
    ['/audio-features', `/audio-features?ids=${ids(100)}`],
    ['/audio-features/{id}', `/audio-features/${trackIdAt('spotlake', 0)}`],
    ['/tracks', `/tracks?ids=${ids(50)}`],
    ['/tracks/{id}', '/tracks/4u7EnebtmKWzUH433cf5Qv'],
    ['/artists', '/artists?ids=0TnOYISbd1XYRBk9myaseg,57dN52uHvrHOxijzpIgu3E'],
    ['/artists/{id}', '/artists/0TnOYISbd1XYRBk9myaseg'],
    ['/albums', '/albums?ids=382ObEPsp2rxGrnsizN5TX,1A2GTWGtFfWp7KSQTwWOyo'],
    ['/albums/{id}', '/albums/4aawyAB9vmqN3uQ7FjRGTy'],
  ];

  it.each(cases)('answers %s with a body the spec accepts, field for field', async (path, url) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(checkResponse(spec, path, 200, response.body, { strict: true })).toEqual([]);
  });

  it('answers a paged recently-played whose every item is a play the spec accepts', async () => {
    const response = await get('/me/player/recently-played?limit=50');
    const body = response.body as { items: unknown[]; next: string | null; cursors: object };
    expect(body.items).toHaveLength(50);
    expect(body.next).toBeNull();
    expect(Object.keys(body.cursors).sort()).toEqual(['after', 'before']);
  });

  it('answers 401, 403, 429 with the error body of the spec', async () => {
    const unauthorized = await fetch(`${fake.apiUrl}/tracks/4u7EnebtmKWzUH433cf5Qv`);
    expect(unauthorized.status).toBe(401);
    expect(
      checkResponse(spec, '/tracks/{id}', 401, await unauthorized.json(), { strict: true }),
    ).toEqual([]);
    fake.switches.isDevelopmentMode = true;
    const forbidden = await get(`/audio-features?ids=${ids(3)}`);
    expect(forbidden.status).toBe(403);
    expect(checkResponse(spec, '/audio-features', 403, forbidden.body, { strict: true })).toEqual(
      [],
    );
    fake.switches.isDevelopmentMode = false;
    fake.switches.rateLimit = { count: 1, retryAfterSeconds: 7 };
    const limited = await fetch(`${fake.apiUrl}/tracks?ids=${ids(2)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(checkResponse(spec, '/tracks', 429, await limited.json(), { strict: true })).toEqual([]);
  });

  it('in development mode forbids the batch calls and drops popularity, followers, genres and markets', async () => {
    fake.switches.isDevelopmentMode = true;
    for (const url of [
      `/tracks?ids=${ids(2)}`,
      '/artists?ids=0TnOYISbd1XYRBk9myaseg',
      '/albums?ids=382ObEPsp2rxGrnsizN5TX',
    ]) {
      expect((await get(url)).status).toBe(403);
    }
    const track = await get('/tracks/4u7EnebtmKWzUH433cf5Qv');
    const artist = await get('/artists/0TnOYISbd1XYRBk9myaseg');
    const album = await get('/albums/4aawyAB9vmqN3uQ7FjRGTy');
    for (const body of [track.body, artist.body, album.body]) {
      expect(Object.keys(body as object)).not.toEqual(expect.arrayContaining(['popularity']));
      expect(body).not.toHaveProperty('followers');
      expect(body).not.toHaveProperty('available_markets');
    }
    // The spec still lists these as required on albums; Spotify removed them in 2026.
    const removed = ['available_markets', 'genres', 'popularity'];
    expect(
      checkResponse(spec, '/albums/{id}', 200, album.body, {
        strict: true,
        ignoreMissing: removed,
      }),
    ).toEqual([]);
    expect(
      checkResponse(spec, '/tracks/{id}', 200, track.body, {
        strict: true,
        ignoreMissing: removed,
      }),
    ).toEqual([]);
  });

  it('makes items malformed on request, so the spec check catches them', async () => {
    fake.switches.malformedItems = 2;
    const response = await get('/me/player/recently-played?limit=5');
    const problems = checkResponse(spec, '/me/player/recently-played', 200, response.body, {
      strict: true,
    });
    expect(problems).toEqual([
      '$.items[0].played_at: "yesterday evening" is not a date-time',
      '$.items[1].track.id: integer, spec says string',
    ]);
  });
});
