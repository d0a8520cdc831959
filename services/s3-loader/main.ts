// The s3-loader service: bronze -> typed silver Parquet. Wiring only.

import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import { startStageService } from '../../shared/queue/stage-service';
import { runMain } from '../../shared/service/run-main';
import type { Running } from '../../shared/service/run-main';
import { createS3LoadStage } from './processor';

export function start(config: Config, log: Logger): Promise<Running> {
  return startStageService('s3-loader', config, log, createS3LoadStage);
}

if (require.main === module) {
  runMain('s3-loader', start);
}
