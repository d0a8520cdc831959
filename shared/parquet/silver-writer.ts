// Writes typed rows of a catalog table as one silver Parquet object streamed to S3, a row group at
// a time (see object-writer.ts): memory is bounded by the row-group size, never by the table.

import { changeColumnOf } from '../catalog';
import type { ColumnType, TableDef } from '../catalog';
import type { LakeStore } from '../lake/objects';
import type { SilverValue } from '../typing/type-value';
import { SILVER_CODEC } from './codecs';
import { createParquetObjectWriter } from './object-writer';
import type { ColumnLayout, ParquetObjectWriter } from './object-writer';
import { silverSchema } from './schema';

export type SilverWriter = ParquetObjectWriter<SilverValue>;

/**
 * Per column, what the s3-loader's profile showed was worth skipping (issue 10). Min/max only where
 * a reader prunes by them: the key (parts are key ranges), the watermark or partition column, and
 * numbers and times; comparing every string of every other column cost about a tenth of the
 * encoding time. No dictionary for values that rarely repeat (the key, free text, JSON, floats),
 * which also skips the sampling that would have rejected one. Text without min/max goes to the
 * encoder as UTF-8 bytes, dictionary or not: hyparquet-writer keys a dictionary of bytes by their
 * contents (a hash, then a byte comparison), and the TextEncoder call per string was 5% of the
 * s3-loader's time.
 */
export function silverLayout(table: TableDef): ReadonlyMap<string, ColumnLayout> {
  const pruned = new Set([...table.primaryKey, changeColumnOf(table)]);
  const layouts = new Map<string, ColumnLayout>();
  for (const column of table.columns) {
    const layout: ColumnLayout = {};
    const textual = TEXTUAL.has(column.type);
    if (textual && !pruned.has(column.name)) {
      layout.statistics = false;
    }
    const unique = table.primaryKey.length === 1 && table.primaryKey[0] === column.name;
    if (unique || column.freeText === true || PLAIN_TYPES.has(column.type)) {
      layout.encoding = 'PLAIN';
    }
    layout.utf8Bytes = column.type === 'string' && layout.statistics === false;
    layouts.set(column.name, layout);
  }
  return layouts;
}

const TEXTUAL: ReadonlySet<ColumnType> = new Set(['string', 'string_list', 'json']);
const PLAIN_TYPES: ReadonlySet<ColumnType> = new Set(['json', 'float32', 'float64']);

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
    { codec: SILVER_CODEC, columns: silverLayout(table) },
  );
}
