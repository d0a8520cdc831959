// The bronze objects one spotify_api extract writes into its run folder, numbered in the order
// they were written, and what the extract reports at the end.

import type { TableDef } from '../../shared/catalog';
import type { RunRef } from '../../shared/contracts';
import type { LakeStore } from '../../shared/lake/objects';
import { putGzipObject, spotifyBronzeKey } from '../../shared/spotify/bronze';
import type { BronzeKind } from '../../shared/spotify/bronze';

/** The bronze objects a run writes, numbered in the order they were written. */
export interface RunWriter {
  keys: string[];
  bytes: number;
  nextKey: (kind: BronzeKind) => string;
  put: (kind: BronzeKind, body: Buffer) => Promise<void>;
}

export interface Outcome {
  items: number;
  watermark: string | null;
}

export function createRunWriter(
  table: TableDef,
  run: RunRef,
  deps: { store: LakeStore; signal: AbortSignal },
): RunWriter {
  let seq = 0;
  const writer: RunWriter = {
    keys: [],
    bytes: 0,
    nextKey: (kind) => spotifyBronzeKey(table, run, seq++, kind),
    async put(kind, body) {
      const key = writer.nextKey(kind);
      writer.bytes += await putGzipObject(deps.store, key, body, deps.signal);
      writer.keys.push(key);
    },
  };
  return writer;
}
