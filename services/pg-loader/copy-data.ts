// The binary COPY data of one silver file, for the staging table of its catalog table. Two ways
// that give the same bytes: `raw` copies from the file's pages as they lie (copy-raw-fields.ts),
// `decoded` goes through hyparquet's values; `auto` takes raw for every row group that allows it,
// which is every one silver writes today.

import type { TableDef } from '../../shared/catalog';
import { columnTypesOf } from '../../shared/parquet/schema';
import type { SilverFile } from '../../shared/parquet/silver-reader';
import { CopyBinaryWriter } from '../../shared/sql/copy-binary-writer';
import type { CopyFieldType } from '../../shared/sql/copy-binary-writer';
import { rawFieldSupport, rawFieldWriter } from '../../shared/sql/copy-raw-fields';

export type CopyWay = 'auto' | 'raw' | 'decoded';

/** How each column's values reach COPY: a list silver holds as JSON text becomes text[] on the way. */
function copyFieldTypes(table: TableDef, file: SilverFile): CopyFieldType[] {
  const fileTypes = columnTypesOf(file.metadata.schema);
  return table.columns.map((column) =>
    column.type === 'string_list' && fileTypes.get(column.name) === 'json'
      ? 'string_list_json'
      : column.type,
  );
}

/** Whether the raw way reads these columns of the file as these types. */
function readsRaw(
  file: SilverFile,
  names: readonly string[],
  types: readonly CopyFieldType[],
): boolean {
  return (
    file.readsRaw(names) &&
    names.every((name, i) => {
      const shape = file.shapes.get(name);
      return (
        shape !== undefined && shape !== null && rawFieldSupport(shape, types[i] as CopyFieldType)
      );
    })
  );
}

/** Yields the COPY data in chunks of about 1 MB; `onRows` hears the rows written after each group. */
export async function* copyData(
  file: SilverFile,
  table: TableDef,
  onRows: (rows: number) => Promise<void>,
  way: CopyWay = 'auto',
): AsyncGenerator<Buffer> {
  const names = table.columns.map((column) => column.name);
  const types = copyFieldTypes(table, file);
  const rawAllowed = way !== 'decoded' && readsRaw(file, names, types);
  if (way === 'raw' && !rawAllowed) {
    throw new Error(`${table.name}: this silver file cannot be copied from its pages as they lie`);
  }
  const writer = new CopyBinaryWriter(types);
  let rows = 0;
  for (let index = 0; index < file.metadata.row_groups.length; index += 1) {
    // Row group by row group: both ways write the same bytes, so a group whose pages the raw way
    // does not read is decoded, whatever came before it.
    const raw = rawAllowed ? await file.readRawGroup(index, names) : null;
    if (raw === null && way === 'raw') {
      throw new Error(`${table.name}: row group ${index} holds pages the raw way does not read`);
    }
    let groupRows: number;
    if (raw !== null) {
      const fields = raw.map((chunk, i) => rawFieldWriter(chunk, types[i] as CopyFieldType));
      groupRows = raw[0]?.rows ?? 0;
      for (let row = 0; row < groupRows; row += 1) {
        writer.appendRawRow(fields, row);
        if (writer.hasFullChunks) {
          yield* writer.takeFullChunks();
        }
      }
    } else {
      const group = await file.readGroup(index, names);
      groupRows = group.rows;
      for (let row = 0; row < groupRows; row += 1) {
        writer.appendRow(group.columns, row);
        if (writer.hasFullChunks) {
          yield* writer.takeFullChunks();
        }
      }
    }
    rows += groupRows;
    await onRows(rows);
  }
  yield* writer.finish();
}
