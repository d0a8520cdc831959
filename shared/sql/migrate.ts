// Applies the numbered, append-only migrations of sql/<set>/ in order, each in one transaction
// (PostgreSQL) and records them, so running it again applies only what is new.

import { readdirSync, readFileSync } from 'node:fs';
import type { Pool as MysqlPool } from 'mysql2/promise';
import type pg from 'pg';
import { sqlDir } from '../paths';

export type PgMigrationSet = 'warehouse' | 'pipeline';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Any constant will do; it only has to be the same for every migrator of this project.
const PG_MIGRATION_LOCK = 7_420_115;

export function readMigrations(set: string): Migration[] {
  return readdirSync(sqlDir(set))
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(sqlDir(set, file), 'utf8'),
    }));
}

export async function migratePg(pool: pg.Pool, sets: readonly PgMigrationSet[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS public.spotlake_migrations (
      migration_set text NOT NULL, version integer NOT NULL, name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (migration_set, version))`);
    for (const set of sets) {
      const done = await client.query<{ version: number }>(
        'SELECT version FROM public.spotlake_migrations WHERE migration_set = $1',
        [set],
      );
      const versions = new Set(done.rows.map((row) => row.version));
      for (const migration of readMigrations(set)) {
        if (versions.has(migration.version)) {
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query(
            'INSERT INTO public.spotlake_migrations (migration_set, version, name) VALUES ($1, $2, $3)',
            [set, migration.version, migration.name],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${set}/${migration.name} failed`, { cause: err });
        }
        applied.push(`${set}/${migration.name}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}

/** MySQL DDL commits implicitly, so each statement of a file is applied and the file recorded last. */
export async function migrateMysql(pool: MysqlPool): Promise<string[]> {
  await pool.query(`CREATE TABLE IF NOT EXISTS _spotlake_migrations (
    version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
  const [rows] = await pool.query('SELECT version FROM _spotlake_migrations');
  const versions = new Set((rows as { version: number }[]).map((row) => row.version));
  const applied: string[] = [];
  for (const migration of readMigrations('mysql')) {
    if (versions.has(migration.version)) {
      continue;
    }
    for (const statement of splitStatements(migration.sql)) {
      await pool.query(statement);
    }
    await pool.query('INSERT INTO _spotlake_migrations (version, name) VALUES (?, ?)', [
      migration.version,
      migration.name,
    ]);
    applied.push(`mysql/${migration.name}`);
  }
  return applied;
}

/** Splits a DDL file on semicolons that end a line; our migration files keep to that form. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement.length > 0);
}
