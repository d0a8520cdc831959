// `spotlake health`: asks Redis, MySQL, PostgreSQL and S3 whether they answer, from wherever this
// runs (a laptop, a one-off container or ECS task), and exits 1 if one does not. Names hosts,
// never credentials.

import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import { loadConfig } from '../../shared/config';
import type { Config } from '../../shared/config';
import { openClients } from '../../shared/service/clients';
import { checkHealth } from '../../shared/service/health';
import type { Health } from '../../shared/service/health';

const CONNECT_MS = 3_000;

/** A fresh producer connection refuses commands until it is connected: give it a moment first. */
async function waitForRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    return;
  }
  const settled = new AbortController();
  try {
    await Promise.race([
      once(redis, 'ready', { signal: settled.signal }),
      delay(CONNECT_MS, undefined, { signal: settled.signal }),
    ]);
  } catch {
    // An 'error' event: Redis refused or is unknown; the ping that follows reports it by host.
  } finally {
    settled.abort();
  }
}

export async function probeServers(config: Config): Promise<Health> {
  const clients = openClients(config, 'producer', 'health');
  try {
    await waitForRedis(clients.redis);
    return await checkHealth(clients, config);
  } finally {
    await clients.close();
  }
}

export function formatHealth(health: Health): string[] {
  return Object.entries(health.checks).map(
    ([server, check]) =>
      `${check.ok ? 'ok  ' : 'FAIL'} ${server.padEnd(8)} ${check.target} (${check.ms} ms)${check.error === undefined ? '' : `: ${check.error}`}`,
  );
}

export function registerHealth(program: Command): void {
  program
    .command('health')
    .description('check that Redis, MySQL, PostgreSQL and S3 answer; exit 1 if one does not')
    .option('--json', 'print the result as JSON', false)
    .action(async (options: { json: boolean }) => {
      const health = await probeServers(loadConfig());
      const lines = options.json ? [JSON.stringify(health)] : formatHealth(health);
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = health.ok ? 0 : 1;
    });
}
