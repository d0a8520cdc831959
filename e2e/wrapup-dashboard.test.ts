// The wrap-up dashboard over real HTTP: the API in front of models built from the hand-written
// fixture, one play with a hostile name among them.

import { start as startApi } from '../services/api/main';
import type { RunningApi } from '../services/api/main';
import { loadFixture, PHASES, transform } from '../services/transformer/test/wrapup-fixture';
import { createTestEnv } from '../test/test-env';
import type { TestEnv } from '../test/test-env';

const TOKEN = 'wrapup-test-token';
const HOSTILE_TRACK = '<script>alert("x")</script>';
const HOSTILE_ARTIST = '<img src=x onerror=alert(1)>';

describe('the wrap-up dashboard', () => {
  let env: TestEnv;
  let api: RunningApi;

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0' });
    api = await startApi(env.config, env.log);
  });

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  async function get(path: string, token: string | null = TOKEN) {
    const response = await fetch(`${api.url}${path}`, {
      headers: {
        accept: 'text/html',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      redirect: 'manual',
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.text(),
    };
  }

  it('says what to do while no model is built', async () => {
    const page = await get('/wrapup');
    expect(page.status).toBe(200);
    expect(page.body).toContain('No listening to show yet.');
  });

  describe('once the models are built', () => {
    beforeAll(async () => {
      for (const phase of PHASES) {
        await loadFixture(env, phase);
      }
      await env.clients.warehouse.query(
        `INSERT INTO spotify.my_tracks (track_unique_id, track_id, track_name, artist_names, played_at, duration_ms)
         VALUES ('evil', 'evil', $1, ARRAY[$2], '2024-03-06T22:00:00Z', 60000)`,
        [HOSTILE_TRACK, HOSTILE_ARTIST],
      );
      await transform(env);
    });

    it('shows the last four weeks: totals, top tracks, artists and genres', async () => {
      const page = await get('/wrapup');
      expect(page.status).toBe(200);
      expect(page.type).toContain('text/html');
      expect(page.body).toContain('<strong>Last 4 weeks</strong>');
      expect(page.body).toMatch(/Streams<b>9<\/b>/);
      expect(page.body).toMatch(
        /<tr><td class="num">1<\/td><td>One<\/td><td>Alpha<\/td><td class="num">3<\/td>/,
      );
      expect(page.body).toMatch(/<td>indie<\/td><td class="num">\d+<\/td><td><span class="share">/);
      expect(page.body).toMatch(/<\/span><\/span> \d{1,3}\.\d%<\/td>/);
      expect(page.body).toContain('<svg class="bars"');
      expect(page.body).toContain('title="Fri 10:00, 6.3 min"');
    });

    it('switches period by link and refuses a period it does not know, naming the field', async () => {
      const allTime = await get('/wrapup?period=all_time');
      expect(allTime.body).toContain('<strong>All time</strong>');
      expect(allTime.body).toMatch(
        /<tr><td class="num">1<\/td><td>Three<\/td><td>Beta<\/td><td class="num">3<\/td>/,
      );
      expect(allTime.body).toContain('<a href="/wrapup?period=4_weeks">Last 4 weeks</a>');
      const bad = await get('/wrapup?period=forever');
      expect(bad.status).toBe(400);
      const error = JSON.parse(bad.body) as { error: { fields: Record<string, string> } };
      expect(Object.keys(error.error.fields)).toEqual(['period']);
    });

    it('escapes every value from the warehouse and loads nothing from elsewhere', async () => {
      const page = await get('/wrapup');
      expect(page.body).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
      expect(page.body).toContain('&#60;img src=x onerror=alert(1)&#62;');
      expect(page.body).not.toContain(HOSTILE_TRACK);
      expect(page.body).not.toContain('<img');
      expect(page.body).not.toMatch(/<script/i);
      expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    });

    it('asks a browser without the session to sign in', async () => {
      const page = await get('/wrapup', null);
      expect(page.status).toBe(303);
    });
  });
});
