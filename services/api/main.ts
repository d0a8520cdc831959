// The api service: HTTP enqueue API, Bull Board and the dashboards. Wiring only.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { FlowProducer, Queue } from 'bullmq';
import type { Config } from '../../shared/config';
import { STAGE_QUEUES, QUEUES } from '../../shared/contracts';
import { createPkRangePlanner } from '../../shared/extract/plan-parts';
import type { Logger } from '../../shared/logger';
import { startRun } from '../../shared/queue/start-run';
import { openClients } from '../../shared/service/clients';
import { resolveApiToken } from '../../shared/service/api-token';
import { runMain } from '../../shared/service/run-main';
import type { Running } from '../../shared/service/run-main';
import { createApp } from './app';
import { createBullBoardRouter } from './bull-board';

export interface RunningApi extends Running {
  url: string;
  tokenFile: string | null;
}

export async function start(config: Config, log: Logger): Promise<RunningApi> {
  const clients = openClients(config, 'producer', 'api');
  const token = resolveApiToken(config);
  const connection = { connection: clients.redis, prefix: config.queuePrefix };
  const queues = STAGE_QUEUES.map((name) => new Queue(name, connection));
  const transformQueue =
    queues.find((queue) => queue.name === QUEUES.transform) ??
    new Queue(QUEUES.transform, connection);
  const flow = new FlowProducer(connection);
  const app = createApp({
    config,
    clients,
    token: token.token,
    log: log.child({ service: 'api' }),
    bullBoard: createBullBoardRouter(queues),
    warehouse: clients.warehouse,
    startRun: (request) =>
      startRun(request, {
        flow,
        transformQueue,
        ledger: clients.warehouse,
        attempts: config.tuning.jobAttempts,
        planParts: createPkRangePlanner({
          mysql: clients.mysql,
          partRows: config.tuning.extractPartRows,
        }),
      }),
  });
  const server = app.listen(config.api.port, config.api.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.api.host}:${port}`;
  log.info({ url, tokenFile: token.file }, 'api listening');
  return {
    url,
    tokenFile: token.file,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await flow.close();
      await Promise.all(queues.map((queue) => queue.close()));
      await clients.close();
    },
  };
}

if (require.main === module) {
  runMain('api', start);
}
