// Which rows of a table a run extracts: the part planner and the extractor must agree on it.

import type { ExtractStrategy, TableDef } from '../catalog';

export function chooseStrategy(table: TableDef, fullRefresh: boolean): ExtractStrategy {
  return fullRefresh ? { kind: 'full_load' } : table.extract;
}
