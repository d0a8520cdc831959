// The Parquet schema of a silver table, derived from the catalog. The only module that knows how
// catalog types map to Parquet types.

import type { SchemaElement } from 'hyparquet';
import type { ColumnDef, ColumnType, TableDef } from '../catalog';

/**
 * The type a column has in silver: its catalog type, except a list the catalog keeps as JSON text
 * (ColumnDef.listAsJson), which is a JSON column there.
 */
export function silverTypeOf(column: ColumnDef): ColumnType {
  return column.type === 'string_list' && column.listAsJson === true ? 'json' : column.type;
}

/**
 * Whether a silver file's type for a column loads into it: its silver type, or for a list kept as
 * JSON text also a LIST, as silver written before the catalog kept it so holds it.
 */
export function loadsFromSilverType(column: ColumnDef, fileType: ColumnType | 'unknown'): boolean {
  return fileType === silverTypeOf(column) || fileType === column.type;
}

function leaf(column: ColumnDef): SchemaElement[] {
  const repetition_type = column.nullable ? 'OPTIONAL' : 'REQUIRED';
  const { name } = column;
  switch (silverTypeOf(column)) {
    case 'string':
      return [{ name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'UTF8' }];
    case 'json':
      return [{ name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'JSON' }];
    case 'int16':
      return [{ name, repetition_type, type: 'INT32', converted_type: 'INT_16' }];
    case 'int32':
      return [{ name, repetition_type, type: 'INT32' }];
    case 'int64':
      return [{ name, repetition_type, type: 'INT64' }];
    case 'float32':
      return [{ name, repetition_type, type: 'FLOAT' }];
    case 'float64':
      return [{ name, repetition_type, type: 'DOUBLE' }];
    case 'boolean':
      return [{ name, repetition_type, type: 'BOOLEAN' }];
    case 'timestamp':
      return [
        {
          name,
          repetition_type,
          type: 'INT64',
          converted_type: 'TIMESTAMP_MILLIS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        },
      ];
    case 'date':
      return [{ name, repetition_type, type: 'INT32', converted_type: 'DATE' }];
    case 'string_list':
      return [
        { name, repetition_type, converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        {
          name: 'element',
          repetition_type: 'REQUIRED',
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
        },
      ];
  }
}

export function silverSchema(table: TableDef): SchemaElement[] {
  return [
    { name: 'root', num_children: table.columns.length },
    ...table.columns.flatMap((column) => leaf(column)),
  ];
}

/** The catalog type of each top-level column of a Parquet file, read back from its schema. */
export function columnTypesOf(
  schema: readonly SchemaElement[],
): Map<string, ColumnType | 'unknown'> {
  const types = new Map<string, ColumnType | 'unknown'>();
  let index = 1;
  const root = schema[0];
  for (let child = 0; child < (root?.num_children ?? 0); child += 1) {
    const element = schema[index];
    if (element === undefined) {
      break;
    }
    types.set(element.name, typeOfElement(element));
    index += 1 + countDescendants(schema, index);
  }
  return types;
}

/** How many elements lie below `index` in a flattened Parquet schema. */
export function countDescendants(schema: readonly SchemaElement[], index: number): number {
  let total = 0;
  let next = index + 1;
  for (let child = 0; child < (schema[index]?.num_children ?? 0); child += 1) {
    const size = 1 + countDescendants(schema, next);
    total += size;
    next += size;
  }
  return total;
}

function typeOfElement(element: SchemaElement): ColumnType | 'unknown' {
  if (element.converted_type === 'LIST') {
    return 'string_list';
  }
  switch (element.type) {
    case 'BYTE_ARRAY':
      return element.converted_type === 'JSON' ? 'json' : 'string';
    case 'INT32':
      return element.converted_type === 'INT_16'
        ? 'int16'
        : element.converted_type === 'DATE'
          ? 'date'
          : 'int32';
    case 'INT64':
      return element.converted_type === 'TIMESTAMP_MILLIS' ||
        element.converted_type === 'TIMESTAMP_MICROS' ||
        element.logical_type?.type === 'TIMESTAMP'
        ? 'timestamp'
        : 'int64';
    case 'FLOAT':
      return 'float32';
    case 'DOUBLE':
      return 'float64';
    case 'BOOLEAN':
      return 'boolean';
    default:
      return 'unknown';
  }
}
