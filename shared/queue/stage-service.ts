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

/** A further queue the same service consumes with the same clients (e.g. the extractor's spotify-api). */
export interface ExtraStage<P extends { runId: string }, R> {
  build: (clients: Clients, config: Config) => StageDefinition<P, R>;
  concurrency: number;
  limiter?: { max: number; duration: number };
}

export async function startStageService<P extends { runId: string }, R>(
  name: ServiceName,
  config: Config,
  log: Logger,
  buildStage: (clients: Clients, config: Config) => StageDefinition<P, R>,
  extraStages: readonly ExtraStage<P, R>[] = [],
): Promise<Running> {
  const clients = openClients(config, 'worker', name);
  const serviceLog = log.child({ service: name });
  const base = {
    connection: clients.redis,
    prefix: config.queuePrefix,
    ledger: clients.warehouse,
    log: serviceLog,
  };
  const workers = [
    createStageWorker(buildStage(clients, config), {
      ...base,
      concurrency: config.concurrency[name],
    }),
    ...extraStages.map((extra) =>
      createStageWorker(extra.build(clients, config), {
        ...base,
        concurrency: extra.concurrency,
        limiter: extra.limiter,
      }),
    ),
  ];
  for (const worker of workers) {
    worker.on('error', (err) => log.error({ err, service: name }, 'worker error'));
    await worker.waitUntilReady();
  }
  return {
    async stop() {
      await Promise.all(
        workers.map((worker) => closeWorker(worker, config.shutdownGraceMs, serviceLog)),
      );
      await clients.close();
    },
  };
}
