// `spotlake health` tells an operator which server does not answer, by host, never by credential.

import { createTestEnv, testConfig } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { formatHealth, probeServers } from './health';

describe('spotlake health', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  it('reports every server as answering on a running stack', async () => {
    const health = await probeServers(env.config);
    expect(health.ok).toBe(true);
    expect(Object.keys(health.checks)).toEqual(['redis', 'mysql', 'postgres', 's3']);
  });

  it('names the server that does not answer and keeps its password out of the report', async () => {
    const config = testConfig(env.id, { REDIS_PORT: '1', REDIS_PASSWORD: 'hunter2-secret' });
    const health = await probeServers(config);
    expect(health.ok).toBe(false);
    expect(health.checks.redis).toMatchObject({ ok: false, target: `${config.redis.host}:1` });
    expect(health.checks.postgres.ok).toBe(true);
    const printed = formatHealth(health).join('\n');
    expect(printed).toMatch(/^FAIL redis {4}127\.0\.0\.1:1 \(\d+ ms\): /m);
    expect(printed).toMatch(/^ok {3}postgres/m);
    expect(printed).not.toContain('hunter2-secret');
  });
});
