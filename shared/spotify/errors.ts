// Errors of the Spotify client. Messages name the endpoint and what to do, never a token.

import { PermanentError } from '../errors';

/** The stored authorization no longer works: only a new `spotlake auth` fixes it. */
export class SpotifyAuthError extends PermanentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SpotifyAuthError';
  }
}

/** 403 from an endpoint this app may not call (development mode): the caller degrades. */
export class SpotifyForbiddenError extends Error {
  readonly endpoint: string;

  constructor(endpoint: string) {
    super(`Spotify answered 403 Forbidden to GET ${endpoint}`);
    this.name = 'SpotifyForbiddenError';
    this.endpoint = endpoint;
  }
}

export class SpotifyNotFoundError extends Error {
  constructor(endpoint: string) {
    super(`Spotify has no ${endpoint}`);
    this.name = 'SpotifyNotFoundError';
  }
}

/** 5xx, timeouts and network errors that outlasted the client's own retries: the job retries. */
export class SpotifyUnavailableError extends Error {
  constructor(endpoint: string, detail: string, options?: { cause?: unknown }) {
    super(`Spotify did not answer GET ${endpoint}: ${detail}`, options);
    this.name = 'SpotifyUnavailableError';
  }
}

/** A request Spotify refuses as malformed: a bug on our side, so retrying cannot help. */
export class SpotifyRequestError extends PermanentError {
  constructor(endpoint: string, status: number, message: string) {
    super(`Spotify refused GET ${endpoint} with ${status}: ${message}`);
    this.name = 'SpotifyRequestError';
  }
}

/** A response whose envelope does not match the spec (items are checked one by one instead). */
export class SpotifyResponseError extends Error {
  constructor(endpoint: string, detail: string) {
    super(`Spotify's answer to GET ${endpoint} is not what the API documents: ${detail}`);
    this.name = 'SpotifyResponseError';
  }
}
