// Statements the validator runs against a loaded table, shaped by the catalog.

import type { TableDef } from '../catalog';
import { quotePg } from './quote';
import { targetName } from './pg-load-statements';

/** Rows whose key is NULL, and rows beyond the first for each key. */
export function primaryKeyCheckSql(table: TableDef): string {
  const keys = table.primaryKey.map(quotePg);
  const anyNull = keys.map((key) => `${key} IS NULL`).join(' OR ');
  return (
    `SELECT count(*) FILTER (WHERE ${anyNull})::bigint AS null_keys, ` +
    `(count(*) - count(DISTINCT (${keys.join(', ')})))::bigint AS duplicate_keys ` +
    `FROM ${targetName(table)}`
  );
}
