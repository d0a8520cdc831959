// Writes typed rows of a catalog table as one silver Parquet object streamed to S3, a row group at
// a time (see object-writer.ts): memory is bounded by the row-group size, never by the table.

import type { TableDef } from '../catalog';
import type { LakeStore } from '../lake/objects';
import type { SilverValue } from '../typing/type-value';
import { SILVER_CODEC } from './codecs';
import { createParquetObjectWriter } from './object-writer';
import type { ParquetObjectWriter } from './object-writer';
import { silverSchema } from './schema';

export type SilverWriter = ParquetObjectWriter<SilverValue>;

/**
 * Lists, JSON and free text (lyrics, names) get no min/max: no query prunes by them, and comparing
 * every long string cost about a tenth of the s3-loader's encoding time (issue 10).
 */
function columnsWithoutStatistics(table: TableDef): ReadonlySet<string> {
  return new Set(
    table.columns
      .filter((c) => c.type === 'json' || c.type === 'string_list' || c.freeText === true)
      .map((c) => c.name),
  );
}

export function createSilverWriter(
  store: LakeStore,
  key: string,
  table: TableDef,
  rowGroupRows: number,
  signal?: AbortSignal,
): SilverWriter {
  return createParquetObjectWriter<SilverValue>(
    store,
    key,
    silverSchema(table),
    table.columns.map((column) => column.name),
    rowGroupRows,
    signal,
    { codec: SILVER_CODEC, withoutStatistics: columnsWithoutStatistics(table) },
  );
}
