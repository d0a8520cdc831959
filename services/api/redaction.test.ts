// Secrets configured for the API never reach a log line or an error body: not the API token,
// not a database password, not the S3 secret key, even on the paths that fail because of them.

import { Writable } from 'node:stream';
import { createLogger } from '../../shared/logger';
import { createTestEnv, testConfig } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { start } from './main';
import type { RunningApi } from './main';

const SECRETS = {
  API_TOKEN: 'tok-4d1e-very-secret',
  MYSQL_PASSWORD: 'mysql-pw-9f8e-secret',
  PG_PASSWORD: 'pg-pw-7a6b-secret',
  S3_SECRET_ACCESS_KEY: 's3-key-5c4d-secret',
};

describe('secrets', () => {
  let env: TestEnv;
  let api: RunningApi;
  const logged: string[] = [];
  const bodies: string[] = [];

  const call = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers,
      body,
      redirect: 'manual',
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, text };
  };

  beforeAll(async () => {
    env = await createTestEnv();
    // MariaDB's root has no password, so MySQL refuses this one; PostgreSQL trusts local
    // connections and s3rver checks no signature, so theirs are sent and ignored.
    const config = testConfig(env.id, { ...SECRETS, API_PORT: '0', LOG_LEVEL: 'debug' });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    });
    api = await start(config, createLogger({ level: 'debug', destination: sink }));
    const bearer = { authorization: `Bearer ${SECRETS.API_TOKEN}` };
    const json = { ...bearer, 'content-type': 'application/json' };
    await call('GET', '/healthz', {});
    await call('GET', '/runs', { authorization: `Bearer ${SECRETS.API_TOKEN}x` });
    await call('GET', '/runs', bearer);
    await call(
      'POST',
      '/runs',
      json,
      JSON.stringify({ pipeline: 'mysql', date: SECRETS.API_TOKEN }),
    );
    await call('POST', '/runs', json, `{"token": "${SECRETS.API_TOKEN}"`);
    await call(
      'POST',
      '/login',
      { 'content-type': 'application/x-www-form-urlencoded' },
      `token=${SECRETS.MYSQL_PASSWORD}`,
    );
    await call('GET', '/metrics', bearer);
  });

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  it('exercised a failing path: MySQL refused the configured password', () => {
    const health = JSON.parse(bodies[0] ?? '{}') as {
      checks: Record<string, { ok: boolean; error?: string }>;
    };
    expect(health.checks.mysql?.ok).toBe(false);
    expect(health.checks.mysql?.error).toMatch(/Access denied/);
    expect(logged.length).toBeGreaterThan(5);
  });

  it.each(Object.entries(SECRETS))('never writes %s to a log line', (_name, value) => {
    expect(logged.join('')).not.toContain(value);
  });

  it.each(Object.entries(SECRETS))('never sends %s in a response body', (_name, value) => {
    for (const body of bodies) {
      expect(body).not.toContain(value);
    }
  });
});
