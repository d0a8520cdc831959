// Builds one model in the analytics schema and runs its generic tests before readers can see it.
// - table: built as `<name>__building` with its indexes, analyzed and tested, then swapped in by
//   ONE transaction (drop old, rename, recreate dependent views): readers see the old table or the
//   new one, never a half-built one, and a model that fails a test is never swapped in.
// - view: dropped and created again, dependents recreated and tests run, in one transaction.
// - incremental: the model's rows for `is_incremental()` go to a temporary table; one transaction
//   deletes the target rows whose unique_key they carry, inserts them and runs the tests.

import type pg from 'pg';
import { ModelError } from '../../shared/errors';
import { loadQuery } from '../../shared/sql/load-sql';
import { qualifiedPg, quotePg } from '../../shared/sql/quote';
import { captureDependentViews, recreateViews } from './dependent-views';
import type { DependentView } from './dependent-views';
import type { GenericTest } from './model-tests';
import { MODEL_SCHEMA } from './models';
import type { Model } from './models';
import { runGenericTests } from './run-tests';
import type { TestOutcome } from './run-tests';

export interface BuiltModel {
  /** Rows written: the whole table, the rows merged into an incremental model; null for a view. */
  rows: number | null;
  strategy: 'table' | 'view' | 'merge';
  tests: TestOutcome[];
  /** False when a test failed: the model was left exactly as it was before this build. */
  isApplied: boolean;
}

const hasPassed = (outcomes: readonly TestOutcome[]): boolean =>
  outcomes.every((outcome) => outcome.failing === 0);

