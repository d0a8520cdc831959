// A full load can put its staging table in the target's place instead of copying the rows into the
// target: inside the commit's transaction the target is dropped, the staging table is renamed into
// its place, and what the target had attached is rebuilt on it (its indexes and key constraints
// from PostgreSQL's own definitions, its NOT NULL columns, comments and grants); then it is
// analyzed. At 1,000,000 tracks this replaces a 2 GB `INSERT ... SELECT` (~24 s) with index builds.
// A target with anything else attached (triggers, views over it, foreign keys, defaults,
// policies…; select_swap_blockers.sql) is loaded by INSERT as before, which keeps all of it.
// Readers wait on the lock and then read the new table, as with the TRUNCATE of the INSERT path; a
// rollback leaves both tables as they were.

import type pg from 'pg';
import type { TableDef } from '../../shared/catalog';
import { loadQuery } from '../../shared/sql/load-sql';
import {
  createIndexSql,
  pgTypeOf,
  stagingName,
  stagingTableName,
  targetName,
} from '../../shared/sql/pg-load-statements';
import type { TargetIndex } from '../../shared/sql/pg-load-statements';
import { qualifiedPg, quotePg } from '../../shared/sql/quote';

/** Why the staging table cannot take the target's place; empty when it can. */
export async function swapBlockers(client: pg.ClientBase, table: TableDef): Promise<string[]> {
  const { rows } = await client.query<{ reason: string }>(loadQuery('select_swap_blockers'), [
    targetName(table),
    table.columns.map((column) => column.name),
    table.columns.map(pgTypeOf),
  ]);
  return rows.map((row) => row.reason);
}

/**
 * Whether the run's staging table exists and is logged (an unlogged one would lose the table in a
 * crash); null when it does not exist yet.
 */
export async function isStagingLogged(
  client: pg.ClientBase,
  table: TableDef,
  runId: string,
): Promise<boolean | null> {
  const { rows } = await client.query<{ persistence: string }>(loadQuery('select_relation_kind'), [
    stagingName(table, runId),
  ]);
  const found = rows[0];
  return found === undefined ? null : found.persistence === 'p';
}

interface Grant {
  grantee: string | null;
  privilege_type: string;
  is_grantable: boolean;
}

interface Comment {
  column_name: string | null;
  description: string;
}

async function grantsOf(client: pg.ClientBase, relation: string): Promise<Grant[]> {
  return (await client.query<Grant>(loadQuery('select_table_grants'), [relation])).rows;
}

function granteeSql(grantee: string | null): string {
  return grantee === null ? 'PUBLIC' : quotePg(grantee);
}

/**
 * Replaces the target by the run's staging table, which then holds the target's rows; the caller
 * has locked the target and found no swap blockers in this transaction.
 */
export async function swapInStaging(
  client: pg.ClientBase,
  table: TableDef,
  runId: string,
): Promise<void> {
  const target = targetName(table);
  const indexes = (await client.query<TargetIndex>(loadQuery('select_target_indexes'), [target]))
    .rows;
  const notNull = (
    await client.query<{ name: string }>(loadQuery('select_not_null_columns'), [target])
  ).rows.map((row) => row.name);
  const comments = (await client.query<Comment>(loadQuery('select_table_comments'), [target])).rows;
  const grants = await grantsOf(client, target);

  const staged = stagingTableName(table, runId);
  await client.query(`DROP TABLE ${target}`);
  await client.query(
    `ALTER TABLE ${stagingName(table, runId)} SET SCHEMA ${quotePg(table.schema)}`,
  );
  await client.query(
    `ALTER TABLE ${qualifiedPg(table.schema, staged)} RENAME TO ${quotePg(table.name)}`,
  );
  if (notNull.length > 0) {
    // One scan checks every column; a key column is NOT NULL again by its constraint anyway.
    const alterations = notNull.map((name) => `ALTER COLUMN ${quotePg(name)} SET NOT NULL`);
    await client.query(`ALTER TABLE ${target} ${alterations.join(', ')}`);
  }
  for (const index of indexes) {
    await client.query(createIndexSql(table, index));
  }
  // The new table has no planner statistics, where the emptied target of an INSERT kept its old
  // ones; readers right after the load (the validator, the models) plan with these (1.3 s at 1M).
  await client.query(`ANALYZE ${target}`);
  for (const comment of comments) {
    const on =
      comment.column_name === null
        ? `TABLE ${target}`
        : `COLUMN ${target}.${quotePg(comment.column_name)}`;
    await client.query(`COMMENT ON ${on} IS ${client.escapeLiteral(comment.description)}`);
  }
  await restoreGrants(client, target, grants);
}

/** Gives the new table exactly the old one's privileges, whatever it was created with. */
async function restoreGrants(
  client: pg.ClientBase,
  target: string,
  grants: readonly Grant[],
): Promise<void> {
  const current = await grantsOf(client, target);
  if (current.length === 0 && grants.length === 0) {
    return;
  }
  for (const grantee of new Set(current.map((grant) => grant.grantee))) {
    await client.query(`REVOKE ALL ON ${target} FROM ${granteeSql(grantee)}`);
  }
  if (grants.length === 0) {
    // The old table had the default privileges: its owner's, who is this role (a blocker otherwise).
    await client.query(`GRANT ALL ON ${target} TO CURRENT_USER`);
  }
  for (const grant of grants) {
    if (!/^[A-Z]+$/.test(grant.privilege_type)) {
      throw new Error(`unexpected privilege ${grant.privilege_type} on ${target}`);
    }
    await client.query(
      `GRANT ${grant.privilege_type} ON ${target} TO ${granteeSql(grant.grantee)}${grant.is_grantable ? ' WITH GRANT OPTION' : ''}`,
    );
  }
}
