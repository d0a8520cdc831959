// Reads the SQL models of sql/models/: a dbt-style header
// `{{ config(materialized='incremental', unique_key='k', indexes=['a', 'b, c']) }}` and the tags
// template.ts resolves. A model that does not parse fails the build with its name and the reason.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelError } from '../../shared/errors';
import { sqlDir } from '../../shared/paths';
import { IDENTIFIER, resolveTemplate } from './template';

export { MODEL_SCHEMA } from './template';

export type Materialization = 'table' | 'view' | 'incremental';

export interface Model {
  name: string;
  materialized: Materialization;
  /** incremental: rows of the target whose key the new rows carry are replaced (delete+insert). */
  uniqueKey: string | null;
  /** Column lists, one per index built on a table or incremental model. */
  indexes: string[][];
  refs: string[];
  sources: string[];
  /** The SELECT that builds the model from scratch. */
  sql: string;
  /** The SELECT of the rows to merge into an existing incremental model. */
  incrementalSql: string;
}

// Short enough that `<name>__building` and `<name>__building_ix<n>` stay within 63 bytes.
const MODEL_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const ARG = /\s*(\w+)\s*=\s*(?:'([^']*)'|\[([^\]]*)\])\s*(,|$)/y;

function parseColumns(model: string, list: string): string[] {
  const columns = list.split(',').map((column) => column.trim());
  for (const column of columns) {
    if (!IDENTIFIER.test(column)) {
      throw new ModelError(model, `'${column}' is not a column name`);
    }
  }
  return columns;
}

function applyConfig(model: Model, args: string): void {
  ARG.lastIndex = 0;
  while (ARG.lastIndex < args.trim().length) {
    const start = ARG.lastIndex;
    const match = ARG.exec(args);
    if (match === null) {
      throw new ModelError(model.name, `cannot read config(${args.slice(start).trim()})`);
    }
    const [, key, text, list] = match;
    if (key === 'materialized' && (text === 'table' || text === 'view' || text === 'incremental')) {
      model.materialized = text;
    } else if (key === 'unique_key' && text !== undefined) {
      const [column, ...more] = parseColumns(model.name, text);
      if (column === undefined || more.length > 0) {
        throw new ModelError(model.name, 'unique_key is one column');
      }
      model.uniqueKey = column;
    } else if (key === 'indexes' && list !== undefined) {
      const items = [...list.matchAll(/'([^']*)'/g)].map((item) => item[1] ?? '');
      model.indexes = items.map((item) => parseColumns(model.name, item));
    } else {
      throw new ModelError(model.name, `unknown config ${key}=${text ?? `[${list ?? ''}]`}`);
    }
  }
}

export function parseModel(name: string, text: string): Model {
  if (!MODEL_NAME.test(name)) {
    throw new ModelError(name, 'a model name is lower snake_case, at most 40 characters');
  }
  const resolved = resolveTemplate(name, text, name);
  const model: Model = {
    name,
    materialized: 'table',
    uniqueKey: null,
    indexes: [],
    refs: resolved.refs,
    sources: resolved.sources,
    sql: resolved.full,
    incrementalSql: resolved.incremental,
  };
  if (resolved.config !== null) {
    applyConfig(model, resolved.config);
  }
  if (model.materialized === 'incremental' && model.uniqueKey === null) {
    throw new ModelError(name, "an incremental model needs unique_key='<column>'");
  }
  if (model.materialized === 'view' && model.indexes.length > 0) {
    throw new ModelError(name, 'a view cannot have indexes');
  }
  if (model.refs.includes(name)) {
    throw new ModelError(name, "refs itself; use {{ this }} for the model's own table");
  }
  return model;
}

/** Every `<name>.sql` directly in the models folder (tests/ holds the singular tests). */
export function loadModels(dir = sqlDir('models')): Model[] {
  return readdirSync(dir)
    .filter((file) => /^[^.].*\.sql$/.test(file))
    .sort()
    .map((file) => parseModel(file.slice(0, -4), readFileSync(join(dir, file), 'utf8')));
}
