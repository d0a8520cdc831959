// The pg-loader service: silver Parquet -> PostgreSQL (COPY into staging, one-transaction commit). Wiring only.

import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import { startStageService } from '../../shared/queue/stage-service';
import { runMain } from '../../shared/service/run-main';
import type { Running } from '../../shared/service/run-main';
import { createPgLoadStage } from './processor';

export function start(config: Config, log: Logger): Promise<Running> {
  return startStageService('pg-loader', config, log, createPgLoadStage);
}

if (require.main === module) {
  runMain('pg-loader', start);
}
