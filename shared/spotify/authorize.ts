// The authorization-code flow, once, for `spotlake auth`: prints the authorize URL, receives the
// callback on the loopback redirect URI, exchanges the code and keeps the refresh token in a 0600
// file. Since 2025 Spotify accepts plain http only on a loopback IP literal, never `localhost`.

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Secret } from '../secret';
import { createAccountsClient } from './accounts';
import type { AccountsOptions } from './accounts';
import { SpotifyAuthError } from './errors';
import { writeTokenFile } from './token-store';

export const SCOPE = 'user-read-recently-played';

export interface AuthorizeOptions extends AccountsOptions {
  redirectUri: string;
  tokenFile: string;
  /** How long to wait for the browser to come back. */
  waitMs: number;
}

/** The redirect URI as a URL we can listen on, or an error that says what Spotify will accept. */
export function loopbackRedirect(uri: string): URL {
  const url = new URL(uri);
  if (url.hostname === 'localhost') {
    throw new SpotifyAuthError(
      `SPOTIFY_REDIRECT_URI ${uri}: Spotify refuses "localhost" since 2025; use http://127.0.0.1:${url.port || '8888'}${url.pathname} and register exactly that in the dashboard`,
    );
  }
  if (url.protocol !== 'http:' || (url.hostname !== '127.0.0.1' && url.hostname !== '[::1]')) {
    throw new SpotifyAuthError(
      `SPOTIFY_REDIRECT_URI ${uri}: spotlake receives the callback itself, so it must be http on a loopback IP literal such as http://127.0.0.1:8888/callback`,
    );
  }
  if (url.port === '') {
    throw new SpotifyAuthError(
      `SPOTIFY_REDIRECT_URI ${uri}: name a port, e.g. http://127.0.0.1:8888/callback`,
    );
  }
  return url;
}

export function authorizeUrl(options: AuthorizeOptions, state: string): string {
  const url = new URL('/authorize', options.accountsUrl);
  url.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    scope: SCOPE,
    state,
  }).toString();
  return url.toString();
}

const PAGE = (message: string): string =>
  `<!doctype html><meta charset="utf-8"><title>spotlake</title><p>${message}</p>`;

/** Waits for the browser's callback and returns the code; rejects on a denial or a wrong state. */
function receiveCode(
  redirect: URL,
  state: string,
  waitMs: number,
  onListening: () => void,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', redirect.origin);
      if (url.pathname !== redirect.pathname) {
        res.writeHead(404).end();
        return;
      }
      const finish = (status: number, message: string, outcome: () => void): void => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE(message));
        clearTimeout(timer);
        server.close();
        server.closeAllConnections();
        outcome();
      };
      const params = url.searchParams;
      if (params.get('state') !== state) {
        finish(400, 'This callback is not from the sign-in spotlake started.', () =>
          reject(
            new SpotifyAuthError(
              'the callback carried a different state; run `spotlake auth` again',
            ),
          ),
        );
      } else if (params.get('error') !== null) {
        const error = params.get('error') ?? '';
        finish(400, 'spotlake was not given access.', () =>
          reject(
            new SpotifyAuthError(
              `Spotify did not grant access (${error}); run \`spotlake auth\` again to retry`,
            ),
          ),
        );
      } else {
        const code = params.get('code') ?? '';
        finish(200, 'spotlake is connected to Spotify. You can close this tab.', () =>
          resolve(code),
        );
      }
    });
    const timer = setTimeout(() => {
      server.close();
      reject(
        new SpotifyAuthError(
          `no callback within ${Math.round(waitMs / 1000)} s; run \`spotlake auth\` again`,
        ),
      );
    }, waitMs);
    server.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    server.listen(Number(redirect.port), redirect.hostname.replace(/^\[|\]$/g, ''));
    void once(server, 'listening').then(onListening);
  });
}

/** Runs the flow; `onUrl` shows the authorize URL to the user once the callback server listens. */
export async function authorize(
  options: AuthorizeOptions,
  onUrl: (url: string) => void | Promise<void>,
): Promise<{ scope: string | undefined }> {
  const redirect = loopbackRedirect(options.redirectUri);
  const state = randomBytes(16).toString('base64url');
  const url = authorizeUrl(options, state);
  const code = await receiveCode(redirect, state, options.waitMs, () => void onUrl(url));
  const tokens = await createAccountsClient(options).exchangeCode(code, options.redirectUri);
  if (tokens.refresh_token === undefined) {
    throw new SpotifyAuthError('Spotify answered the code exchange without a refresh token');
  }
  writeTokenFile(options.tokenFile, new Secret(tokens.refresh_token), tokens.scope);
  return { scope: tokens.scope };
}
