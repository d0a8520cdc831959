// The extractor service: reads source tables (or parts of them) into bronze. Wiring only.

import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import { startStageService } from '../../shared/queue/stage-service';
import { runMain } from '../../shared/service/run-main';
import type { Running } from '../../shared/service/run-main';
import { createExtractStage } from './processor';

export function start(config: Config, log: Logger): Promise<Running> {
  return startStageService('extractor', config, log, createExtractStage);
}

if (require.main === module) {
  runMain('extractor', start);
}
