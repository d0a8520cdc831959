// Views that read a model (model views, or a user's own views in any schema) must survive the
// model's rebuild. Inside the swap transaction their definitions are captured, the old relation is
// dropped with CASCADE, and the views are created again over the new one before COMMIT: a reader
// never finds them missing, and a view the new columns cannot satisfy rolls the whole swap back.
// Grants and comments on such views are not carried over (README, "Validation and models").

import type pg from 'pg';
import { ModelError } from '../../shared/errors';
import { loadQuery } from '../../shared/sql/load-sql';
import { qualifiedPg } from '../../shared/sql/quote';

export interface DependentView {
  schema: string;
  name: string;
  kind: string;
  options: string[] | null;
  definition: string;
}

export async function captureDependentViews(
  client: pg.ClientBase,
  owner: string,
  relation: string,
): Promise<DependentView[]> {
  const { rows } = await client.query<DependentView>(loadQuery('select_dependent_views'), [
    relation,
  ]);
  for (const view of rows) {
    if (view.kind !== 'v') {
      throw new ModelError(
        owner,
        `${view.schema}.${view.name} (relkind ${view.kind}) depends on it and cannot be kept across a rebuild; drop it or make it a view model`,
      );
    }
  }
  return rows;
}

/** Options are PostgreSQL's own `name=value` strings (security_barrier, check_option). */
function withOptions(options: string[] | null): string {
  if (options === null || options.length === 0) {
    return '';
  }
  const safe = options.filter((option) => /^[a-z_]+=[a-z_]+$/.test(option));
  return safe.length === 0 ? '' : ` WITH (${safe.join(', ')})`;
}

export async function recreateViews(
  client: pg.ClientBase,
  owner: string,
  views: readonly DependentView[],
): Promise<void> {
  for (const view of views) {
    const definition = view.definition.trim().replace(/;\s*$/, '');
    try {
      await client.query(
        `CREATE VIEW ${qualifiedPg(view.schema, view.name)}${withOptions(view.options)} AS ${definition}`,
      );
    } catch (err) {
      throw new ModelError(
        owner,
        `view ${view.schema}.${view.name} depends on it and no longer fits the rebuilt model: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  }
}
