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

interface Attempt {
  endpoint: string;
  failures: number;
  rateLimitWaits: number;
  hasRefreshed: boolean;
}

export function createSpotifyClient(options: SpotifyClientOptions): SpotifyClient {
  const http = axios.create({
    timeout: options.timeoutMs,
    responseType: 'arraybuffer',
    validateStatus: () => true,
    maxRedirects: 0,
  });

  /** One try; null after a network error or timeout that was backed off for a retry. */
  const send = async (
    url: URL,
    attempt: Attempt,
    signal?: AbortSignal,
  ): Promise<AxiosResponse<ArrayBuffer> | null> => {
    const token = await options.tokens.get();
    const started = performance.now();
    try {
      const response = await http.get<ArrayBuffer>(url.toString(), {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal,
      });
      const ms = Math.round(performance.now() - started);
      options.log.debug(
        { endpoint: attempt.endpoint, status: response.status, ms },
        'spotify request',
      );
      return response;
    } catch (err) {
      if (signal?.aborted === true) {
        throw err;
      }
      await retryLater(options, attempt, (err as Error).message, signal, err);
      return null;
    }
  };

  return {
    async get(pathOrUrl, query, signal) {
      const url = resolveUrl(options.apiUrl, pathOrUrl);
      for (const [name, value] of Object.entries(query)) {
        url.searchParams.set(name, value);
      }
      const endpoint = url.pathname.replace(new URL(options.apiUrl).pathname, '');
      const attempt: Attempt = { endpoint, failures: 0, rateLimitWaits: 0, hasRefreshed: false };
      for (;;) {
        const response = await send(url, attempt, signal);
        const answer = response === null ? null : await handle(options, response, attempt, signal);
        if (answer !== null) {
          return answer;
        }
      }
    },
  };
}

/** Maps one answer to a result, a retry (null) or the typed error the caller handles. */
async function handle(
  options: SpotifyClientOptions,
  response: AxiosResponse<ArrayBuffer>,
  attempt: Attempt,
  signal?: AbortSignal,
): Promise<SpotifyResponse | null> {
  const raw = Buffer.from(response.data);
  const { status } = response;
  const { endpoint } = attempt;
  if (status === 200) {
    return { raw, body: parseBody(endpoint, raw) };
  }
  if (status === 401 && !attempt.hasRefreshed) {
    attempt.hasRefreshed = true;
    await options.tokens.refresh();
    return null;
  }
  if (status === 401) {
    throw new SpotifyAuthError(
      `Spotify refused a freshly refreshed access token for GET ${endpoint} (${errorMessage(raw)}); run \`spotlake auth\` again`,
    );
  }
  if (status === 429) {
    const waitMs = retryAfterMs(response, options.retryBaseMs);
    attempt.rateLimitWaits += 1;
    if (options.onRateLimit === 'throw' || attempt.rateLimitWaits > MAX_RATE_LIMIT_WAITS) {
      throw new RateLimitedError('Spotify', waitMs);
    }
    options.log.warn({ endpoint, retryAfterMs: waitMs }, 'spotify rate limit; waiting');
    await sleep(waitMs, undefined, { signal });
    return null;
  }
  if (status === 403) {
    throw new SpotifyForbiddenError(endpoint);
  }
  if (status === 404) {
    throw new SpotifyNotFoundError(endpoint);
  }
  if (status >= 500) {
    await retryLater(options, attempt, `status ${status}`, signal);
    return null;
  }
  throw new SpotifyRequestError(endpoint, status, errorMessage(raw));
}

/** Counts a transient failure and backs off, or gives up once the retries are spent. */
async function retryLater(
  options: SpotifyClientOptions,
  attempt: Attempt,
  detail: string,
  signal?: AbortSignal,
  cause?: unknown,
): Promise<void> {
  attempt.failures += 1;
  if (attempt.failures > options.maxRetries) {
    throw new SpotifyUnavailableError(
      attempt.endpoint,
      `${detail} after ${attempt.failures} tries`,
      { cause },
    );
  }
  await backoff(options, attempt.failures, signal);
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
