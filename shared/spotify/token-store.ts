// Where the Spotify refresh token lives: SPOTIFY_REFRESH_TOKEN(_FILE) when given, else the 0600
// file `spotlake auth` writes under SPOTLAKE_HOME. The token is a Secret and never logged.

import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { Secret } from '../secret';
import { SpotifyAuthError } from './errors';

export interface RefreshTokenStore {
  /** Where the token comes from, for messages: a file path or the variable's name. */
  readonly where: string;
  read(): Secret;
  save(token: Secret): void;
}

const tokenFileSchema = z.object({
  refresh_token: z.string().min(1),
  scope: z.string().optional(),
  saved_at: z.string().optional(),
});

export function writeTokenFile(path: string, token: Secret, scope?: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const body = JSON.stringify({
    refresh_token: token.reveal(),
    scope,
    saved_at: new Date().toISOString(),
  });
  // Write beside it and rename, so a crash never leaves half a token; 0600 from the first byte.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${body}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

export function fileTokenStore(path: string): RefreshTokenStore {
  return {
    where: path,
    read() {
      if (!existsSync(path)) {
        throw new SpotifyAuthError(
          `spotlake is not connected to Spotify: ${path} does not exist; run \`spotlake auth\``,
        );
      }
      const mode = statSync(path).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        throw new ConfigError([
          `Spotify token file ${path} is readable by others (mode ${mode.toString(8)}); chmod 600 it`,
        ]);
      }
      const parsed = tokenFileSchema.safeParse(parseJson(readFileSync(path, 'utf8')));
      if (!parsed.success) {
        throw new SpotifyAuthError(`${path} holds no refresh token; run \`spotlake auth\` again`);
      }
      return new Secret(parsed.data.refresh_token);
    },
    save(token) {
      writeTokenFile(path, token);
    },
  };
}

/** A token from the environment: a rotated one is kept in memory for the life of the process. */
export function envTokenStore(token: Secret, onRotated: () => void): RefreshTokenStore {
  let current = token;
  return {
    where: 'SPOTIFY_REFRESH_TOKEN',
    read: () => current,
    save(rotated) {
      current = rotated;
      onRotated();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A damaged file reads as "no token"; the caller says to run `spotlake auth` again.
    return null;
  }
}
