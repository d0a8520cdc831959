// Builds and parses every S3 key of the lake; no other module spells a key.
// <layer>/<source>/<table>/updated_at=<yyyy-mm-dd>/[run=<run id>/]part-<part>[-<seq>].<ext>
// The run folder keeps apart the objects of sources that run several times a day (the Spotify API
// is polled every 30 minutes; imports come whenever the user brings files).

import type { SourceName } from '../catalog';

export type Layer = 'bronze' | 'silver' | 'gold' | 'quarantine';
export type LakeSource = SourceName | 'analytics';

export interface LakeKey {
  layer: Layer;
  source: LakeSource;
  table: string;
  partitionDate: string;
  part: number;
  seq: number | null;
  ext: string;
  run?: string;
}

const KEY_PATTERN =
  /^(bronze|silver|gold|quarantine)\/(mysql|spotify_api|history_import|analytics)\/([a-z][a-z0-9_]*)\/updated_at=(\d{4}-\d{2}-\d{2})\/(?:run=([a-z0-9_-]+)\/)?part-(\d{5})(?:-(\d{5}))?\.([a-z0-9.]+)$/;

const pad = (n: number): string => String(n).padStart(5, '0');

/**
 * The run folder of a source's objects: sources that run several times a day keep each run apart;
 * a MySQL run owns its date (start-run refuses a second run of a date while one is active).
 */
export function runFolder(source: LakeSource, runId: string): { run?: string } {
  return source === 'spotify_api' || source === 'history_import' ? { run: runId } : {};
}

export function partitionPrefix(
  layer: Layer,
  source: LakeSource,
  table: string,
  partitionDate: string,
): string {
  return `${layer}/${source}/${table}/updated_at=${partitionDate}/`;
}

export function buildLakeKey(key: LakeKey): string {
  const seq = key.seq === null ? '' : `-${pad(key.seq)}`;
  const run = key.run === undefined ? '' : `run=${key.run}/`;
  return `${partitionPrefix(key.layer, key.source, key.table, key.partitionDate)}${run}part-${pad(key.part)}${seq}.${key.ext}`;
}

/** Prefix of every object one run wrote under its own run folder. */
export function runObjectsPrefix(
  layer: Layer,
  source: LakeSource,
  table: string,
  partitionDate: string,
  run: string,
): string {
  return `${partitionPrefix(layer, source, table, partitionDate)}run=${run}/`;
}

/** Prefix of every object one part wrote, so a retried part can clear what it left before. */
export function partObjectsPrefix(
  layer: Layer,
  source: LakeSource,
  table: string,
  partitionDate: string,
  part: number,
): string {
  return `${partitionPrefix(layer, source, table, partitionDate)}part-${pad(part)}`;
}

export function parseLakeKey(key: string): LakeKey {
  const match = KEY_PATTERN.exec(key);
  if (match === null) {
    throw new Error(`not a lake key: ${key}`);
  }
  const [, layer, source, table, partitionDate, run, part, seq, ext] = match;
  return {
    layer: layer as Layer,
    source: source as LakeSource,
    table: table ?? '',
    partitionDate: partitionDate ?? '',
    part: Number(part),
    seq: seq === undefined ? null : Number(seq),
    ext: ext ?? '',
    ...(run === undefined ? {} : { run }),
  };
}
