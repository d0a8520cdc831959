// The transformer service: SQL models into analytics, then the gold layer. Wiring only.

import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import { startStageService } from '../../shared/queue/stage-service';
import { runMain } from '../../shared/service/run-main';
import type { Running } from '../../shared/service/run-main';
import { createTransformStage } from './processor';

export function start(config: Config, log: Logger): Promise<Running> {
  return startStageService('transformer', config, log, createTransformStage);
}

if (require.main === module) {
  runMain('transformer', start);
}