async function transaction<T>(
  client: pg.ClientBase,
  work: () => Promise<{ commit: boolean; value: T }>,
): Promise<T> {
  await client.query('BEGIN');
  try {
    const { commit, value } = await work();
    await client.query(commit ? 'COMMIT' : 'ROLLBACK');
    return value;
  } catch (err) {
    // The transaction is already failed; rolling it back can only fail if the connection is gone,
    // and then the original error is the one worth reporting.
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function relationKind(client: pg.ClientBase, relation: string): Promise<string | null> {
  const { rows } = await client.query<{ kind: string }>(loadQuery('select_relation_kind'), [
    relation,
  ]);
  return rows[0]?.kind ?? null;
}

/** Inside a transaction: locks and drops the model's current relation, keeping its dependents. */
async function dropForReplace(client: pg.ClientBase, model: Model): Promise<DependentView[]> {
  const target = qualifiedPg(MODEL_SCHEMA, model.name);
  const kind = await relationKind(client, target);
  if (kind === null) {
    return [];
  }
  if (kind !== 'r' && kind !== 'v') {
    throw new ModelError(model.name, `${target} exists as relkind ${kind}, not a table or view`);
  }
  await client.query(`LOCK TABLE ${target} IN ACCESS EXCLUSIVE MODE`);
  const views = await captureDependentViews(client, model.name, target);
  await client.query(`DROP ${kind === 'r' ? 'TABLE' : 'VIEW'} ${target} CASCADE`);
  return views;
}

/** The model's indexes, plus one on the unique key of an incremental model for its merges. */
function indexesOf(model: Model): string[][] {
  const indexes = [...model.indexes];
  if (model.uniqueKey !== null && !indexes.some((columns) => columns[0] === model.uniqueKey)) {
    indexes.unshift([model.uniqueKey]);
  }
  return indexes;
}

async function buildTable(
  model: Model,
  tests: readonly GenericTest[],
  client: pg.ClientBase,
): Promise<BuiltModel> {
  const building = `${model.name}__building`;
  const buildingTable = qualifiedPg(MODEL_SCHEMA, building);
  const indexes = indexesOf(model);
  await client.query(`DROP TABLE IF EXISTS ${buildingTable}`);
  try {
    const created = await client.query(`CREATE TABLE ${buildingTable} AS ${model.sql}`);
    for (const [i, columns] of indexes.entries()) {
      await client.query(
        `CREATE INDEX ${quotePg(`${building}_ix${i}`)} ON ${buildingTable} (${columns.map(quotePg).join(', ')})`,
      );
    }
    await client.query(`ANALYZE ${buildingTable}`);
    const outcomes = await runGenericTests(client, tests, buildingTable);
    const rows = created.rowCount ?? 0;
    if (!hasPassed(outcomes)) {
      await client.query(`DROP TABLE ${buildingTable}`);
      return { rows, strategy: 'table', tests: outcomes, isApplied: false };
    }
    await transaction(client, async () => {
      const views = await dropForReplace(client, model);
      await client.query(`ALTER TABLE ${buildingTable} RENAME TO ${quotePg(model.name)}`);
      for (const i of indexes.keys()) {
        await client.query(
          `ALTER INDEX ${qualifiedPg(MODEL_SCHEMA, `${building}_ix${i}`)} RENAME TO ${quotePg(`${model.name}_ix${i}`)}`,
        );
      }
      await recreateViews(client, model.name, views);
      return { commit: true, value: undefined };
    });
    return { rows, strategy: 'table', tests: outcomes, isApplied: true };
  } catch (err) {
    // Best effort, so the build's own error is the one reported: the next build drops a leftover.
    await client.query(`DROP TABLE IF EXISTS ${buildingTable}`).catch(() => undefined);
    throw err;
  }
}

async function buildView(
  model: Model,
  tests: readonly GenericTest[],
  client: pg.ClientBase,
): Promise<BuiltModel> {
  const target = qualifiedPg(MODEL_SCHEMA, model.name);
  return transaction(client, async () => {
    const views = await dropForReplace(client, model);
    await client.query(`CREATE VIEW ${target} AS ${model.sql}`);
    await recreateViews(client, model.name, views);
    const outcomes = await runGenericTests(client, tests, target);
    const isApplied = hasPassed(outcomes);
    return {
      commit: isApplied,
      value: { rows: null, strategy: 'view', tests: outcomes, isApplied },
    };
  });
}

async function columnsOf(client: pg.ClientBase, relation: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; type: string }>(
    loadQuery('select_table_columns'),
    [relation],
  );
  return rows.map((row) => `${row.name} ${row.type}`);
}

async function mergeIncremental(
  model: Model,
  tests: readonly GenericTest[],
  client: pg.ClientBase,
): Promise<BuiltModel> {
  const target = qualifiedPg(MODEL_SCHEMA, model.name);
  const incoming = `pg_temp.${quotePg(`${model.name}__incoming`)}`;
  const key = quotePg(model.uniqueKey ?? '');
  await client.query(`DROP TABLE IF EXISTS ${incoming}`);
  await client.query(
    `CREATE TEMP TABLE ${quotePg(`${model.name}__incoming`)} AS ${model.incrementalSql}`,
  );
  try {
    const [mine, theirs] = [await columnsOf(client, incoming), await columnsOf(client, target)];
    if (mine.join() !== theirs.join()) {
      throw new ModelError(
        model.name,
        `its columns (${mine.join(', ')}) differ from ${target} (${theirs.join(', ')}); rebuild it with a full refresh`,
      );
    }
    const columns = mine.map((column) => quotePg(column.slice(0, column.indexOf(' ')))).join(', ');
    const built = await transaction(client, async () => {
      await client.query(
        `DELETE FROM ${target} AS t USING (SELECT DISTINCT ${key} FROM ${incoming}) AS i WHERE t.${key} = i.${key}`,
      );
      const inserted = await client.query(
        `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${incoming}`,
      );
      const merged = `${key} IN (SELECT ${key} FROM ${incoming})`;
      const outcomes =
        inserted.rowCount === 0 ? [] : await runGenericTests(client, tests, target, merged);
      const isApplied = hasPassed(outcomes);
      const rows = inserted.rowCount ?? 0;
      return {
        commit: isApplied,
        value: { rows, strategy: 'merge' as const, tests: outcomes, isApplied },
      };
    });
    if (built.isApplied && built.rows > 0) {
      await client.query(`ANALYZE ${target}`);
    }
    return built;
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${incoming}`);
  }
}

/** Builds a model on the transform session's client; `fullRefresh` rebuilds incremental ones. */
export async function buildModel(
  model: Model,
  tests: readonly GenericTest[],
  session: { client: pg.ClientBase; fullRefresh: boolean },
): Promise<BuiltModel> {
  const { client } = session;
  if (model.materialized === 'view') {
    return buildView(model, tests, client);
  }
  if (model.materialized === 'incremental' && !session.fullRefresh) {
    const kind = await relationKind(client, qualifiedPg(MODEL_SCHEMA, model.name));
    if (kind === 'r') {
      return mergeIncremental(model, tests, client);
    }
  }
  return buildTable(model, tests, client);
}
