// Decides how a table is split into parts for a run. Every part becomes its own chain of
// extract -> s3-load -> pg-load jobs, so parts of one table move through the stages in parallel.

import type { Part } from '../contracts';
import { WHOLE_TABLE } from '../contracts';

export type PartPlanner = (table: string) => Promise<readonly Part[]>;

/** One part per table: the plan for tables below their split threshold. */
export const wholeTablePlanner: PartPlanner = () => Promise.resolve([WHOLE_TABLE]);
