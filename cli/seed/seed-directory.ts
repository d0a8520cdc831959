// Seeds the MySQL source from a directory of Kaggle CSVs: parents before children, then the
// catalog's foreign keys. Orphans (a child whose parent is missing, usually because the parent row
// was rejected) are kept and listed: the source keeps what the files say, and the warehouse joins
// decide. The constraint is then added without re-checking old rows (as PostgreSQL's NOT VALID),
// so every later write is checked.

import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'mysql2/promise';
import { listTables } from '../../shared/catalog';
import type { ForeignKeyDef, TableDef } from '../../shared/catalog';
import {
  buildAddForeignKeySql,
  buildCountOrphansSql,
  buildListOrphansSql,
  foreignKeyName,
} from '../../shared/sql/mysql-seed-statements';
import { loadQuery } from '../../shared/sql/load-sql';
import { seedCsv } from './seed-csv';
import { withoutKeyChecks } from './without-key-checks';
import type { SeedMethod, SeedResult } from './seed-csv';

const ORPHANS_LISTED = 10_000;

export interface OrphanReport {
  table: string;
  column: string;
  references: string;
  orphans: number;
  /** NDJSON of the orphans' keys and references (the first 10,000), or null when there are none. */
  file: string | null;
}

export interface SeedDirectoryResult {
  tables: SeedResult[];
  /** Catalog tables with no CSV in the directory. */
  missing: string[];
  orphans: OrphanReport[];
}

export interface SeedDirectoryDeps {
  mysql: Pool;
  rejectDir: string;
  method?: SeedMethod;
  onTableStart?(table: string, file: string): void;
  onProgress?(table: string, bytesRead: number, rows: number): void;
}

/** Tables in an order where every table comes after the tables it references. */
export function inLoadOrder(tables: readonly TableDef[]): TableDef[] {
  const ordered: TableDef[] = [];
  const visit = (table: TableDef, path: readonly string[]): void => {
    if (ordered.includes(table)) {
      return;
    }
    if (path.includes(table.name)) {
      throw new Error(`foreign keys form a cycle: ${[...path, table.name].join(' -> ')}`);
    }
    for (const key of table.foreignKeys ?? []) {
      const parent = tables.find((candidate) => candidate.name === key.references.table);
      if (parent !== undefined) {
        visit(parent, [...path, table.name]);
      }
    }
    ordered.push(table);
  };
  tables.forEach((table) => visit(table, []));
  return ordered;
}

export async function seedDirectory(
  dir: string,
  deps: SeedDirectoryDeps,
): Promise<SeedDirectoryResult> {
  await mkdir(deps.rejectDir, { recursive: true });
  const tables: SeedResult[] = [];
  const missing: string[] = [];
  for (const table of inLoadOrder(listTables('mysql'))) {
    const file = join(dir, `${table.name}.csv`);
    if (!existsSync(file)) {
      missing.push(table.name);
      continue;
    }
    deps.onTableStart?.(table.name, file);
    tables.push(
      await seedCsv(file, table.name, {
        mysql: deps.mysql,
        method: deps.method,
        rejectFile: join(deps.rejectDir, `${table.name}.rejects.ndjson`),
        onProgress: (bytes, rows) => deps.onProgress?.(table.name, bytes, rows),
      }),
    );
  }
  const orphans: OrphanReport[] = [];
  for (const table of inLoadOrder(listTables('mysql'))) {
    for (const key of table.foreignKeys ?? []) {
      orphans.push(await applyForeignKey(deps.mysql, table, key, deps.rejectDir));
    }
  }
  return { tables, missing, orphans };
}

async function applyForeignKey(
  mysql: Pool,
  table: TableDef,
  key: ForeignKeyDef,
  rejectDir: string,
): Promise<OrphanReport> {
  const [counted] = await mysql.query(buildCountOrphansSql(table, key));
  const orphans = Number((counted as { orphans: number }[])[0]?.orphans ?? 0);
  const file = join(rejectDir, `${table.name}.${key.column}.orphans.ndjson`);
  await rm(file, { force: true });
  if (orphans > 0) {
    const [rows] = await mysql.query(buildListOrphansSql(table, key), [ORPHANS_LISTED]);
    const lines = (rows as Record<string, unknown>[]).map((row) => `${JSON.stringify(row)}\n`);
    await writeFile(file, lines.join(''));
  }
  const [existing] = await mysql.query(loadQuery('select_mysql_foreign_key'), [
    table.name,
    foreignKeyName(table, key),
  ]);
  if ((existing as unknown[]).length === 0) {
    // Without checks the server adds the key in place, without copying the table or refusing
    // it over the orphans listed above.
    await withoutKeyChecks(mysql, (connection) =>
      connection.query(buildAddForeignKeySql(table, key)),
    );
  }
  return {
    table: table.name,
    column: key.column,
    references: `${key.references.table}.${key.references.column}`,
    orphans,
    file: orphans > 0 ? file : null,
  };
}
