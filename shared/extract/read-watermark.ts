// Reads the highest watermark already loaded into the warehouse, formatted as MySQL prints it
// (UTC), so the part planner and the extractor can bind it as a parameter.

import type pg from 'pg';
import type { TableDef } from '../catalog';
import { maxValueSql } from '../sql/pg-load-statements';

export async function readWatermark(
  warehouse: pg.Pool,
  table: TableDef,
  column: string,
): Promise<string | null> {
  const result = await warehouse.query<{ value: Date | null }>(maxValueSql(table, column));
  const value = result.rows[0]?.value ?? null;
  if (value === null) {
    return null;
  }
  return value.toISOString().slice(0, 19).replace('T', ' ');
}
