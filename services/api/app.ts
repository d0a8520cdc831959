// The API's express app: parse, call a route function, serialize. Auth guards everything but
// /healthz and the login page; Bull Board is mounted behind it.

import express from 'express';
import type { Express, Router } from 'express';
import type { Logger } from '../../shared/logger';
import type { Secret } from '../../shared/secret';
import type pg from 'pg';
import { loginRouter, requireAuth } from './auth';
import { BULL_BOARD_PATH } from './bull-board';
import { renderDashboard, renderRunsPage } from './dashboard';
import { errorHandler, HttpError, logRequests } from './http-errors';
import { mountRoutes } from './route-spec';
import type { RouteSpec } from './route-spec';

export interface AppDeps {
  token: Secret;
  log: Logger;
  ledger: pg.Pool;
  bullBoard: Router;
  /** Every JSON route, as declared (also what /openapi.json describes). */
  routes: readonly RouteSpec[];
  /** Serve the session cookie with `Secure` (behind HTTPS). */
  isSecure: boolean;
  /** Routers with bodies of their own (multipart uploads) or HTML pages, mounted behind auth. */
  routers: readonly Router[];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(logRequests(deps.log));
  app.use(mountRoutes(deps.routes.filter((route) => route.isPublic === true)));
  app.use(loginRouter(deps.token, deps.isSecure));
  app.use(requireAuth(deps.token));
  app.use(BULL_BOARD_PATH, deps.bullBoard);
  for (const router of deps.routers) {
    app.use(router);
  }
  app.use(express.json({ limit: '64kb' }));
  app.use(mountRoutes(deps.routes.filter((route) => route.isPublic !== true)));
  app.get('/', async (_req, res) => {
    res.type('html').send(await renderDashboard(deps.ledger));
  });
  app.get('/runs-page', async (_req, res) => {
    res.type('html').send(await renderRunsPage(deps.ledger));
  });
  app.use((req, _res, next) => {
    next(new HttpError(404, 'not_found', `no route ${req.method} ${req.path}; see /openapi.json`));
  });
  app.use(errorHandler(deps.log));
  return app;
}
