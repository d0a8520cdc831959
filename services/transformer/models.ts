// Reads the SQL models of sql/models/: a dbt-style header `{{ config(materialized='table') }}`,
// `{{ ref('model') }}` and `{{ source('spotify', 'table') }}`. It is a small resolver, not a template
// language: anything else between {{ }} is an error that names the model.

import { readdirSync, readFileSync } from 'node:fs';
import { isKnownTable } from '../../shared/catalog';
import { PermanentError } from '../../shared/errors';
import { sqlDir } from '../../shared/paths';
import { qualifiedPg } from '../../shared/sql/quote';

export const MODEL_SCHEMA = 'analytics';

export type Materialization = 'table' | 'view' | 'incremental';

export interface Model {
  name: string;
  materialized: Materialization;
  uniqueKey: string | null;
  refs: string[];
  sources: string[];
  /** The model's SELECT with ref/source resolved to quoted, qualified names. */
  sql: string;
}

const TAG = /\{\{\s*([\s\S]*?)\s*\}\}/g;
const CONFIG = /^config\(([\s\S]*)\)$/;
const REF = /^ref\(\s*'([a-z][a-z0-9_]*)'\s*\)$/;
const SOURCE = /^source\(\s*'([a-z][a-z0-9_]*)'\s*,\s*'([a-z][a-z0-9_]*)'\s*\)$/;
const CONFIG_ARG = /(\w+)\s*=\s*'([^']*)'/g;

export class ModelError extends PermanentError {
  constructor(model: string, detail: string) {
    super(`model ${model}: ${detail}`);
    this.name = 'ModelError';
  }
}

export function parseModel(name: string, text: string): Model {
  const model: Model = {
    name,
    materialized: 'table',
    uniqueKey: null,
    refs: [],
    sources: [],
    sql: '',
  };
  model.sql = text
    .replace(TAG, (_whole, inner: string) => resolveTag(model, inner))
    .trim()
    .replace(/;\s*$/, '');
  return model;
}

function resolveTag(model: Model, inner: string): string {
  const config = CONFIG.exec(inner);
  if (config !== null) {
    for (const [, key, value] of (config[1] ?? '').matchAll(CONFIG_ARG)) {
      if (
        key === 'materialized' &&
        (value === 'table' || value === 'view' || value === 'incremental')
      ) {
        model.materialized = value;
      } else if (key === 'unique_key' && value !== undefined) {
        model.uniqueKey = value;
      } else {
        throw new ModelError(model.name, `unknown config ${key}='${value ?? ''}'`);
      }
    }
    return '';
  }
  const ref = REF.exec(inner);
  if (ref?.[1] !== undefined) {
    model.refs.push(ref[1]);
    return qualifiedPg(MODEL_SCHEMA, ref[1]);
  }
  const source = SOURCE.exec(inner);
  if (source?.[1] !== undefined && source[2] !== undefined) {
    if (source[1] !== 'spotify' || !isKnownTable(source[2])) {
      throw new ModelError(
        model.name,
        `source('${source[1]}', '${source[2]}') is not in the catalog`,
      );
    }
    model.sources.push(source[2]);
    return qualifiedPg(source[1], source[2]);
  }
  throw new ModelError(model.name, `cannot resolve {{ ${inner} }}`);
}

export function loadModels(dir = sqlDir('models')): Model[] {
  return readdirSync(dir)
    .filter((file) => /^[a-z][a-z0-9_]*\.sql$/.test(file))
    .sort()
    .map((file) => parseModel(file.slice(0, -4), readFileSync(`${dir}/${file}`, 'utf8')));
}
