// Types one part's bronze rows by the catalog and writes them as one silver Parquet object; a row
// that cannot be typed goes to the quarantine with its reason, and the others go on.

import { getTable } from '../../shared/catalog';
import type { TableDef } from '../../shared/catalog';
import type { ExtractResult, S3LoadJob, S3LoadResult } from '../../shared/contracts';
import { buildLakeKey, runFolder } from '../../shared/lake/keys';
import type { Layer } from '../../shared/lake/keys';
import { createNdjsonWriter } from '../../shared/lake/ndjson';
import type { NdjsonWriter } from '../../shared/lake/ndjson';
import { deleteByPrefix } from '../../shared/lake/objects';
import type { LakeStore } from '../../shared/lake/objects';
import type { Logger } from '../../shared/logger';
import { createSilverWriter } from '../../shared/parquet/silver-writer';
import type { SilverWriter } from '../../shared/parquet/silver-writer';
import { createTyper, TypingError } from '../../shared/typing/type-value';
import { bronzeReaderFor } from './read-bronze';
import type { SilverValue } from '../../shared/typing/type-value';

export interface SilverDeps {
  store: LakeStore;
  log: Logger;
  signal: AbortSignal;
  rowGroupRows: number;
  onProgress(rows: number): Promise<void>;
}

const PROGRESS_EVERY = 10_000;

function partKey(table: TableDef, job: S3LoadJob, layer: Layer, ext: string): string {
  return buildLakeKey({
    layer,
    source: table.source,
    table: table.name,
    partitionDate: job.partitionDate,
    part: job.part.index,
    seq: null,
    ext,
    ...runFolder(table.source, job.runId),
  });
}

export async function writeSilverPart(
  job: S3LoadJob,
  extracted: ExtractResult,
  deps: SilverDeps,
): Promise<S3LoadResult> {
  const started = performance.now();
  const table = getTable(job.table);
  const typers = table.columns.map((column) => createTyper(column));
  const names = table.columns.map((column) => column.name);
  const silverKey = partKey(table, job, 'silver', 'parquet');
  const quarantineKey = partKey(table, job, 'quarantine', 'ndjson.gz');
  // A retried part starts clean: what an earlier attempt left is removed first.
  for (const key of [silverKey, quarantineKey]) {
    await deleteByPrefix(deps.store, key);
  }
  let silver: SilverWriter | null = null;
  let quarantine: NdjsonWriter | null = null;
  let bronzeRows = 0;
  let silverRows = 0;
  let quarantined = 0;

  const readBronze = bronzeReaderFor(table);
  try {
    for (const key of extracted.bronzeKeys) {
      for await (const { position, raw, record } of readBronze(deps.store, key, deps.signal)) {
        bronzeRows += 1;
        const typed = record instanceof Error ? record : typeRecord(record, names, typers);
        if (typed instanceof Error) {
          quarantine ??= createNdjsonWriter(deps.store, quarantineKey, deps.signal);
          quarantined += 1;
          await quarantine.writeLine(
            JSON.stringify({ reason: typed.message, bronzeKey: key, position, raw: rawText(raw) }),
          );
        } else {
          silver ??= createSilverWriter(
            deps.store,
            silverKey,
            table,
            deps.rowGroupRows,
            deps.signal,
          );
          await silver.appendRow(typed);
          silverRows += 1;
        }
        if (bronzeRows % PROGRESS_EVERY === 0) {
          await deps.onProgress(bronzeRows);
        }
      }
    }
  } catch (err) {
    // A part that fails midway leaves no half-written object and no upload holding its buffers.
    const reason = err instanceof Error ? err : new Error(String(err));
    await Promise.all([silver?.abort(reason), quarantine?.abort(reason)]);
    throw err;
  }
  const bytes = silver === null ? 0 : await silver.close();
  if (quarantine !== null) {
    await quarantine.close();
    deps.log.warn({ quarantined, quarantineKey }, 'rows quarantined');
  }
  await deps.onProgress(bronzeRows);
  return {
    table: table.name,
    part: job.part,
    silverKey: silver === null ? null : silverKey,
    quarantineKey: quarantine === null ? null : quarantineKey,
    bytes,
    strategy: extracted.strategy,
    counts: {
      ...extracted.counts,
      bronze: bronzeRows,
      silver: silverRows,
      quarantined,
    },
    ms: performance.now() - started,
  };
}

function rawText(raw: string | Uint8Array): string {
  return typeof raw === 'string'
    ? raw
    : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
}

function typeRecord(
  record: Record<string, unknown> | readonly unknown[],
  names: readonly string[],
  typers: readonly ((raw: unknown) => SilverValue)[],
): SilverValue[] | Error {
  const values: SilverValue[] = new Array<SilverValue>(names.length);
  const inOrder = Array.isArray(record) ? (record as readonly unknown[]) : null;
  const byName = record as Record<string, unknown>;
  try {
    for (let i = 0; i < names.length; i += 1) {
      const raw = inOrder === null ? byName[names[i] as string] : inOrder[i];
      values[i] = (typers[i] as (raw: unknown) => SilverValue)(raw);
    }
  } catch (err) {
    if (err instanceof TypingError) {
      return err;
    }
    throw err;
  }
  return values;
}
