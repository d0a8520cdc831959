// Bull Board over every stage queue, as an express router. It has no auth of its own: app.ts
// mounts it behind requireAuth.

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Router } from 'express';

export const BULL_BOARD_PATH = '/admin/queues';

export function createBullBoardRouter(queues: readonly Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'spotlake stages' } },
  });
  return serverAdapter.getRouter() as Router;
}
