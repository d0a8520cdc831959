// Enrichment: details from the Web API for ids the warehouse references but does not know yet —
// tracks in batches of 50, artists 50, albums 20, audio features 100. When Spotify refuses a batch
// call (403 for development-mode apps since 2026) the run falls back to one call per id.

import type pg from 'pg';
import type { TableDef } from '../../shared/catalog';
import type { Logger } from '../../shared/logger';
import { joinBodies } from '../../shared/spotify/bronze';
import type { SpotifyClient } from '../../shared/spotify/client';
import { SpotifyForbiddenError, SpotifyNotFoundError } from '../../shared/spotify/errors';
import { itemsOf } from '../../shared/spotify/records';
import { loadQuery } from '../../shared/sql/load-sql';
import type { Outcome, RunWriter } from './spotify-run-writer';
import { storeAudioFeatures } from './spotify-features';
import type { FeatureDeps } from './spotify-features';

interface EnrichSpec {
  endpoint: string;
  batch: number;
  query: string;
}

const SPECS: Record<string, EnrichSpec> = {
  api_tracks: { endpoint: '/tracks', batch: 50, query: 'select_unknown_track_ids' },
  api_artists: { endpoint: '/artists', batch: 50, query: 'select_unknown_artist_ids' },
  api_albums: { endpoint: '/albums', batch: 20, query: 'select_unknown_album_ids' },
};

export interface EnrichDeps {
  spotify: SpotifyClient;
  warehouse: pg.Pool;
  log: Logger;
  signal: AbortSignal;
  enrichMaxIds: number;
  features: FeatureDeps;
  onProgress(rows: number): Promise<void>;
}

export async function enrichTable(
  table: TableDef,
  writer: RunWriter,
  deps: EnrichDeps,
): Promise<Outcome> {
  const spec = SPECS[table.name];
  if (spec === undefined) {
    throw new Error(`${table.name} is not an enrichment table`);
  }
  const result = await deps.warehouse.query<{ id: string }>(
    `SELECT * FROM (${loadQuery(spec.query).trim()}) AS unknown_ids (id)`,
    [deps.enrichMaxIds],
  );
  const ids = result.rows.map((row) => row.id);
  deps.log.info({ ids: ids.length, cap: deps.enrichMaxIds }, 'fetching details of unknown ids');
  let items = 0;
  for (let start = 0; start < ids.length; start += spec.batch) {
    items += await fetchBatch(table, spec, ids.slice(start, start + spec.batch), writer, deps);
    await deps.onProgress(items);
  }
  if (table.name === 'api_tracks' && ids.length > 0) {
    const stored = await storeAudioFeatures(ids, deps.features);
    writer.keys.push(...stored.keys);
    writer.bytes += stored.bytes;
  }
  return { items, watermark: null };
}

async function fetchBatch(
  table: TableDef,
  spec: EnrichSpec,
  ids: readonly string[],
  writer: RunWriter,
  deps: EnrichDeps,
): Promise<number> {
  const degradations = deps.features.degradations;
  if (!degradations.has(spec.endpoint)) {
    try {
      const response = await deps.spotify.get(spec.endpoint, { ids: ids.join(',') }, deps.signal);
      const count = itemsOf(table.name, 'response', response.body).length;
      await writer.put('response', response.raw);
      return count;
    } catch (err) {
      if (!(err instanceof SpotifyForbiddenError)) {
        throw err;
      }
      degradations.note(spec.endpoint, `one call per id (${spec.endpoint}/{id}) instead`);
    }
  }
  const bodies: (Buffer | null)[] = [];
  for (const id of ids) {
    bodies.push(await fetchOne(`${spec.endpoint}/${id}`, deps));
  }
  await writer.put('each', joinBodies(bodies));
  return bodies.length;
}

async function fetchOne(path: string, deps: EnrichDeps): Promise<Buffer | null> {
  try {
    return (await deps.spotify.get(path, {}, deps.signal)).raw;
  } catch (err) {
    // An id Spotify does not know is a null entry, quarantined by the s3-loader with its reason.
    if (err instanceof SpotifyNotFoundError) {
      return null;
    }
    throw err;
  }
}
