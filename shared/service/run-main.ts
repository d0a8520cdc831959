// Runs a service's start() as a process of its own: parses the config once, starts, and stops
// cleanly on SIGTERM or SIGINT (a second signal exits at once).

import { loadConfig } from '../config';
import type { Config } from '../config';
import { ConfigError } from '../errors';
import { createLogger } from '../logger';
import type { Logger } from '../logger';

export interface Running {
  stop(): Promise<void>;
}

const STOP_MARGIN_MS = 15_000;

export type StartFn = (config: Config, log: Logger) => Promise<Running>;

export function runMain(name: string, start: StartFn): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${name}: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, name });
  start(config, log).then(
    (running) => {
      let isStopping = false;
      const shutdown = (signal: NodeJS.Signals): void => {
        if (isStopping) {
          process.exit(1);
        }
        isStopping = true;
        log.info({ signal, graceMs: config.shutdownGraceMs }, 'stopping');
        // Running jobs get the grace period, closing clients a little more; then give up.
        const deadline = setTimeout(() => {
          log.error('did not stop in time; exiting');
          log.flush(() => process.exit(1));
        }, config.shutdownGraceMs + STOP_MARGIN_MS);
        deadline.unref();
        running.stop().then(
          () => {
            log.info('stopped');
            log.flush(() => process.exit(0));
          },
          (err: unknown) => {
            log.error({ err }, 'stop failed');
            log.flush(() => process.exit(1));
          },
        );
      };
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
      log.info('started');
    },
    (err: unknown) => {
      log.fatal({ err }, 'start failed');
      process.exitCode = 1;
      log.flush(() => process.exit(1));
    },
  );
}
