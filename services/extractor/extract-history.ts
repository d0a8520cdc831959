// The extract stage of a history import: the export files are already in bronze (put there,
// validated, before the run started), so extraction only reports them and their play counts.

import type pg from 'pg';
import { getTable } from '../../shared/catalog';
import { ZERO_COUNTS } from '../../shared/contracts';
import type { ExtractJob, ExtractResult } from '../../shared/contracts';
import { PermanentError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { loadQuery } from '../../shared/sql/load-sql';

export interface HistoryExtractDeps {
  warehouse: pg.Pool;
  log: Logger;
}

export async function listImportedFiles(
  job: ExtractJob,
  deps: HistoryExtractDeps,
): Promise<ExtractResult> {
  const started = performance.now();
  const table = getTable(job.table);
  const files = await deps.warehouse.query<{
    source_file: string;
    bronze_key: string;
    plays: string;
    bytes: string;
  }>(loadQuery('select_import_files'), [job.runId]);
  if (files.rows.length === 0) {
    throw new PermanentError(
      `${job.runId}: no export files were imported for this run; start imports with \`spotlake import-history\` or POST /imports/history`,
    );
  }
  const plays = files.rows.reduce((sum, file) => sum + Number(file.plays), 0);
  deps.log.info({ files: files.rows.map((file) => file.source_file), plays }, 'import files ready');
  return {
    table: table.name,
    part: job.part,
    strategy: table.extract.kind,
    bronzeKeys: files.rows.map((file) => file.bronze_key),
    bytes: files.rows.reduce((sum, file) => sum + Number(file.bytes), 0),
    watermark: null,
    counts: { ...ZERO_COUNTS, extracted: plays },
    ms: performance.now() - started,
  };
}
