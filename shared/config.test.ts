import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { loadConfig } from './config';
import { ConfigError } from './errors';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('works on a laptop with an empty environment, everything on 127.0.0.1', () => {
    const config = loadConfig({});
    expect(config.redis).toMatchObject({ host: '127.0.0.1', port: 6379 });
    expect(config.pg).toMatchObject({ host: '127.0.0.1', port: 5432, database: 'spotlake' });
    expect(config.mysql).toMatchObject({ host: '127.0.0.1', port: 3306, database: 'spotify' });
    expect(config.s3).toMatchObject({ endpoint: 'http://127.0.0.1:4568', bucket: 'spotlake-lake' });
    expect(config.api).toMatchObject({ host: '127.0.0.1', port: 8080 });
  });

  it('lists every bad variable by name and never prints a value', () => {
    const err = configError({
      PG_PORT: 'not-a-port',
      REDIS_PORT: '99999',
      S3_BUCKET: 'Bad_Bucket',
      SCHEDULE_TIMEZONE: 'Mars/Olympus',
      PG_PASSWORD: 'hunter2',
    });
    expect(err.problems.map((problem) => problem.split(':')[0])).toEqual([
      'REDIS_PORT',
      'PG_PORT',
      'S3_BUCKET',
      'SCHEDULE_TIMEZONE',
    ]);
    expect(err.message).not.toContain('not-a-port');
    expect(err.message).not.toContain('hunter2');
  });

  it('keeps secrets out of JSON, inspect and string output', () => {
    const config = loadConfig({ PG_PASSWORD: 'hunter2', API_TOKEN: 'tok-123' });
    const printed = [
      JSON.stringify(config),
      inspect(config, { depth: 5 }),
      String(config.pg.password),
    ];
    for (const text of printed) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('tok-123');
    }
    expect(config.pg.password.reveal()).toBe('hunter2');
  });

  it('reads a secret from a 0600 *_FILE and refuses one others can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spotlake-config-'));
    const file = join(dir, 'pg-password');
    writeFileSync(file, 's3cret\n', { mode: 0o600 });
    expect(loadConfig({ PG_PASSWORD_FILE: file }).pg.password.reveal()).toBe('s3cret');
    chmodSync(file, 0o644);
    expect(configError({ PG_PASSWORD_FILE: file }).problems).toEqual([
      `PG_PASSWORD_FILE: ${file} is readable by others (mode 644); chmod 600 it`,
    ]);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config.pg)).toBe(true);
  });
});
