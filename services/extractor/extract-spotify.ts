// Extracts the spotify_api tables into bronze: my_tracks from recently-played (cursor paged after
// the warehouse's watermark), the api_* tables by enrichment. Raw responses are stored as
// received, in the run's own folder. Knows nothing of BullMQ.

import type { Pool } from 'mysql2';
import type pg from 'pg';
import { getTable } from '../../shared/catalog';
import type { TableDef } from '../../shared/catalog';
import { ZERO_COUNTS } from '../../shared/contracts';
import type { ExtractJob, ExtractResult } from '../../shared/contracts';
import { deleteByPrefix } from '../../shared/lake/objects';
import type { LakeStore } from '../../shared/lake/objects';
import type { Logger } from '../../shared/logger';
import { spotifyRunPrefix } from '../../shared/spotify/bronze';
import type { SpotifyClient } from '../../shared/spotify/client';
import { createDegradations } from '../../shared/spotify/degradations';
import { SpotifyResponseError } from '../../shared/spotify/errors';
import { itemsOf } from '../../shared/spotify/records';
import { playItemSchema } from '../../shared/spotify/schemas';
import { maxValueSql } from '../../shared/sql/pg-load-statements';
import { enrichTable } from './enrich-spotify';
import { createRunWriter } from './spotify-run-writer';
import type { Outcome, RunWriter } from './spotify-run-writer';
import { storeAudioFeatures } from './spotify-features';
import type { FeatureDeps } from './spotify-features';

export interface SpotifyExtractDeps {
  spotify: SpotifyClient;
  warehouse: pg.Pool;
  mysql: Pool;
  store: LakeStore;
  log: Logger;
  signal: AbortSignal;
  enrichMaxIds: number;
  onProgress(rows: number): Promise<void>;
}

/** Recently-played pages beyond this mean the API keeps answering `next`: stop, do not loop. */
const MAX_PAGES = 200;

function featureDeps(writer: RunWriter, deps: SpotifyExtractDeps): FeatureDeps {
  return {
    spotify: deps.spotify,
    mysql: deps.mysql,
    store: deps.store,
    log: deps.log,
    signal: deps.signal,
    degradations: createDegradations(deps.log),
    nextKey: writer.nextKey,
  };
}

export async function extractSpotifyTable(
  job: ExtractJob,
  deps: SpotifyExtractDeps,
): Promise<ExtractResult> {
  const started = performance.now();
  const table = getTable(job.table);
  await deleteByPrefix(deps.store, spotifyRunPrefix(table, job));
  const writer = createRunWriter(table, job, deps);
  const features = featureDeps(writer, deps);
  const outcome =
    table.name === 'my_tracks'
      ? await extractRecentlyPlayed(job, table, writer, { ...deps, features })
      : await enrichTable(table, writer, { ...deps, features });
  await deps.onProgress(outcome.items);
  return {
    table: table.name,
    part: job.part,
    // Never full_load, even on a full refresh: a replace would drop every play older than the
    // 50 the API still shows.
    strategy: table.extract.kind,
    bronzeKeys: writer.keys,
    bytes: writer.bytes,
    watermark: outcome.watermark,
    counts: { ...ZERO_COUNTS, extracted: outcome.items },
    ms: performance.now() - started,
  };
}

async function readWatermarkMs(warehouse: pg.Pool, table: TableDef): Promise<number | null> {
  const result = await warehouse.query<{ value: Date | null }>(maxValueSql(table, 'played_at'));
  return result.rows[0]?.value?.getTime() ?? null;
}

async function extractRecentlyPlayed(
  job: ExtractJob,
  table: TableDef,
  writer: RunWriter,
  deps: SpotifyExtractDeps & { features: FeatureDeps },
): Promise<Outcome> {
  const after = job.fullRefresh ? null : await readWatermarkMs(deps.warehouse, table);
  deps.log.info(
    { after: after === null ? null : new Date(after).toISOString() },
    'polling recently-played',
  );
  let url = '/me/player/recently-played';
  let query: Record<string, string> = {
    limit: '50',
    ...(after === null ? {} : { after: String(after) }),
  };
  const trackIds = new Set<string>();
  const seenCursors = new Set<string>();
  let items = 0;
  let newestMs = -Infinity;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = await deps.spotify.get(url, query, deps.signal);
    const pageItems = itemsOf(table.name, 'response', response.body);
    const next = (response.body as { next?: string | null }).next ?? null;
    await writer.put('response', response.raw);
    items += pageItems.length;
    for (const item of pageItems) {
      const play = playItemSchema.safeParse(item);
      if (play.success) {
        trackIds.add(play.data.track.id);
        newestMs = Math.max(newestMs, Date.parse(play.data.played_at));
      }
    }
    if (pageItems.length === 0 || next === null) {
      break;
    }
    if (seenCursors.has(next)) {
      throw new SpotifyResponseError(
        url,
        `next repeats a page already read (${seenCursors.size} pages)`,
      );
    }
    seenCursors.add(next);
    url = next;
    query = {};
  }
  const features = await storeAudioFeatures([...trackIds], deps.features);
  writer.keys.push(...features.keys);
  writer.bytes += features.bytes;
  deps.log.info(
    { plays: items, tracks: trackIds.size, pages: seenCursors.size + 1 },
    'recently-played read',
  );
  return { items, watermark: Number.isFinite(newestMs) ? new Date(newestMs).toISOString() : null };
}
