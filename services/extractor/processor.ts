// The extract stage as the worker runs it: payload in, bronze objects out. Dispatches on the
// table's source; the core functions never see a Job. The same stage serves the `extract` queue
// and the rate-limited `spotify-api` queue.

import { getTable } from '../../shared/catalog';
import { extractJobSchema, extractResultSchema, QUEUES } from '../../shared/contracts';
import type { ExtractJob, ExtractResult } from '../../shared/contracts';
import type { StageDefinition } from '../../shared/queue/stage-worker';
import type { Clients } from '../../shared/service/clients';
import type { Config } from '../../shared/config';
import { resolveBronzeCodec } from '../../shared/lake/compression';
import { createSpotifyTokens, spotifyClientFor } from '../../shared/spotify/connect';
import type { AccessTokenSource } from '../../shared/spotify/access-token';
import { extractMysqlPart } from './extract-mysql';
import { listImportedFiles } from './extract-history';
import { extractSpotifyTable } from './extract-spotify';

export function createExtractStage(
  clients: Clients,
  config: Config,
  queue: string = QUEUES.extract,
): StageDefinition<ExtractJob, ExtractResult> {
  let tokens: AccessTokenSource | undefined;
  // Resolved when the stage is built, so a BRONZE_CODEC=zstd without the command fails at start.
  const bronzeCodec = resolveBronzeCodec(config.tuning.bronzeCodec);
  return {
    queue,
    payloadSchema: extractJobSchema,
    resultSchema: extractResultSchema,
    ledgerRef: (payload) => ({ table: payload.table, stage: 'extract', part: payload.part.index }),
    summarize: (result) => ({
      rowsIn: result.counts.extracted,
      rowsOut: result.counts.extracted,
      bytes: result.bytes,
    }),
    handle: async (payload, context) => {
      const table = getTable(payload.table);
      const deps = { store: clients.store, log: context.log, signal: context.signal };
      switch (table.source) {
        case 'mysql':
          return extractMysqlPart(payload, {
            ...deps,
            mysql: clients.mysql,
            warehouse: clients.warehouse,
            objectRows: config.tuning.bronzeObjectRows,
            bronzeCodec,
            onProgress: context.progress,
          });
        case 'history_import':
          return listImportedFiles(payload, { warehouse: clients.warehouse, log: context.log });
        case 'spotify_api':
          // One token source per process: the access token is reused until it nears expiry.
          tokens ??= createSpotifyTokens(config, context.log);
          return extractSpotifyTable(payload, {
            ...deps,
            spotify: spotifyClientFor(
              config,
              tokens,
              context.log,
              queue === QUEUES.spotifyApi ? 'throw' : 'wait',
            ),
            warehouse: clients.warehouse,
            mysql: clients.mysql,
            enrichMaxIds: config.spotify.enrichMaxIds,
            onProgress: context.progress,
          });
      }
    },
  };
}

/** Spotify API extract jobs: a 429 pauses this whole queue, MySQL extraction is not held up. */
export function createSpotifyApiStage(
  clients: Clients,
  config: Config,
): StageDefinition<ExtractJob, ExtractResult> {
  return createExtractStage(clients, config, QUEUES.spotifyApi);
}
