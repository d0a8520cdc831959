// What a CSV cell must look like to load into its MySQL column: a decimal number for numeric
// columns (pandas prints integers of gappy columns as `4.0`), within the column's range or length.
// A cell that breaks a rule rejects its row with a reason; the server never sees it.

import type { Pool } from 'mysql2/promise';
import type { ColumnDef, TableDef } from '../../shared/catalog';
import { loadQuery } from '../../shared/sql/load-sql';

/** A cell converted for MySQL: text the server parses, or null for an empty (pandas NaN) cell. */
export type SeedValue = string | null;

export class CellError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CellError';
  }
}

export interface MysqlColumnLimit {
  name: string;
  dataType: string;
  columnType: string;
  maxChars: number | null;
  maxBytes: number | null;
}

export type CellRule = (raw: string) => SeedValue;

const INTEGER = /^[-+]?\d+(?:\.0*)?$/;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INTEGER_BITS: Record<string, number> = {
  tinyint: 8,
  smallint: 16,
  mediumint: 24,
  int: 32,
  bigint: 64,
};

export async function readColumnLimits(mysql: Pool, table: TableDef): Promise<MysqlColumnLimit[]> {
  const [rows] = await mysql.query(loadQuery('select_mysql_column_limits'), [table.name]);
  return rows as MysqlColumnLimit[];
}

const shown = (raw: string): string =>
  JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

function integerRule(column: ColumnDef, limit: MysqlColumnLimit): CellRule {
  const bits = INTEGER_BITS[limit.dataType] ?? 64;
  const isUnsigned = limit.columnType.includes('unsigned');
  const min = isUnsigned ? 0n : -(2n ** BigInt(bits - 1));
  const max = isUnsigned ? 2n ** BigInt(bits) - 1n : 2n ** BigInt(bits - 1) - 1n;
  return (raw) => {
    const text = raw.trim();
    if (!INTEGER.test(text)) {
      throw new CellError(`${column.name} is not an integer: ${shown(raw)}`);
    }
    const digits = text.replace(/\.0*$/, '').replace(/^\+/, '');
    const value = BigInt(digits);
    if (value < min || value > max) {
      throw new CellError(`${column.name} ${digits} is outside the ${limit.dataType} range`);
    }
    return digits;
  };
}

function decimalRule(column: ColumnDef): CellRule {
  return (raw) => {
    const text = raw.trim();
    if (!DECIMAL.test(text) || !Number.isFinite(Number(text))) {
      throw new CellError(`${column.name} is not a number: ${shown(raw)}`);
    }
    return text;
  };
}

function textRule(column: ColumnDef, limit: MysqlColumnLimit): CellRule {
  const { maxChars, maxBytes } = limit;
  return (raw) => {
    // String length counts UTF-16 units, never fewer than characters: a cheap first test.
    if (maxChars !== null && raw.length > maxChars && [...raw].length > maxChars) {
      throw new CellError(
        `${column.name} is ${[...raw].length} characters, the column holds ${maxChars}`,
      );
    }
    if (maxBytes !== null && raw.length * 3 > maxBytes && Buffer.byteLength(raw) > maxBytes) {
      throw new CellError(
        `${column.name} is ${Buffer.byteLength(raw)} bytes, the column holds ${maxBytes}`,
      );
    }
    return raw;
  };
}

/** The rule for one column: empty is NULL where allowed, else the cell must fit the column. */
export function cellRule(column: ColumnDef, limit: MysqlColumnLimit | undefined): CellRule {
  if (limit === undefined) {
    throw new Error(`the MySQL table has no column ${column.name}: run the migrations`);
  }
  const isInteger = limit.dataType in INTEGER_BITS;
  const isDecimal = ['double', 'float', 'decimal'].includes(limit.dataType);
  const rule = isInteger
    ? integerRule(column, limit)
    : isDecimal
      ? decimalRule(column)
      : textRule(column, limit);
  return (raw) => {
    if (raw === '') {
      if (!column.nullable) {
        throw new CellError(`${column.name} is empty`);
      }
      return null;
    }
    return rule(raw);
  };
}
