// Runs a table's optional catalog checks (accepted values, ranges, watermark freshness) in one scan
// of the loaded table and turns each into a CheckResult with its numbers.

import type pg from 'pg';
import type { TableDef } from '../../shared/catalog';
import type { CheckResult } from '../../shared/contracts';
import { catalogChecksSql } from '../../shared/sql/check-statements';
import type { CatalogCheck } from '../../shared/sql/check-statements';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Freshness is judged at the end of the run's partition day, or now if that is still ahead: a
 * backfill of last month is not stale because it is last month's data.
 */
export function freshnessReference(partitionDate: string, now = new Date()): Date {
  const endOfDay = new Date(`${partitionDate}T00:00:00Z`).getTime() + DAY_MS;
  return new Date(Math.min(endOfDay, now.getTime()));
}

function toResult(table: TableDef, check: CatalogCheck, value: number | null, ms: number) {
  if (check.kind === 'freshness') {
    const hours = value === null ? null : Math.round(value * 100) / 100;
    const passed = hours !== null && hours <= check.limit;
    const detail =
      hours === null
        ? `${table.name}.${check.column} holds no value, expected one no older than ${check.limit} h`
        : `${check.describes}: ${hours} h, expected at most ${check.limit} h`;
    return { name: check.name, passed, observed: hours, expected: check.limit, detail, ms };
  }
  const failing = value ?? 0;
  return {
    name: check.name,
    passed: failing === 0,
    observed: failing,
    expected: 0,
    detail: `${check.describes}: ${failing}, expected 0`,
    ms,
  };
}

export async function runCatalogChecks(
  warehouse: pg.Pool,
  table: TableDef,
  partitionDate: string,
): Promise<CheckResult[]> {
  const statement = catalogChecksSql(table, freshnessReference(partitionDate));
  if (statement === null) {
    return [];
  }
  const started = performance.now();
  const result = await warehouse.query<Record<string, number | null>>(
    statement.text,
    statement.values,
  );
  const ms = performance.now() - started;
  const row = result.rows[0] ?? {};
  return statement.checks.map((check, i) => toResult(table, check, row[`c${i}`] ?? null, ms));
}
