// The validator service: proves each load (counts reconcile, keys hold). Wiring only.

import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import { startStageService } from '../../shared/queue/stage-service';
import { runMain } from '../../shared/service/run-main';
import type { Running } from '../../shared/service/run-main';
import { createValidateStage } from './processor';

export function start(config: Config, log: Logger): Promise<Running> {
  return startStageService('validator', config, log, createValidateStage);
}

if (require.main === module) {
  runMain('validator', start);
}
