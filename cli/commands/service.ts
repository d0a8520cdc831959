// `spotlake service <name>`: one service in this process, as a container runs it.

import type { Command } from 'commander';
import { withHealthEndpoint } from '../../shared/service/health-endpoint';
import { runMain } from '../../shared/service/run-main';
import { SERVICE_NAMES, SERVICES } from '../services';

export function registerService(program: Command): void {
  program
    .command('service')
    .description('run one service in the foreground, as a container does')
    .argument('<name>', `one of: ${SERVICE_NAMES.join(', ')}`)
    .action((name: string) => {
      const start = SERVICES[name];
      if (start === undefined) {
        program.error(`unknown service ${name}; choose one of ${SERVICE_NAMES.join(', ')}`);
      }
      runMain(name, withHealthEndpoint(name, start));
    });
}
