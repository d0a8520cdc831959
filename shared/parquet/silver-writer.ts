// Writes typed rows of a catalog table as one silver Parquet object streamed to S3, a row group at
// a time, encoded by silver-encoder.ts: memory is bounded by the row-group size, never by the table.

import { changeColumnOf } from '../catalog';
import type { ColumnType, TableDef } from '../catalog';
import type { LakeStore } from '../lake/objects';
import type { SilverValue } from '../typing/type-value';
import { COMPRESSORS, SILVER_CODEC } from './codecs';
import type { Compress } from './codecs';
import { ParquetUpload } from './object-writer';
import type { ParquetObjectWriter } from './object-writer';
import { SilverEncoder } from './silver-encoder';
import type { SilverColumnLayout } from './silver-encoder';

export type SilverWriter = ParquetObjectWriter<SilverValue>;

/**
 * Per column, what the s3-loader's profile showed was worth skipping (issue 10). Min/max only where
 * a reader prunes by them: the key (parts are key ranges), the watermark or partition column, and
 * numbers and times; comparing every string of every other column cost about a tenth of the
 * encoding time. No dictionary for values that rarely repeat (the key, free text, JSON, floats);
 * other columns try one and give it up when it does not pay (silver-encoder.ts). Min/max of text
 * compare its UTF-8 bytes, which is the order Parquet asks for.
 */
export function silverLayout(table: TableDef): ReadonlyMap<string, SilverColumnLayout> {
  const pruned = new Set([...table.primaryKey, changeColumnOf(table)]);
  const layouts = new Map<string, SilverColumnLayout>();
  for (const column of table.columns) {
    const layout: SilverColumnLayout = {};
    const textual = TEXTUAL.has(column.type);
    if (textual && !pruned.has(column.name)) {
      layout.statistics = false;
    }
    const unique = table.primaryKey.length === 1 && table.primaryKey[0] === column.name;
    if (unique || column.freeText === true || PLAIN_TYPES.has(column.type)) {
      layout.plain = true;
    }
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
  const upload = new ParquetUpload(store, key, signal);
  const encoder = new SilverEncoder(
    table,
    silverLayout(table),
    upload.writer,
    SILVER_CODEC,
    COMPRESSORS[SILVER_CODEC] as Compress,
  );
  return {
    async appendRow(values) {
      encoder.appendRow(values);
      if (encoder.bufferedRows >= rowGroupRows) {
        encoder.writeRowGroup();
        await upload.writer.flush();
        await upload.check();
      }
    },
    async close() {
      encoder.finish();
      upload.writer.finish();
      return upload.done();
    },
    async abort(reason) {
      await upload.abort(reason);
    },
  };
}
