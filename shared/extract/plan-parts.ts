// Decides how a table is split into parts for a run. Every part becomes its own chain of
// extract -> s3-load -> pg-load jobs, so parts of one table move through the stages in parallel
// and several extractor processes share them. A MySQL table above its threshold is cut into
// contiguous primary-key ranges [from, to) of about `partRows` rows, computed in MySQL. A watermark
// run counts and splits only the rows it will extract: those changed since the last load.

import type { Pool } from 'mysql2';
import type { RowDataPacket } from 'mysql2/promise';
import type pg from 'pg';
import { getTable } from '../catalog';
import type { TableDef } from '../catalog';
import { createMysqlPool } from '../clients/mysql';
import type { Config } from '../config';
import type { Part } from '../contracts';
import { WHOLE_TABLE } from '../contracts';
import { buildBoundariesQuery, buildCountRowsQuery } from '../sql/mysql-extract-statements';
import type { ChangedSince } from '../sql/mysql-extract-statements';
import { chooseStrategy } from './choose-strategy';
import { readWatermark } from './read-watermark';

export interface PlanOptions {
  /** The run extracts every row whatever the table's strategy. */
  fullRefresh: boolean;
}

export type PartPlanner = (table: string, options: PlanOptions) => Promise<readonly Part[]>;

/** One part per table: the plan for tables below their split threshold. */
export const wholeTablePlanner: PartPlanner = () => Promise.resolve([WHOLE_TABLE]);

export interface PkRangePlannerDeps {
  mysql: Pool;
  /** The warehouse, where a watermark run's watermark is read. */
  warehouse: pg.Pool;
  /** Rows per part, and the split threshold of a table the catalog gives none. */
  partRows: number;
}

/** The watermark filter of the run's extract, or null when it extracts every row. */
async function readChangedSince(
  warehouse: pg.Pool,
  table: TableDef,
  options: PlanOptions,
): Promise<ChangedSince | null> {
  const strategy = chooseStrategy(table, options.fullRefresh);
  if (strategy.kind !== 'incremental_by_watermark') {
    return null;
  }
  const watermark = await readWatermark(warehouse, table, strategy.watermarkColumn);
  // No watermark yet (nothing loaded): the extract takes every row, and so does the plan.
  return watermark === null ? null : { watermarkColumn: strategy.watermarkColumn, watermark };
}

async function countRows(
  mysql: Pool,
  table: TableDef,
  changed: ChangedSince | null,
): Promise<number> {
  const { sql, values } = buildCountRowsQuery(table, changed);
  const [counted] = await mysql.promise().query<RowDataPacket[]>(sql, values);
  return Number(counted[0]?.n ?? 0);
}

/** The split points, in key order: each is the key `partRows` rows (of those planned) after the last. */
async function findBoundaries(
  mysql: Pool,
  table: TableDef,
  partRows: number,
  changed: ChangedSince | null,
): Promise<string[]> {
  const { sql, values } = buildBoundariesQuery(table, partRows, changed);
  const [rows] = await mysql.promise().query<RowDataPacket[]>(sql, values);
  return rows.map((row) => String(row.boundary));
}

export function createPkRangePlanner(deps: PkRangePlannerDeps): PartPlanner {
  return async (name, options) => {
    const table = getTable(name);
    if (table.source !== 'mysql' || table.primaryKey.length !== 1) {
      return [WHOLE_TABLE];
    }
    let boundaries: string[];
    try {
      const changed = await readChangedSince(deps.warehouse, table, options);
      const rows = await countRows(deps.mysql, table, changed);
      const partRows = table.partRows ?? deps.partRows;
      if (rows <= (table.splitAboveRows ?? partRows)) {
        return [WHOLE_TABLE];
      }
      boundaries = await findBoundaries(deps.mysql, table, partRows, changed);
    } catch {
      // A source that cannot be planned (table missing, server down) still gets its run, unsplit:
      // its extract job then fails with the real error in the ledger, and succeeds when retried.
      return [WHOLE_TABLE];
    }
    // The ranges still cover the whole key space, so a watermark that moves between this plan and
    // the extract only changes how the rows spread over the parts, never which rows are extracted.
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
export function createConfigPartPlanner(config: Config, warehouse: pg.Pool): PartPlanner {
  return async (table, options) => {
    const mysql = createMysqlPool(config, { connectionLimit: 1 });
    try {
      const plan = createPkRangePlanner({
        mysql,
        warehouse,
        partRows: config.tuning.extractPartRows,
      });
      return await plan(table, options);
    } finally {
      await mysql.promise().end();
    }
  };
}
