// The wrap-up pages as an express router, mounted behind the API's auth: parse, call, send.

import express from 'express';
import type { Router } from 'express';
import type pg from 'pg';
import { parseInput } from '../http-errors';
import { renderWrapupPage, wrapupQuerySchema } from './wrapup-page';

export function createWrapupRouter(warehouse: pg.Pool): Router {
  const router = express.Router();
  router.get('/wrapup', async (req, res) => {
    const input = parseInput(wrapupQuerySchema, req.query, 'query');
    res.type('html').send(await renderWrapupPage(input, { warehouse }));
  });
  return router;
}
