// Audio features for a run's tracks, stored beside its responses in bronze: from /audio-features
// in batches of 100 ids; when Spotify refuses that (403, development mode since 2024-11), from the
// Kaggle catalog in MySQL for the same track ids; tracks in neither get NULL features.

import type { Pool } from 'mysql2';
import type { LakeStore } from '../../shared/lake/objects';
import type { Logger } from '../../shared/logger';
import { putGzipObject } from '../../shared/spotify/bronze';
import type { BronzeKind } from '../../shared/spotify/bronze';
import type { SpotifyClient } from '../../shared/spotify/client';
import type { Degradations } from '../../shared/spotify/degradations';
import { SpotifyForbiddenError } from '../../shared/spotify/errors';
import { addApiFeatures } from '../../shared/spotify/records';
import { loadQuery } from '../../shared/sql/load-sql';

export const FEATURES_BATCH = 100;
const CATALOG_BATCH = 1_000;

export interface FeatureDeps {
  spotify: SpotifyClient;
  mysql: Pool;
  store: LakeStore;
  log: Logger;
  signal: AbortSignal;
  degradations: Degradations;
  /** Builds the key of the next bronze object of the run. */
  nextKey(kind: BronzeKind): string;
}

export interface StoredObjects {
  keys: string[];
  bytes: number;
}

export async function storeAudioFeatures(
  ids: readonly string[],
  deps: FeatureDeps,
): Promise<StoredObjects> {
  const stored: StoredObjects = { keys: [], bytes: 0 };
  let start = 0;
  for (; start < ids.length && !deps.degradations.has('/audio-features'); start += FEATURES_BATCH) {
    const batch = ids.slice(start, start + FEATURES_BATCH);
    try {
      const response = await deps.spotify.get(
        '/audio-features',
        { ids: batch.join(',') },
        deps.signal,
      );
      const malformed = addApiFeatures(new Map(), response.body);
      if (malformed > 0) {
        deps.log.warn({ malformed }, 'audio features not as documented; those tracks get none');
      }
      await put(stored, deps, 'features', response.raw);
    } catch (err) {
      if (!(err instanceof SpotifyForbiddenError)) {
        throw err;
      }
      deps.degradations.note(
        '/audio-features',
        'using the Kaggle catalog features for these tracks',
      );
      break;
    }
  }
  const rest = ids.slice(start);
  for (let from = 0; from < rest.length; from += CATALOG_BATCH) {
    const rows = await selectCatalogFeatures(deps.mysql, rest.slice(from, from + CATALOG_BATCH));
    if (rows.length > 0) {
      const lines = rows.map((row) => JSON.stringify(row)).join('\n');
      await put(stored, deps, 'catalog', Buffer.from(`${lines}\n`));
    }
  }
  return stored;
}

async function put(
  stored: StoredObjects,
  deps: FeatureDeps,
  kind: BronzeKind,
  body: Buffer,
): Promise<void> {
  const key = deps.nextKey(kind);
  stored.bytes += await putGzipObject(deps.store, key, body, deps.signal);
  stored.keys.push(key);
}

async function selectCatalogFeatures(
  mysql: Pool,
  ids: readonly string[],
): Promise<Record<string, unknown>[]> {
  const [rows] = await mysql.promise().query(loadQuery('select_catalog_features'), [ids]);
  return rows as Record<string, unknown>[];
}
