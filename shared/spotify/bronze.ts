// The bronze layout of the spotify_api source: each run's raw responses, gzipped, under its own
// run folder. A response object holds one body as Spotify sent it; an `each` object holds the
// bodies of one-id-at-a-time calls as a JSON array (bodies unchanged, joined by commas); sidecars
// hold audio features, from the API or from the Kaggle catalog when the API refuses them.

import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TableDef } from '../catalog';
import type { RunRef } from '../contracts';
import { buildLakeKey, parseLakeKey, runObjectsPrefix } from '../lake/keys';
import { openObject, uploadObject } from '../lake/objects';
import type { LakeStore } from '../lake/objects';

export type BronzeKind = 'response' | 'each' | 'features' | 'catalog';

const EXT: Record<BronzeKind, string> = {
  response: 'json.gz',
  each: 'each.json.gz',
  features: 'features.json.gz',
  catalog: 'catalog.ndjson.gz',
};

export function spotifyBronzeKey(
  table: TableDef,
  run: RunRef,
  seq: number,
  kind: BronzeKind,
): string {
  return buildLakeKey({
    layer: 'bronze',
    source: table.source,
    table: table.name,
    partitionDate: run.partitionDate,
    run: run.runId,
    part: 0,
    seq,
    ext: EXT[kind],
  });
}

export function spotifyRunPrefix(table: TableDef, run: RunRef): string {
  return runObjectsPrefix('bronze', table.source, table.name, run.partitionDate, run.runId);
}

export function kindOfKey(key: string): BronzeKind {
  const { ext } = parseLakeKey(key);
  const kind = (Object.keys(EXT) as BronzeKind[]).find((name) => EXT[name] === ext);
  if (kind === undefined) {
    throw new Error(`not a spotify_api bronze object: ${key}`);
  }
  return kind;
}

/** The run folder of a bronze object, where its sidecars lie. */
export function runFolderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

/** Bodies of single-id calls as one JSON array, each byte-for-byte; null for an id not found. */
export function joinBodies(bodies: readonly (Buffer | null)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('[')];
  bodies.forEach((body, index) => {
    if (index > 0) {
      parts.push(Buffer.from(','));
    }
    parts.push(body ?? Buffer.from('null'));
  });
  parts.push(Buffer.from(']'));
  return Buffer.concat(parts);
}

/** Writes a small object gzipped; returns the compressed bytes. */
export async function putGzipObject(
  store: LakeStore,
  key: string,
  body: Buffer,
  signal?: AbortSignal,
): Promise<number> {
  const zipped = gzipSync(body, { level: 6 });
  await uploadObject(store, key, Readable.from([zipped]), signal);
  return zipped.length;
}

/** Reads a small gzipped object whole (one API response: tens of KB). */
export async function readGzipObject(
  store: LakeStore,
  key: string,
  signal?: AbortSignal,
): Promise<Buffer> {
  const body = await openObject(store, key, signal);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  return gunzipSync(Buffer.concat(chunks));
}
