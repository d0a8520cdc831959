// The HTTP surface over real HTTP, Redis and PostgreSQL: the token guards every route but
// /healthz (Bull Board's routes and assets included), malformed input is a 400 naming the field,
// browsers sign in for a cookie, and /openapi.json describes the routes.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { appRoutes } from '@bull-board/api/dist/routes.js';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { start } from './main';
import type { RunningApi } from './main';

const TOKEN = 'http-test-token-5f2c9a';

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

describe('the API over HTTP', () => {
  let env: TestEnv;
  let api: RunningApi;

  const call = async (
    method: string,
    path: string,
    options: { token?: string | null; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const token = options.token === undefined ? TOKEN : options.token;
    const response = await fetch(`${api.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body,
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('json') === true;
    return {
      status: response.status,
      body: isJson ? JSON.parse(text) : text,
      headers: response.headers,
    };
  };
  const fieldsOf = (answer: Answer): Record<string, string> =>
    (answer.body as { error: { fields?: Record<string, string> } }).error.fields ?? {};

  beforeAll(async () => {
    env = await createTestEnv({ API_TOKEN: TOKEN, API_PORT: '0' });
    api = await start(env.config, env.log);
  });

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  describe('without the token', () => {
    const withParams = (path: string): string =>
      path
        .replace(':id', 'mysql-2024-05-01')
        .replace(':queueName', 'extract')
        .replace(':jobId', 'mysql-2024-05-01.spotify_artists.extract')
        .replace(':schedulerId', 'mysql-daily')
        .replace(':queueStatus', 'failed');

    it('answers 401 on every route the OpenAPI document lists, except /healthz', async () => {
      const doc = (await call('GET', '/openapi.json')).body as {
        paths: Record<string, Record<string, { security?: unknown[] }>>;
      };
      const routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => ({ method, path, operation })),
      );
      expect(routes.length).toBeGreaterThanOrEqual(10);
      for (const { method, path, operation } of routes) {
        const answer = await call(
          method.toUpperCase(),
          withParams(path.replace(/\{(\w+)\}/g, ':$1')),
          {
            token: null,
            body: method === 'post' ? '{}' : undefined,
          },
        );
        const expected = path === '/healthz' ? 200 : 401;
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: expected });
        expect(operation.security !== undefined).toBe(path === '/healthz');
      }
    });

    it("answers 401 on every one of Bull Board's API routes and static assets", async () => {
      const assets = readdirSync(
        join(require.resolve('@bull-board/ui/package.json'), '..', 'dist', 'static', 'js'),
      )
        .filter((file) => file.endsWith('.js'))
        .map((file) => `/static/js/${file}`);
      const boardRoutes = [
        ...appRoutes.api.flatMap((route) =>
          [route.route]
            .flat()
            .flatMap((path) =>
              [route.method].flat().map((method) => ({ method: String(method), path })),
            ),
        ),
        ...[appRoutes.entryPoint.route].flat().map((path) => ({ method: 'get', path })),
        ...['/static/favicon.ico', '/static/images/logo.svg', ...assets].map((path) => ({
          method: 'get',
          path,
        })),
      ];
      expect(boardRoutes.length).toBeGreaterThan(30);
      for (const route of boardRoutes) {
        const path = `/admin/queues${withParams(route.path)}`;
        const answer = await call(route.method.toUpperCase(), path, { token: null });
        expect({ path, status: answer.status }).toEqual({ path, status: 401 });
      }
    });

    it('answers 401 on the dashboards and on paths that do not exist, so probing reveals nothing', async () => {
      for (const path of ['/', '/runs-page', '/no-such-thing', '/admin/queues/nope']) {
        expect((await call('GET', path, { token: null })).status).toBe(401);
      }
    });

    it('refuses a wrong token as firmly as none, and says how to send one', async () => {
      const answer = await call('GET', '/runs', { token: 'not-the-token' });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="spotlake"');
      expect(answer.body).toMatchObject({ error: { status: 401, code: 'unauthorized' } });
    });

    it('sends a browser to the login page, which then sets an HttpOnly SameSite=Strict cookie', async () => {
      const page = await call('GET', '/admin/queues', {
        token: null,
        headers: { accept: 'text/html' },
      });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/login?next=%2Fadmin%2Fqueues');
      const form = (token: string): Record<string, string> => ({ token, next: '/admin/queues' });
      const post = (token: string) =>
        fetch(`${api.url}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form(token)).toString(),
        });
      expect((await post('wrong')).status).toBe(401);
      const signedIn = await post(TOKEN);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/admin/queues');
      const cookie = signedIn.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).not.toContain(TOKEN);
      const session = cookie.split(';')[0] ?? '';
      const runs = await call('GET', '/runs', { token: null, headers: { cookie: session } });
      expect(runs.status).toBe(200);
    });
  });

  describe('with malformed input', () => {
    it('names every missing field of a run', async () => {
      const answer = await call('POST', '/runs', { body: '{}' });
      expect(answer.status).toBe(400);
      expect(Object.keys(fieldsOf(answer)).sort()).toEqual(['date', 'pipeline']);
    });

    it('names a bad date, an unknown pipeline, a field it does not know and a table of another source', async () => {
      const answer = await call('POST', '/runs', {
        body: JSON.stringify({ pipeline: 'mysql', date: '2024-13-01', colour: 'red' }),
      });
      expect(Object.keys(fieldsOf(answer)).sort()).toEqual(['colour', 'date']);
      const pipeline = await call('POST', '/runs', {
        body: JSON.stringify({ pipeline: 'oracle', date: '2024-05-01' }),
      });
      expect(Object.keys(fieldsOf(pipeline))).toEqual(['pipeline']);
      const table = await call('POST', '/runs', {
        body: JSON.stringify({
          pipeline: 'mysql',
          date: '2024-05-01',
          tables: ['spotify_artists', 'my_tracks'],
        }),
      });
      expect(table.status).toBe(400);
      expect(fieldsOf(table)).toEqual({
        'tables.1': 'table my_tracks belongs to the spotify_api source, not mysql',
      });
    });

    it('answers 400 invalid_json to a body that is not JSON', async () => {
      const answer = await call('POST', '/runs', { body: '{"pipeline": ' });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'invalid_json' } });
    });

    it('names bad path and query parameters', async () => {
      expect(fieldsOf(await call('GET', '/runs/not-a-run'))).toHaveProperty('id');
      expect(fieldsOf(await call('POST', '/runs/x/retry'))).toHaveProperty('id');
      expect(fieldsOf(await call('GET', '/runs?limit=lots'))).toHaveProperty('limit');
      expect(fieldsOf(await call('GET', '/backfills/abc'))).toHaveProperty('id');
    });

    it('names a backfill range that runs backwards or a cap below one', async () => {
      const answer = await call('POST', '/backfills', {
        body: JSON.stringify({
          pipeline: 'mysql',
          from: '2024-05-07',
          to: '2024-05-01',
          maxConcurrent: 0,
        }),
      });
      expect(answer.status).toBe(400);
      expect(Object.keys(fieldsOf(answer)).sort()).toEqual(['maxConcurrent', 'to']);
    });
  });

  describe('/openapi.json', () => {
    it('describes each route with its input schema, generated from the validating schemas', async () => {
      const doc = (await call('GET', '/openapi.json')).body as {
        openapi: string;
        paths: Record<string, Record<string, Record<string, unknown>>>;
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths).sort()).toEqual(
        expect.arrayContaining([
          '/backfills',
          '/backfills/{id}',
          '/healthz',
          '/metrics',
          '/openapi.json',
          '/runs',
          '/runs/{id}',
          '/runs/{id}/retry',
        ]),
      );
      expect(doc.paths['/runs']?.post?.requestBody).toMatchObject({
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['pipeline', 'date'],
              properties: { pipeline: { enum: ['mysql', 'spotify_api', 'history_import'] } },
              additionalProperties: false,
            },
          },
        },
      });
      expect(doc.paths['/runs/{id}']?.get?.parameters).toEqual([
        expect.objectContaining({ name: 'id', in: 'path', required: true }),
      ]);
    });

    it('lists no route that is not mounted', async () => {
      const doc = (await call('GET', '/openapi.json')).body as { paths: Record<string, object> };
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const method of Object.keys(operations)) {
          const answer = await call(method.toUpperCase(), path.replace('{id}', '1'), {
            body: method === 'post' ? '{}' : undefined,
          });
          const message = (answer.body as { error?: { message?: string } }).error?.message ?? '';
          expect(`${method} ${path}: ${message}`).not.toMatch(/: no route/);
        }
      }
    });
  });

  it('reports each server in /healthz without the token', async () => {
    const answer = await call('GET', '/healthz', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      ok: true,
      checks: {
        redis: { ok: true },
        mysql: { ok: true },
        postgres: { ok: true },
        s3: { ok: true },
      },
    });
  });
});
