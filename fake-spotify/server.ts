// A faithful fake of Spotify's accounts service and Web API, for tests and the demo. Listens on
// 127.0.0.1 only. Tests start it on port 0 and flip its switches in-process; `spotlake
// fake-spotify` runs it alone, and `POST /_fake/switches` flips them from outside.

import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Express, Request, Response } from 'express';
import { accountsRouter } from './accounts';
import { apiRouter, sendApiError } from './api';
import { trackIdAt } from './catalog';
import type { HistoryOptions } from './history';
import { defaultSwitches, newToken } from './state';
import type { FakeState, FakeSwitches, LoggedRequest } from './state';

export type { FakeSwitches, LoggedRequest } from './state';

export interface FakeSpotifyOptions {
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: readonly string[];
  seed?: string;
  /** When the first play happened (ms epoch); default: one day before start. */
  startAt?: number;
  poolSize?: number;
  window?: number;
  /** The fake's clock; tests pass their own to move time forward. */
  now?: () => number;
  switches?: Partial<FakeSwitches>;
}

export interface FakeSpotify {
  /** http://127.0.0.1:PORT: the accounts URL (SPOTIFY_ACCOUNTS_URL). */
  url: string;
  /** http://127.0.0.1:PORT/v1: the API URL (SPOTIFY_API_URL). */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  switches: FakeSwitches;
  requests: LoggedRequest[];
  history: HistoryOptions;
  /** A refresh token the fake accepts, as if `spotlake auth` had run. */
  issueRefreshToken(): string;
  /** Makes every access token issued so far expired. */
  expireAccessTokens(): void;
  trackIdAt(index: number): string;
  close(): Promise<void>;
}

function controlRouter(state: FakeState): express.Router {
  const router = express.Router();
  router.post('/_fake/switches', express.json({ limit: '4kb' }), (req: Request, res: Response) => {
    Object.assign(state.switches, req.body as Partial<FakeSwitches>);
    res.json(state.switches);
  });
  router.post('/_fake/expire-tokens', (_req, res) => {
    state.accessTokens.forEach((_expires, token) => state.accessTokens.set(token, 0));
    res.status(204).end();
  });
  router.get('/_fake/requests', (_req, res) => res.json(state.requests));
  return router;
}

export function createFakeApp(state: FakeState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const entry: LoggedRequest = {
      method: req.method,
      path: req.path,
      query: req.query as Record<string, string>,
      status: 0,
      at: Date.now(),
    };
    res.on('finish', () => {
      entry.status = res.statusCode;
      state.requests.push(entry);
    });
    next();
  });
  app.use(controlRouter(state));
  app.use(accountsRouter(state));
  app.use('/v1', apiRouter(state));
  app.use((_req, res) => sendApiError(res, 404, 'Service not found'));
  return app;
}

export async function startFakeSpotify(options: FakeSpotifyOptions = {}): Promise<FakeSpotify> {
  const now = options.now ?? Date.now;
  const state: FakeState = {
    clientId: options.clientId ?? 'fake-client-id',
    clientSecret: options.clientSecret ?? 'fake-client-secret',
    redirectUris: options.redirectUris ?? ['http://127.0.0.1:8888/callback'],
    history: {
      seed: options.seed ?? 'spotlake',
      startAt: options.startAt ?? now() - 24 * 3600 * 1000,
      poolSize: options.poolSize ?? 150,
      window: options.window ?? 50,
    },
    switches: { ...defaultSwitches(), ...options.switches },
    now,
    accessTokens: new Map(),
    refreshTokens: new Set(),
    codes: new Map(),
    requests: [],
  };
  const host = options.host ?? '127.0.0.1';
  const server: Server = createFakeApp(state).listen(options.port ?? 0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    url,
    apiUrl: `${url}/v1`,
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    switches: state.switches,
    requests: state.requests,
    history: state.history,
    issueRefreshToken() {
      const token = newToken('AQD');
      state.refreshTokens.add(token);
      return token;
    },
    expireAccessTokens() {
      state.accessTokens.forEach((_expires, token) => state.accessTokens.set(token, 0));
    },
    trackIdAt: (index) => trackIdAt(state.history.seed, index),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
