// Wakes a waiter when any run changes status: LISTENs on the channel that the ledger's trigger
// (sql/pipeline/0004) notifies. A generation counter makes a wait race-free: read it, read the
// ledger, then wait for a change after that generation, and none slips in between.

import { EventEmitter, once } from 'node:events';
import type pg from 'pg';
import type { Logger } from '../logger';

export const RUN_STATUS_CHANNEL = 'spotlake_run_status';

export interface RunStatusListener {
  generation(): number;
  /**
   * Resolves once a run's status changed after `since`, or after `timeoutMs` (a safety net should
   * a notification be lost while reconnecting); rejects when `signal` aborts.
   */
  waitForChange(since: number, signal: AbortSignal, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function listenRunStatus(ledger: pg.Pool, log: Logger): Promise<RunStatusListener> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let generation = 0;
  let client: pg.PoolClient | null = null;
  const onNotification = (): void => {
    generation += 1;
    events.emit('change');
  };
  const connect = async (): Promise<void> => {
    const fresh = await ledger.connect();
    fresh.on('notification', onNotification);
    fresh.on('error', (err) => {
      // The connection is gone: drop it, and the next wait reconnects.
      log.warn({ err }, 'run status listener lost its connection');
      fresh.release(err);
      client = null;
    });
    await fresh.query(`LISTEN ${RUN_STATUS_CHANNEL}`);
    client = fresh;
  };
  await connect();
  return {
    generation: () => generation,
    async waitForChange(since, signal, timeoutMs = 5_000) {
      if (client === null) {
        await connect();
      }
      if (generation > since) {
        return;
      }
      const timeout = AbortSignal.timeout(timeoutMs);
      const stop = AbortSignal.any([signal, timeout]);
      try {
        await once(events, 'change', { signal: stop });
      } catch (err) {
        if (signal.aborted) {
          throw err;
        }
        // The safety-net timeout: the caller re-reads the ledger either way.
      }
    },
    async close() {
      if (client !== null) {
        const open = client;
        client = null;
        open.off('notification', onNotification);
        // Destroying the connection ends the LISTEN; a pooled one would carry it to its next user.
        open.release(true);
      }
    },
  };
}
