// The fake Spotify's mutable state: issued tokens, the clock, the request log, and the switches a
// test (or `POST /_fake/switches`) flips to make it fail the ways the real API does.

import { randomBytes } from 'node:crypto';
import type { HistoryOptions } from './history';

export interface FakeSwitches {
  /** The next `count` API requests get 429 with this Retry-After. */
  rateLimit: { count: number; retryAfterSeconds: number };
  /** The next `count` API requests get this 5xx status. */
  serverErrors: { count: number; status: number };
  /** The next `count` API requests are answered only after `ms` (to trip client timeouts). */
  delay: { count: number; ms: number };
  /** 2026 development mode: 403 from deprecated endpoints, objects without popularity & co. */
  isDevelopmentMode: boolean;
  /** This many items of every list response are malformed (wrong types, missing fields). */
  malformedItems: number;
  /** expires_in of the access tokens issued from now on. */
  accessTokenSeconds: number;
  /** A refresh grant returns a new refresh token and retires the old one. */
  rotatesRefreshTokens: boolean;
  /** The authorize page answers as if the user clicked "Cancel". */
  deniesConsent: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  at: number;
}

export interface FakeState {
  clientId: string;
  clientSecret: string;
  redirectUris: readonly string[];
  history: HistoryOptions;
  switches: FakeSwitches;
  now: () => number;
  accessTokens: Map<string, number>;
  refreshTokens: Set<string>;
  codes: Map<string, { redirectUri: string; scope: string }>;
  requests: LoggedRequest[];
}

export function defaultSwitches(): FakeSwitches {
  return {
    rateLimit: { count: 0, retryAfterSeconds: 1 },
    serverErrors: { count: 0, status: 503 },
    delay: { count: 0, ms: 0 },
    isDevelopmentMode: false,
    malformedItems: 0,
    accessTokenSeconds: 3600,
    rotatesRefreshTokens: false,
    deniesConsent: false,
  };
}

export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(18).toString('base64url')}`;
}

export function issueAccessToken(state: FakeState): { token: string; expiresIn: number } {
  const token = newToken('BQ');
  const expiresIn = state.switches.accessTokenSeconds;
  state.accessTokens.set(token, state.now() + expiresIn * 1000);
  return { token, expiresIn };
}
