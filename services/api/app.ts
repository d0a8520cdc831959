// The API's express app: parse, call a route function, serialize. Auth guards everything but
// /healthz and the login page; Bull Board is mounted behind it.

import express from 'express';
import type { Express, Request } from 'express';
import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import type { Secret } from '../../shared/secret';
import type { Clients } from '../../shared/service/clients';
import { checkHealth } from '../../shared/service/health';
import { requireAuth, loginRouter } from './auth';
import { BULL_BOARD_PATH } from './bull-board';
import type { Router } from 'express';
import { renderDashboard, renderRunsPage } from './dashboard';
import { errorHandler, parseInput } from './http-errors';
import { createWrapupRouter } from './pages/wrapup-router';
import {
  createRun,
  createRunBodySchema,
  getRun,
  listRuns,
  listRunsQuerySchema,
  runIdParamsSchema,
} from './routes/runs';
import type { RunDeps } from './routes/runs';

export interface AppDeps extends RunDeps {
  config: Config;
  clients: Clients;
  token: Secret;
  log: Logger;
  bullBoard: Router;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth(deps.clients, deps.config);
    res.status(health.ok ? 200 : 503).json(health);
  });
  app.use(loginRouter(deps.token, false));
  app.use(requireAuth(deps.token));
  app.use(BULL_BOARD_PATH, deps.bullBoard);
  app.use(express.json({ limit: '64kb' }));

  app.post('/runs', async (req, res) => {
    const body = parseInput(createRunBodySchema, req.body, 'request body');
    const started = await createRun(body, deps);
    res.status(started.created ? 201 : 200).json({ ...started, url: `/runs/${started.runId}` });
  });
  app.get('/runs', async (req, res) => {
    res.json(await listRuns(parseInput(listRunsQuerySchema, req.query, 'query'), deps));
  });
  app.get('/runs/:id', async (req: Request, res) => {
    const { id } = parseInput(runIdParamsSchema, req.params, 'path');
    res.json(await getRun(id, deps));
  });
  app.get('/', async (_req, res) => {
    res.type('html').send(await renderDashboard(deps.clients.warehouse));
  });
  app.get('/runs-page', async (_req, res) => {
    res.type('html').send(await renderRunsPage(deps.clients.warehouse));
  });
  app.use(createWrapupRouter(deps.clients.warehouse));
  app.use(errorHandler(deps.log));
  return app;
}
