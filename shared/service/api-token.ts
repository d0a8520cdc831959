// The API's bearer token: from config when set, else from a 0600 file under SPOTLAKE_HOME, made
// once with a random value. The API never runs without one. The token itself is never logged.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import { ConfigError } from '../errors';
import { Secret } from '../secret';

export interface ApiToken {
  token: Secret;
  /** Where the token was read or written; null when it came from the environment. */
  file: string | null;
  isNew: boolean;
}

export function tokenFilePath(config: Config): string {
  return join(config.home, 'api-token');
}

export function resolveApiToken(config: Config): ApiToken {
  if (config.api.token !== undefined) {
    return { token: config.api.token, file: null, isNew: false };
  }
  const file = tokenFilePath(config);
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new ConfigError([
        `API token file ${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it`,
      ]);
    }
    return { token: new Secret(readFileSync(file, 'utf8').trim()), file, isNew: false };
  }
  mkdirSync(config.home, { recursive: true, mode: 0o700 });
  const value = randomBytes(24).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { token: new Secret(value), file, isNew: true };
}
