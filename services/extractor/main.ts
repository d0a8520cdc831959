// The extractor service: reads source tables (or parts of them) into bronze, from the `extract`
// queue and from the rate-limited `spotify-api` queue. Wiring only.

import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import { startStageService } from '../../shared/queue/stage-service';
import { runMain } from '../../shared/service/run-main';
import type { Running } from '../../shared/service/run-main';
import { createExtractStage, createSpotifyApiStage } from './processor';

export function start(config: Config, log: Logger): Promise<Running> {
  return startStageService('extractor', config, log, createExtractStage, [
    {
      build: createSpotifyApiStage,
      concurrency: config.concurrency['spotify-api'],
      limiter: config.spotify.queueLimiter,
    },
  ]);
}

if (require.main === module) {
  runMain('extractor', start);
}
