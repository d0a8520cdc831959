// Imports listening-history export files: each is streamed to bronze unchanged while it is read
// and checked play by play, then the files are recorded and one history_import run is started.
// A bad file rejects the whole import before any run starts, and what was stored is removed.
// Used by `spotlake import-history` and POST /imports/history alike.

import { createHash, randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import type pg from 'pg';
import { inTransaction } from '../clients/pg';
import { buildRunId } from '../contracts';
import { buildLakeKey } from '../lake/keys';
import { deleteByPrefix, uploadObject } from '../lake/objects';
import type { LakeStore } from '../lake/objects';
import type { RunRequest, StartedRun } from '../queue/start-run';
import { loadQuery } from '../sql/load-sql';
import { createExportScanner, ExportRejectedError } from './scan-export';
import type { ExportSummary } from './scan-export';

export const SOURCE_FILE_METADATA = 'source-file';

export interface ImportFile {
  name: string;
  body: AsyncIterable<Buffer>;
}

export interface ImportDeps {
  store: LakeStore;
  warehouse: pg.Pool;
  startRun(request: RunRequest): Promise<StartedRun>;
  maxFileBytes: number;
  partitionDate: string;
  /** Called as bytes are stored, for progress bars. */
  onBytes?(bytes: number): void;
}

export interface ImportedFile extends ExportSummary {
  name: string;
  key: string;
  bytes: number;
  sha256: string;
}

export interface ImportResult {
  runId: string;
  created: boolean;
  files: ImportedFile[];
}

/** The file name as kept in the rows: the base name, without any folder the client sent. */
export function baseName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base === '' ? 'export.json' : base.slice(0, 255);
}

export async function importHistory(
  files: AsyncIterable<ImportFile>,
  deps: ImportDeps,
): Promise<ImportResult> {
  const suffix = `i${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const runId = buildRunId('history_import', deps.partitionDate, suffix);
  const imported: ImportedFile[] = [];
  try {
    for await (const file of files) {
      imported.push(await storeExportFile(file, runId, imported.length, deps));
    }
    if (imported.length === 0) {
      throw new ExportRejectedError('(no file)', 'the import holds no export file', null);
    }
  } catch (err) {
    await deleteByPrefix(deps.store, runPrefix(runId, deps.partitionDate));
    throw err;
  }
  await recordFiles(deps.warehouse, runId, imported);
  const started = await deps.startRun({
    pipeline: 'history_import',
    partitionDate: deps.partitionDate,
    tables: ['listening_history'],
    suffix,
  });
  return { runId: started.runId, created: started.created, files: imported };
}

function fileKey(runId: string, partitionDate: string, seq: number): string {
  return buildLakeKey({
    layer: 'bronze',
    source: 'history_import',
    table: 'listening_history',
    partitionDate,
    run: runId,
    part: 0,
    seq,
    ext: 'json',
  });
}

function runPrefix(runId: string, partitionDate: string): string {
  const key = fileKey(runId, partitionDate, 0);
  return key.slice(0, key.lastIndexOf('/') + 1);
}

async function storeExportFile(
  file: ImportFile,
  runId: string,
  seq: number,
  deps: ImportDeps,
): Promise<ImportedFile> {
  const name = baseName(file.name);
  const key = fileKey(runId, deps.partitionDate, seq);
  const scanner = createExportScanner(name);
  const hash = createHash('sha256');
  const body = new PassThrough({ highWaterMark: 1024 * 1024 });
  const uploaded = uploadObject(deps.store, key, body, undefined, {
    metadata: { [SOURCE_FILE_METADATA]: encodeURIComponent(name) },
  });
  uploaded.catch(() => undefined);
  let bytes = 0;
  try {
    for await (const chunk of file.body) {
      bytes += chunk.length;
      if (bytes > deps.maxFileBytes) {
        throw new ExportRejectedError(
          name,
          `larger than the limit of ${deps.maxFileBytes} bytes`,
          null,
        );
      }
      hash.update(chunk);
      scanner.push(chunk);
      if (!body.write(chunk)) {
        await once(body, 'drain');
      }
      deps.onBytes?.(chunk.length);
    }
    const summary = scanner.end();
    body.end();
    await uploaded;
    return { name, key, bytes, sha256: hash.digest('hex'), ...summary };
  } catch (err) {
    body.destroy();
    throw err;
  }
}

async function recordFiles(
  warehouse: pg.Pool,
  runId: string,
  files: readonly ImportedFile[],
): Promise<void> {
  await inTransaction(warehouse, async (client) => {
    for (const [seq, file] of files.entries()) {
      await client.query(loadQuery('insert_import_file'), [
        runId,
        seq,
        file.name,
        file.key,
        file.format,
        file.plays,
        file.bytes,
        file.sha256,
      ]);
    }
  });
}
