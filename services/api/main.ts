// The api service: HTTP API, Bull Board, the dashboards, and the orchestrator (schedules and
// backfills). Wiring only.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { FlowProducer, Queue } from 'bullmq';
import { createRedis } from '../../shared/clients/redis';
import type { Config } from '../../shared/config';
import { ORCHESTRATION_QUEUES, QUEUES, STAGE_QUEUES } from '../../shared/contracts';
import { createPkRangePlanner } from '../../shared/extract/plan-parts';
import type { Logger } from '../../shared/logger';
import { createBackfill } from '../../shared/queue/backfill';
import { startOrchestrator } from '../../shared/queue/orchestrator';
import { retryRun } from '../../shared/queue/retry-run';
import { declareSchedules, registerSchedules } from '../../shared/queue/schedules';
import { startRun } from '../../shared/queue/start-run';
import type { RunRequest } from '../../shared/queue/start-run';
import { resolveApiToken } from '../../shared/service/api-token';
import { openClients } from '../../shared/service/clients';
import { checkHealth } from '../../shared/service/health';
import { runMain } from '../../shared/service/run-main';
import type { Running } from '../../shared/service/run-main';
import { createApp } from './app';
import { createBullBoardRouter } from './bull-board';
import { createMetrics } from './metrics';
import type { RouteSpec } from './route-spec';
import { buildOpenApi } from './openapi';
import { backfillRoutes } from './routes/backfills';
import { createWrapupRouter } from './pages/wrapup-router';
import { importsRouter } from './routes/imports';
import { runRoutes } from './routes/runs';
import { systemRoutes } from './routes/system';

export interface RunningApi extends Running {
  url: string;
  tokenFile: string | null;
}

export async function start(config: Config, log: Logger): Promise<RunningApi> {
  const apiLog = log.child({ service: 'api' });
  const clients = openClients(config, 'producer', 'api');
  const workerRedis = createRedis(config, 'worker');
  const token = resolveApiToken(config);
  const connection = { connection: clients.redis, prefix: config.queuePrefix };
  const stageQueues = new Map(STAGE_QUEUES.map((name) => [name, new Queue(name, connection)]));
  const scheduleQueue = new Queue(ORCHESTRATION_QUEUES.schedules, connection);
  const backfillQueue = new Queue(ORCHESTRATION_QUEUES.backfills, connection);
  const queues = [...stageQueues.values(), scheduleQueue, backfillQueue];
  await Promise.all(queues.map((queue) => queue.waitUntilReady()));
  const flow = new FlowProducer(connection);
  const transformQueue = stageQueues.get(QUEUES.transform) ?? scheduleQueue;
  const runStarter = (request: RunRequest) =>
    startRun(request, {
      flow,
      transformQueue,
      ledger: clients.warehouse,
      attempts: config.tuning.jobAttempts,
      planParts: createPkRangePlanner({
        mysql: clients.mysql,
        warehouse: clients.warehouse,
        partRows: config.tuning.extractPartRows,
      }),
    });
  const declared = declareSchedules(config);
  const schedules = await registerSchedules(scheduleQueue, declared);
  apiLog.info({ schedules, off: declared.off }, 'schedules registered');
  const orchestrator = await startOrchestrator({
    connection: workerRedis,
    prefix: config.queuePrefix,
    ledger: clients.warehouse,
    log: apiLog,
    startRun: runStarter,
    backfillConcurrency: config.concurrency.backfills,
  });
  const routes: RouteSpec[] = [
    ...systemRoutes({
      checkHealth: () => checkHealth(clients, config),
      metrics: createMetrics({ queues, ledger: clients.warehouse }),
      openApi: () => buildOpenApi(routes, '0.1.0'),
    }),
    ...runRoutes({
      ledger: clients.warehouse,
      startRun: runStarter,
      retryRun: (runId) => retryRun(runId, { ledger: clients.warehouse, queues: stageQueues }),
    }),
    ...backfillRoutes({
      ledger: clients.warehouse,
      createBackfill: (request, dryRun) =>
        createBackfill(request, dryRun, { ledger: clients.warehouse, backfillQueue }),
    }),
  ];
  const app = createApp({
    token: token.token,
    log: apiLog,
    ledger: clients.warehouse,
    bullBoard: createBullBoardRouter(queues),
    routes,
    isSecure: false,
    routers: [
      importsRouter({ config, clients, startRun: runStarter }),
      createWrapupRouter(clients.warehouse),
    ],
  });
  const server = app.listen(config.api.port, config.api.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.api.host}:${port}`;
  apiLog.info({ address: url, tokenFile: token.file }, 'api listening');
  return {
    url,
    tokenFile: token.file,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await orchestrator.stop(config.shutdownGraceMs);
      await flow.close();
      await Promise.all(queues.map((queue) => queue.close()));
      await workerRedis.quit();
      await clients.close();
    },
  };
}

if (require.main === module) {
  runMain('api', start);
}
