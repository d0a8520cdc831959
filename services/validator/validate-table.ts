// Proves one table's load: the counts reconcile from source to warehouse, the keys hold, and the
// catalog's optional checks pass. Every check is recorded in the run ledger with its numbers and
// timing; a failed one fails the job (once, no retries) with its numbers in the message.

import type pg from 'pg';
import { getTable } from '../../shared/catalog';
import type { TableDef } from '../../shared/catalog';
import type {
  CheckResult,
  PgLoadCommitResult,
  ValidateJob,
  ValidateResult,
} from '../../shared/contracts';
import { CheckFailedError } from '../../shared/errors';
import { recordChecks } from '../../shared/ledger/ledger';
import type { Logger } from '../../shared/logger';
import { primaryKeyCheckSql } from '../../shared/sql/check-statements';
import { loadQuery } from '../../shared/sql/load-sql';
import { targetName } from '../../shared/sql/pg-load-statements';
import { runCatalogChecks } from './catalog-checks';

export interface ValidateDeps {
  warehouse: pg.Pool;
  log: Logger;
}

function equal(name: string, observed: number, expected: number, what: string): CheckResult {
  return {
    name,
    passed: observed === expected,
    observed,
    expected,
    detail: `${what}: ${observed}, expected ${expected}`,
    ms: 0,
  };
}

/** extracted = bronze = silver + quarantined = loaded, and for a full load target = source. */
export function reconcileCounts(load: PgLoadCommitResult): CheckResult[] {
  const { counts } = load;
  const checks = [
    equal('bronze_rows_match_extracted', counts.bronze, counts.extracted, 'rows in bronze'),
    equal(
      'silver_plus_quarantine_match_bronze',
      counts.silver + counts.quarantined,
      counts.bronze,
      'rows in silver plus quarantined',
    ),
    equal('loaded_rows_match_silver', counts.loaded, counts.silver, 'rows written to PostgreSQL'),
  ];
  // A full load replaces the table, so afterwards it must hold exactly what the source gave.
  if (load.mode === 'replace_table' || load.strategy === 'full_load') {
    checks.push(
      equal(
        'target_rows_match_source',
        load.rowsInTarget,
        // A quarantined row is accounted for by the checks above and kept in quarantine/ with
        // its reason; every other row the source gave must be in the table.
        counts.extracted - counts.quarantined,
        counts.quarantined === 0
          ? 'rows in the target table'
          : `rows in the target table (source rows less ${counts.quarantined} quarantined)`,
      ),
    );
  }
  return checks;
}

/**
 * NULL and repeated keys. A table whose primary key constraint covers the catalog's key cannot hold
 * either, so the checks pass from the catalog without reading the table (a 2 GB scan and a distinct
 * count of 1,000,000 keys at 1M tracks, on every run); a table without it is scanned.
 */
export async function checkPrimaryKey(warehouse: pg.Pool, table: TableDef): Promise<CheckResult[]> {
  const started = performance.now();
  const key = table.primaryKey.join(', ');
  const constraint = await warehouse.query<{ enforced: boolean }>(
    loadQuery('select_primary_key_enforced'),
    [targetName(table), [...table.primaryKey]],
  );
  if (constraint.rows[0]?.enforced === true) {
    const ms = performance.now() - started;
    const refused = (name: string, what: string): CheckResult => ({
      name,
      passed: true,
      observed: 0,
      expected: 0,
      detail: `${what}: 0, PostgreSQL's primary key constraint on (${key}) refuses them`,
      ms,
    });
    return [
      refused('primary_key_not_null', `rows with a NULL ${key}`),
      refused('primary_key_unique', `rows repeating a ${key}`),
    ];
  }
  const result = await warehouse.query<{ null_keys: string; duplicate_keys: string }>(
    primaryKeyCheckSql(table),
  );
  const ms = performance.now() - started;
  const row = result.rows[0];
  const nulls = Number(row?.null_keys ?? 0);
  const duplicates = Number(row?.duplicate_keys ?? 0);
  return [
    { ...equal('primary_key_not_null', nulls, 0, `rows with a NULL ${key}`), ms },
    { ...equal('primary_key_unique', duplicates, 0, `rows repeating a ${key}`), ms },
  ];
}

export async function validateTable(
  job: ValidateJob,
  load: PgLoadCommitResult,
  deps: ValidateDeps,
): Promise<ValidateResult> {
  const started = performance.now();
  const table = getTable(job.table);
  const checks = [
    ...reconcileCounts(load),
    ...(await checkPrimaryKey(deps.warehouse, table)),
    ...(await runCatalogChecks(deps.warehouse, table, job.partitionDate)),
  ];
  await recordChecks(deps.warehouse, job.runId, job.table, checks);
  const failed = checks.filter((check) => !check.passed);
  if (failed.length > 0) {
    deps.log.warn(
      { failed: failed.map((check) => check.name), checks: checks.length },
      'checks failed',
    );
    throw new CheckFailedError(
      table.name,
      failed.map((check) => check.name).join(', '),
      failed.map((check) => check.detail).join('; '),
    );
  }
  deps.log.info({ checks: checks.length }, 'all checks passed');
  return { table: job.table, checks, counts: load.counts, ms: performance.now() - started };
}
