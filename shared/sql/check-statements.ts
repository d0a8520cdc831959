// Statements the validator runs against a loaded table, shaped by the catalog. Identifiers come from
// the catalog and are quoted; accepted values, bounds and times are bound parameters.

import type { ColumnDef, TableDef } from '../catalog';
import { changeColumnOf, getColumn } from '../catalog';
import { quotePg } from './quote';
import { targetName } from './pg-load-statements';

/** Rows whose key is NULL, and rows beyond the first for each (non-NULL) key. */
export function primaryKeyCheckSql(table: TableDef): string {
  const keys = table.primaryKey.map(quotePg);
  const anyNull = keys.map((key) => `${key} IS NULL`).join(' OR ');
  const complete = `NOT (${anyNull})`;
  return (
    `SELECT count(*) FILTER (WHERE ${anyNull})::bigint AS null_keys, ` +
    `(count(*) FILTER (WHERE ${complete}) - ` +
    `count(DISTINCT (${keys.join(', ')})) FILTER (WHERE ${complete}))::bigint AS duplicate_keys ` +
    `FROM ${targetName(table)}`
  );
}

export type CatalogCheckKind = 'accepted_values' | 'range' | 'freshness';

/** One optional check of the catalog, as the single statement below computes it. */
export interface CatalogCheck {
  name: string;
  kind: CatalogCheckKind;
  column: string;
  /** What the observed number counts, for the ledger and the error message. */
  describes: string;
  /** The bound the observed number must not exceed: 0 failing rows, or the freshness hours. */
  limit: number;
}

export interface CatalogChecksStatement {
  text: string;
  values: unknown[];
  checks: CatalogCheck[];
}

const NUMERIC = new Set(['int16', 'int32', 'int64', 'float32', 'float64']);

function requireType(table: TableDef, column: ColumnDef, allowed: (type: string) => boolean): void {
  if (!allowed(column.type)) {
    throw new TypeError(
      `catalog check on ${table.name}.${column.name}: a ${column.type} column cannot take this check`,
    );
  }
}

/** The column a freshness check reads: the watermark (or partition) column of the extract. */
export function freshnessColumn(table: TableDef): string {
  const column = changeColumnOf(table);
  if (column === null) {
    throw new TypeError(`catalog check on ${table.name}: freshness needs a watermark column`);
  }
  return column;
}

type Bind = (value: unknown, cast: string) => string;

interface CheckPart {
  select: string;
  check: CatalogCheck;
}

function acceptedValuesPart(
  table: TableDef,
  name: string,
  accepted: readonly string[],
  bind: Bind,
): CheckPart {
  const column = getColumn(table, name);
  requireType(table, column, (type) => type === 'string');
  const quoted = quotePg(column.name);
  return {
    select: `count(*) FILTER (WHERE ${quoted} IS NOT NULL AND ${quoted} <> ALL(${bind(accepted, 'text[]')}))`,
    check: {
      name: `accepted_values:${column.name}`,
      kind: 'accepted_values',
      column: column.name,
      describes: `rows whose ${column.name} is not one of ${accepted.join(', ')}`,
      limit: 0,
    },
  };
}

function rangePart(
  table: TableDef,
  name: string,
  range: { min?: number; max?: number },
  bind: Bind,
): CheckPart {
  const column = getColumn(table, name);
  requireType(table, column, (type) => NUMERIC.has(type));
  const quoted = quotePg(column.name);
  const outside: string[] = [];
  if (range.min !== undefined) {
    outside.push(`${quoted} < ${bind(range.min, 'double precision')}`);
  }
  if (range.max !== undefined) {
    outside.push(`${quoted} > ${bind(range.max, 'double precision')}`);
  }
  return {
    // NaN sorts above every number in PostgreSQL, so a NaN fails a max bound as it should.
    select: outside.length === 0 ? '0' : `count(*) FILTER (WHERE ${outside.join(' OR ')})`,
    check: {
      name: `range:${column.name}`,
      kind: 'range',
      column: column.name,
      describes: `rows whose ${column.name} is outside [${range.min ?? '-inf'}, ${range.max ?? 'inf'}]`,
      limit: 0,
    },
  };
}

function freshnessPart(table: TableDef, hours: number, referenceTime: Date, bind: Bind): CheckPart {
  const column = getColumn(table, freshnessColumn(table));
  requireType(table, column, (type) => type === 'timestamp' || type === 'date');
  const reference = bind(referenceTime.toISOString(), 'timestamptz');
  return {
    select: `extract(epoch FROM (${reference} - max(${quotePg(column.name)})::timestamptz)) / 3600`,
    check: {
      name: `freshness:${column.name}`,
      kind: 'freshness',
      column: column.name,
      describes: `hours between the newest ${column.name} and the end of the run's day`,
      limit: hours,
    },
  };
}

/**
 * Every optional check of a table in ONE scan: a count of failing rows per accepted-values and range
 * check, and the age in hours of the newest watermark at `referenceTime`. Null when there are none.
 */
export function catalogChecksSql(
  table: TableDef,
  referenceTime: Date,
): CatalogChecksStatement | null {
  const defs = table.checks;
  const values: unknown[] = [];
  const bind: Bind = (value, cast) => {
    values.push(value);
    return `$${values.length}::${cast}`;
  };
  const parts = [
    ...Object.entries(defs?.acceptedValues ?? {}).map(([name, accepted]) =>
      acceptedValuesPart(table, name, accepted, bind),
    ),
    ...Object.entries(defs?.ranges ?? {}).map(([name, range]) =>
      rangePart(table, name, range, bind),
    ),
    ...(defs?.freshnessHours === undefined
      ? []
      : [freshnessPart(table, defs.freshnessHours, referenceTime, bind)]),
  ];
  if (parts.length === 0) {
    return null;
  }
  const columns = parts.map((part, i) => `(${part.select})::double precision AS c${i}`).join(', ');
  return {
    text: `SELECT ${columns} FROM ${targetName(table)}`,
    values,
    checks: parts.map((part) => part.check),
  };
}
