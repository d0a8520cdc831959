// Stops a Worker for shutdown: it takes no new job at once, running jobs get `graceMs` to finish,
// then are cancelled (their processors release them to the queue, costing no attempt).

import type { Worker } from 'bullmq';
import type { Logger } from '../logger';

export const SHUTDOWN_REASON = 'shutdown';

export async function closeWorker(worker: Worker, graceMs: number, log: Logger): Promise<void> {
  const closing = worker.close();
  const timer = setTimeout(() => {
    log.warn(
      { queue: worker.name, graceMs },
      'jobs still running at the end of the grace period; releasing them',
    );
    worker.cancelAllJobs(SHUTDOWN_REASON);
  }, graceMs);
  try {
    await closing;
  } finally {
    clearTimeout(timer);
  }
}
