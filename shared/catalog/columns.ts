// Short builders for catalog columns, so a table definition reads as a list of names and types.
// Every builder makes a nullable column unless told otherwise.

import type { ColumnDef } from './types';

export const str = (name: string, nullable = true): ColumnDef => ({
  name,
  type: 'string',
  nullable,
});
/** Free text, cleaned as the original did (quotes and line breaks stripped, then trimmed). */
export const text = (name: string): ColumnDef => ({
  name,
  type: 'string',
  nullable: true,
  freeText: true,
});
export const i16 = (name: string): ColumnDef => ({ name, type: 'int16', nullable: true });
export const i32 = (name: string): ColumnDef => ({ name, type: 'int32', nullable: true });
export const i64 = (name: string): ColumnDef => ({ name, type: 'int64', nullable: true });
export const f64 = (name: string): ColumnDef => ({ name, type: 'float64', nullable: true });
export const bool = (name: string): ColumnDef => ({ name, type: 'boolean', nullable: true });
export const list = (name: string): ColumnDef => ({ name, type: 'string_list', nullable: true });
/** A list kept in silver as its JSON text: for long lists that repeat (see ColumnDef.listAsJson). */
export const jsonList = (name: string): ColumnDef => ({ ...list(name), listAsJson: true });
export const json = (name: string): ColumnDef => ({ name, type: 'json', nullable: true });
