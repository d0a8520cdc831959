// Starts a worker service: opens its clients, runs its stage as a Worker, and stops in the right
// order (the worker first, so running jobs finish or are released, then the clients).

import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Running } from '../service/run-main';
import { openClients } from '../service/clients';
import type { Clients } from '../service/clients';
import { closeWorker } from './close-worker';
import { createStageWorker } from './stage-worker';
import type { StageDefinition } from './stage-worker';

export type ServiceName = 'extractor' | 's3-loader' | 'pg-loader' | 'validator' | 'transformer';

export async function startStageService<P extends { runId: string }, R>(
  name: ServiceName,
  config: Config,
  log: Logger,
  buildStage: (clients: Clients, config: Config) => StageDefinition<P, R>,
): Promise<Running> {
  const clients = openClients(config, 'worker', name);
  const serviceLog = log.child({ service: name });
  const worker = createStageWorker(buildStage(clients, config), {
    connection: clients.redis,
    prefix: config.queuePrefix,
    ledger: clients.warehouse,
    log: serviceLog,
    concurrency: config.concurrency[name],
  });
  worker.on('error', (err) => log.error({ err, service: name }, 'worker error'));
  await worker.waitUntilReady();
  return {
    async stop() {
      await closeWorker(worker, config.shutdownGraceMs, serviceLog);
      await clients.close();
    },
  };
}
