// Builds the Spotify clients of a process from the config: the token source (kept for the life of
// the process, so the access token is reused until it nears expiry) and a client per job.

import type { Config } from '../config';
import type { Logger } from '../logger';
import { createAccountsClient } from './accounts';
import { createAccessTokenSource } from './access-token';
import type { AccessTokenSource } from './access-token';
import { createSpotifyClient } from './client';
import type { SpotifyClient } from './client';
import { envTokenStore, fileTokenStore } from './token-store';
import type { RefreshTokenStore } from './token-store';

/** Refresh a minute early: a token checked as valid must not lapse on the way to Spotify. */
const REFRESH_SKEW_MS = 60_000;

export function refreshTokenStoreFor(config: Config, log: Logger): RefreshTokenStore {
  const { refreshToken, tokenFile } = config.spotify;
  if (refreshToken === undefined) {
    return fileTokenStore(tokenFile);
  }
  return envTokenStore(refreshToken, () =>
    log.warn(
      'Spotify rotated the refresh token given in SPOTIFY_REFRESH_TOKEN; it is kept in memory only, so set the new one or use `spotlake auth`',
    ),
  );
}

export function createSpotifyTokens(
  config: Config,
  log: Logger,
  now: () => number = Date.now,
): AccessTokenSource {
  return createAccessTokenSource({
    accounts: createAccountsClient({
      accountsUrl: config.spotify.accountsUrl,
      clientId: config.spotify.clientId,
      clientSecret: config.spotify.clientSecret,
      timeoutMs: config.spotify.timeoutMs,
    }),
    store: refreshTokenStoreFor(config, log),
    now,
    skewMs: REFRESH_SKEW_MS,
  });
}

export function spotifyClientFor(
  config: Config,
  tokens: AccessTokenSource,
  log: Logger,
  onRateLimit: 'wait' | 'throw',
): SpotifyClient {
  return createSpotifyClient({
    apiUrl: config.spotify.apiUrl,
    timeoutMs: config.spotify.timeoutMs,
    maxRetries: config.spotify.maxRetries,
    retryBaseMs: config.spotify.retryBaseMs,
    tokens,
    onRateLimit,
    log,
  });
}
