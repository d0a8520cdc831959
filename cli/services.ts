// The services a process can run, by name: what `spotlake service <name>` and `spotlake up` start.

import { start as startApi } from '../services/api/main';
import { start as startExtractor } from '../services/extractor/main';
import { start as startPgLoader } from '../services/pg-loader/main';
import { start as startS3Loader } from '../services/s3-loader/main';
import { start as startTransformer } from '../services/transformer/main';
import { start as startValidator } from '../services/validator/main';
import type { StartFn } from '../shared/service/run-main';

export const WORKER_SERVICES: Record<string, StartFn> = {
  extractor: startExtractor,
  's3-loader': startS3Loader,
  'pg-loader': startPgLoader,
  validator: startValidator,
  transformer: startTransformer,
};

export const SERVICES: Record<string, StartFn> = { ...WORKER_SERVICES, api: startApi };

export const SERVICE_NAMES = Object.keys(SERVICES);

export { startApi };
