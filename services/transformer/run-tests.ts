// Runs data tests and counts their failing rows. A generic test runs against the relation it is
// given (the model's `__building` table before a swap, or the model inside its merge transaction,
// scoped to the merged rows), so a model that fails a test is never swapped in. Column names come from schema.yml and are
// quoted; accepted values are bound parameters.

import type pg from 'pg';
import { quotePg } from '../../shared/sql/quote';
import type { GenericTest, SingularTest } from './model-tests';

export interface TestOutcome {
  model: string;
  test: string;
  failing: number;
  ms: number;
}

/**
 * `scope`, when given, is a condition on the relation's rows naming the rows to check: an
 * incremental merge checks only the rows it wrote (older rows passed when they were written), and
 * for `unique` the rows sharing a value with them.
 */
export function genericTestSql(
  test: GenericTest,
  relation: string,
  scope?: string,
): { text: string; values: unknown[] } {
  const column = quotePg(test.column);
  const within = scope === undefined ? '' : ` AND (${scope})`;
  switch (test.kind) {
    case 'not_null':
      return {
        text: `SELECT count(*) AS failing FROM ${relation} WHERE ${column} IS NULL${within}`,
        values: [],
      };
    case 'unique': {
      const values =
        scope === undefined
          ? ''
          : ` AND ${column} IN (SELECT ${column} FROM ${relation} WHERE ${scope})`;
      return {
        text:
          `SELECT coalesce(sum(n), 0) AS failing FROM (SELECT count(*) AS n FROM ${relation} ` +
          `WHERE ${column} IS NOT NULL${values} GROUP BY ${column} HAVING count(*) > 1) AS repeated`,
        values: [],
      };
    }
    case 'accepted_values':
      return {
        text:
          `SELECT count(*) AS failing FROM ${relation} ` +
          `WHERE ${column} IS NOT NULL AND ${column}::text <> ALL($1::text[])${within}`,
        values: [test.values],
      };
    case 'relationships':
      return {
        text:
          `SELECT count(*) AS failing FROM ${relation} AS child WHERE child.${column} IS NOT NULL ` +
          `AND NOT EXISTS (SELECT 1 FROM ${test.to} AS parent WHERE parent.${quotePg(test.field)} = child.${column})${within}`,
        values: [],
      };
  }
}

async function countFailing(
  client: pg.ClientBase,
  text: string,
  values: unknown[],
): Promise<{ failing: number; ms: number }> {
  const started = performance.now();
  const result = await client.query<{ failing: string | number }>(text, values);
  return { failing: Number(result.rows[0]?.failing ?? 0), ms: performance.now() - started };
}

export async function runGenericTests(
  client: pg.ClientBase,
  tests: readonly GenericTest[],
  relation: string,
  scope?: string,
): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = [];
  for (const test of tests) {
    const { text, values } = genericTestSql(test, relation, scope);
    outcomes.push({
      model: test.model,
      test: test.name,
      ...(await countFailing(client, text, values)),
    });
  }
  return outcomes;
}

export async function runSingularTest(
  client: pg.ClientBase,
  test: SingularTest,
): Promise<TestOutcome> {
  const counted = await countFailing(
    client,
    `SELECT count(*) AS failing FROM (${test.sql}) AS singular_test`,
    [],
  );
  return { model: test.refs.join(', ') || 'analytics', test: `tests/${test.name}`, ...counted };
}
