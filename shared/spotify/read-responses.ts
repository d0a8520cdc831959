// Reads one spotify_api bronze object back as rows for the s3-loader: the items of the response,
// joined with the audio features the run stored beside it. Sidecar objects yield nothing on their
// own. Objects hold one response each, so each is read whole.

import { listKeys } from '../lake/objects';
import type { LakeStore } from '../lake/objects';
import { parseLakeKey } from '../lake/keys';
import { readNdjsonLines } from '../lake/ndjson';
import { kindOfKey, readGzipObject, runFolderOf } from './bronze';
import { addApiFeatures, addCatalogFeatures, itemsOf, rowOf } from './records';
import type { FeatureMap, Row } from './records';

export interface ResponseRecord {
  position: number;
  raw: string;
  record: Row | Error;
}

async function readJson(store: LakeStore, key: string, signal: AbortSignal): Promise<unknown> {
  return JSON.parse((await readGzipObject(store, key, signal)).toString('utf8'));
}

/** Every audio feature stored in a run folder, from the API's responses and catalog fallbacks. */
export async function loadRunFeatures(
  store: LakeStore,
  folder: string,
  signal: AbortSignal,
): Promise<FeatureMap> {
  const features: FeatureMap = new Map();
  for await (const key of listKeys(store, folder)) {
    const kind = kindOfKey(key);
    if (kind === 'features') {
      addApiFeatures(features, await readJson(store, key, signal));
    } else if (kind === 'catalog') {
      for await (const { line } of readNdjsonLines(store, key, signal)) {
        addCatalogFeatures(features, JSON.parse(line) as Row);
      }
    }
  }
  return features;
}

export async function* readSpotifyResponses(
  store: LakeStore,
  key: string,
  signal: AbortSignal,
): AsyncGenerator<ResponseRecord> {
  const kind = kindOfKey(key);
  if (kind === 'features' || kind === 'catalog') {
    return;
  }
  const { table } = parseLakeKey(key);
  const features: FeatureMap =
    table === 'my_tracks' || table === 'api_tracks'
      ? await loadRunFeatures(store, runFolderOf(key), signal)
      : new Map<string, never>();
  const items = itemsOf(table, kind, await readJson(store, key, signal));
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    yield { position: index + 1, raw: JSON.stringify(item), record: rowOf(table, item, features) };
  }
}
