// Decides how a table is split into parts for a run. Every part becomes its own chain of
// extract -> s3-load -> pg-load jobs, so parts of one table move through the stages in parallel
// and several extractor processes share them. A MySQL table above its threshold is cut into
// contiguous primary-key ranges [from, to) of about `partRows` rows, computed in MySQL.

import type { Pool } from 'mysql2';
import type { RowDataPacket } from 'mysql2/promise';
import { getTable } from '../catalog';
import type { TableDef } from '../catalog';
import { createMysqlPool } from '../clients/mysql';
import type { Config } from '../config';
import type { Part } from '../contracts';
import { WHOLE_TABLE } from '../contracts';
import { buildCountRowsSql, buildNextBoundarySql } from '../sql/mysql-extract-statements';

export type PartPlanner = (table: string) => Promise<readonly Part[]>;

/** One part per table: the plan for tables below their split threshold. */
export const wholeTablePlanner: PartPlanner = () => Promise.resolve([WHOLE_TABLE]);

export interface PkRangePlannerDeps {
  mysql: Pool;
  /** Rows per part, and the split threshold of a table the catalog gives none. */
  partRows: number;
}

/** The split points: each is the key `partRows` rows after the previous one. */
async function findBoundaries(mysql: Pool, table: TableDef, partRows: number): Promise<string[]> {
  const boundaries: string[] = [];
  for (;;) {
    const from = boundaries.at(-1);
    const sql = buildNextBoundarySql(table, from !== undefined);
    const values = from === undefined ? [partRows] : [from, partRows];
    const [rows] = await mysql.promise().query<RowDataPacket[]>(sql, values);
    const boundary: unknown = rows[0]?.boundary;
    if (typeof boundary !== 'string') {
      return boundaries;
    }
    boundaries.push(boundary);
  }
}

export function createPkRangePlanner(deps: PkRangePlannerDeps): PartPlanner {
  return async (name) => {
    const table = getTable(name);
    if (table.source !== 'mysql' || table.primaryKey.length !== 1) {
      return [WHOLE_TABLE];
    }
    let boundaries: string[];
    try {
      const [counted] = await deps.mysql.promise().query<RowDataPacket[]>(buildCountRowsSql(table));
      const rows = Number(counted[0]?.n ?? 0);
      const partRows = table.partRows ?? deps.partRows;
      if (rows <= (table.splitAboveRows ?? partRows)) {
        return [WHOLE_TABLE];
      }
      boundaries = await findBoundaries(deps.mysql, table, partRows);
    } catch {
      // A source that cannot be planned (table missing, server down) still gets its run, unsplit:
      // its extract job then fails with the real error in the ledger, and succeeds when retried.
      return [WHOLE_TABLE];
    }
    const edges = [null, ...boundaries, null];
    return Array.from({ length: boundaries.length + 1 }, (_, index) => ({
      index,
      count: boundaries.length + 1,
      from: edges[index] ?? null,
      to: edges[index + 1] ?? null,
    }));
  };
}

/** For a process with no MySQL pool of its own (the CLI): one short-lived pool per plan. */
export function createConfigPartPlanner(config: Config): PartPlanner {
  return async (table) => {
    const mysql = createMysqlPool(config, { connectionLimit: 1 });
    try {
      return await createPkRangePlanner({ mysql, partRows: config.tuning.extractPartRows })(table);
    } finally {
      await mysql.promise().end();
    }
  };
}
