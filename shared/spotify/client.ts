// The Web API client: one GET with the access token, and the policy for every way it can fail —
// 429 waits Retry-After (or hands it to the queue), 5xx and timeouts back off exponentially a
// bounded number of times, 401 refreshes the token once, 403 and 404 are typed for the caller.
// Bodies are returned raw as received, for bronze, and parsed once.

import axios from 'axios';
import type { AxiosResponse } from 'axios';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimitedError } from '../errors';
import type { Logger } from '../logger';
import type { AccessTokenSource } from './access-token';
import {
  SpotifyAuthError,
  SpotifyForbiddenError,
  SpotifyNotFoundError,
  SpotifyRequestError,
  SpotifyResponseError,
  SpotifyUnavailableError,
} from './errors';

export interface SpotifyResponse {
  /** The body exactly as Spotify sent it. */
  raw: Buffer;
  body: unknown;
}

export interface SpotifyClientOptions {
  apiUrl: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  tokens: AccessTokenSource;
  /** 'throw' hands a 429 to the queue (RateLimitedError); 'wait' sleeps Retry-After here. */
  onRateLimit: 'wait' | 'throw';
  log: Logger;
}

export interface SpotifyClient {
  /** GET a path under the API URL, or a `next` URL the API returned. */
  get(
    pathOrUrl: string,
    query: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<SpotifyResponse>;
}

const MAX_BACKOFF_MS = 30_000;
const MAX_RATE_LIMIT_WAITS = 10;

function retryAfterMs(response: AxiosResponse, fallbackMs: number): number {
  const header = response.headers['retry-after'] as unknown;
  const seconds = typeof header === 'string' ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallbackMs;
}

function errorMessage(raw: Buffer): string {
  try {
    const body = JSON.parse(raw.toString('utf8')) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : 'no message';
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
    return 'no message';
  }
}

/** Only URLs on the API's own origin are followed: the token must never go to another host. */
function resolveUrl(apiUrl: string, pathOrUrl: string): URL {
  const base = new URL(apiUrl);
  const url = /^https?:\/\//.test(pathOrUrl)
    ? new URL(pathOrUrl)
    : new URL(`${base.pathname.replace(/\/$/, '')}${pathOrUrl}`, base.origin);
  if (url.origin !== base.origin) {
    throw new SpotifyResponseError(pathOrUrl, `a next link points to another host (${url.origin})`);
  }
  return url;
}

export function createSpotifyClient(options: SpotifyClientOptions): SpotifyClient {
  const http = axios.create({
    timeout: options.timeoutMs,
    responseType: 'arraybuffer',
    validateStatus: () => true,
    maxRedirects: 0,
  });

  return {
    async get(pathOrUrl, query, signal) {
      const url = resolveUrl(options.apiUrl, pathOrUrl);
      for (const [name, value] of Object.entries(query)) {
        url.searchParams.set(name, value);
      }
      const endpoint = url.pathname.replace(new URL(options.apiUrl).pathname, '');
      let failures = 0;
      let rateLimitWaits = 0;
      let hasRefreshed = false;
      for (;;) {
        const token = await options.tokens.get();
        const started = performance.now();
        let response: AxiosResponse<ArrayBuffer>;
        try {
          response = await http.get<ArrayBuffer>(url.toString(), {
            headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
            signal,
          });
        } catch (err) {
          if (signal?.aborted === true) {
            throw err;
          }
          failures += 1;
          if (failures > options.maxRetries) {
            throw new SpotifyUnavailableError(endpoint, (err as Error).message, { cause: err });
          }
          await backoff(options, failures, signal);
          continue;
        }
        const raw = Buffer.from(response.data);
        const { status } = response;
        options.log.debug(
          { endpoint, status, ms: Math.round(performance.now() - started) },
          'spotify request',
        );
        if (status === 200) {
          return { raw, body: parseBody(endpoint, raw) };
        }
        if (status === 401 && !hasRefreshed) {
          hasRefreshed = true;
          await options.tokens.refresh();
          continue;
        }
        if (status === 401) {
          throw new SpotifyAuthError(
            `Spotify refused a freshly refreshed access token for GET ${endpoint} (${errorMessage(raw)}); run \`spotlake auth\` again`,
          );
        }
        if (status === 429) {
          const waitMs = retryAfterMs(response, options.retryBaseMs);
          rateLimitWaits += 1;
          if (options.onRateLimit === 'throw' || rateLimitWaits > MAX_RATE_LIMIT_WAITS) {
            throw new RateLimitedError('Spotify', waitMs);
          }
          options.log.warn({ endpoint, retryAfterMs: waitMs }, 'spotify rate limit; waiting');
          await sleep(waitMs, undefined, { signal });
          continue;
        }
        if (status === 403) {
          throw new SpotifyForbiddenError(endpoint);
        }
        if (status === 404) {
          throw new SpotifyNotFoundError(endpoint);
        }
        if (status >= 500) {
          failures += 1;
          if (failures > options.maxRetries) {
            throw new SpotifyUnavailableError(endpoint, `${status} after ${failures} tries`);
          }
          await backoff(options, failures, signal);
          continue;
        }
        throw new SpotifyRequestError(endpoint, status, errorMessage(raw));
      }
    },
  };
}

function parseBody(endpoint: string, raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SpotifyResponseError(endpoint, 'the body is not JSON');
  }
}

/** Exponential backoff with full jitter: base * 2^(n-1), capped, so replicas do not retry in step. */
async function backoff(
  options: SpotifyClientOptions,
  failures: number,
  signal?: AbortSignal,
): Promise<void> {
  const ceiling = Math.min(MAX_BACKOFF_MS, options.retryBaseMs * 2 ** (failures - 1));
  await sleep(ceiling / 2 + Math.random() * (ceiling / 2), undefined, { signal });
}
