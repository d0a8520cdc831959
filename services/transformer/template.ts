// Resolves the few dbt-style tags a model or a singular test may use: {{ ref('m') }},
// {{ source('spotify', 't') }}, {{ this }}, {{ is_incremental() }}, and the block
// {% if is_incremental() %} ... [{% else %} ...] {% endif %}. It is a resolver, not a template
// language: anything else between {{ }} or {% %} is an error that names the file.

import { isKnownTable } from '../../shared/catalog';
import { ModelError } from '../../shared/errors';
import { qualifiedPg } from '../../shared/sql/quote';

export const MODEL_SCHEMA = 'analytics';

export const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

const BLOCK =
  /\{%-?\s*if\s+is_incremental\(\)\s*-?%\}([\s\S]*?)(?:\{%-?\s*else\s*-?%\}([\s\S]*?))?\{%-?\s*endif\s*-?%\}/g;
const TAG = /\{\{\s*([\s\S]*?)\s*\}\}/g;
const CONFIG = /^config\(([\s\S]*)\)$/;
const REF = /^ref\(\s*'([a-z][a-z0-9_]*)'\s*\)$/;
const SOURCE = /^source\(\s*'([a-z][a-z0-9_]*)'\s*,\s*'([a-z][a-z0-9_]*)'\s*\)$/;

export interface Resolved {
  /** The SQL as run when the target is built from scratch: is_incremental() is false. */
  full: string;
  /** The SQL as run onto an existing incremental target: is_incremental() is true. */
  incremental: string;
  refs: string[];
  sources: string[];
  /** The inside of config( ... ), when the text has one. */
  config: string | null;
}

/** A relation a test or a relationship points at: a model (`ref`) or a loaded table (`source`). */
export function resolveRelation(
  owner: string,
  expression: string,
): { sql: string; ref: string | null } {
  const ref = REF.exec(expression.trim());
  if (ref?.[1] !== undefined) {
    return { sql: qualifiedPg(MODEL_SCHEMA, ref[1]), ref: ref[1] };
  }
  const source = SOURCE.exec(expression.trim());
  if (source?.[1] !== undefined && source[2] !== undefined) {
    if (source[1] !== 'spotify' || !isKnownTable(source[2])) {
      throw new ModelError(owner, `source('${source[1]}', '${source[2]}') is not in the catalog`);
    }
    return { sql: qualifiedPg(source[1], source[2]), ref: null };
  }
  throw new ModelError(
    owner,
    `cannot resolve ${expression}: use ref('model') or source('spotify', 'table')`,
  );
}

/** `thisName` is the model's own name; null for a singular test, which has no {{ this }}. */
export function resolveTemplate(owner: string, text: string, thisName: string | null): Resolved {
  const resolved: Resolved = { full: '', incremental: '', refs: [], sources: [], config: null };
  const variant = (isIncremental: boolean): string =>
    text.replace(BLOCK, (_whole, ifPart: string, elsePart: string | undefined) =>
      isIncremental ? ifPart : (elsePart ?? ''),
    );
  const render = (body: string, isIncremental: boolean): string => {
    if (/\{%/.test(body)) {
      throw new ModelError(
        owner,
        'the only block is {% if is_incremental() %} … {% else %} … {% endif %}, not nested',
      );
    }
    return body
      .replace(TAG, (_whole, inner: string) =>
        resolveTag(owner, inner, isIncremental, resolved, thisName),
      )
      .trim()
      .replace(/;\s*$/, '');
  };
  resolved.full = render(variant(false), false);
  resolved.incremental = render(variant(true), true);
  return resolved;
}

function resolveTag(
  owner: string,
  inner: string,
  isIncremental: boolean,
  resolved: Resolved,
  thisName: string | null,
): string {
  const config = CONFIG.exec(inner);
  if (config !== null) {
    if (resolved.config !== null && resolved.config !== config[1]) {
      throw new ModelError(owner, 'has more than one config()');
    }
    resolved.config = config[1] ?? '';
    return '';
  }
  if (inner === 'this' && thisName !== null) {
    return qualifiedPg(MODEL_SCHEMA, thisName);
  }
  if (inner === 'is_incremental()') {
    return isIncremental ? 'true' : 'false';
  }
  if (REF.test(inner) || SOURCE.test(inner)) {
    const relation = resolveRelation(owner, inner);
    if (relation.ref !== null) {
      addOnce(resolved.refs, relation.ref);
    } else {
      addOnce(resolved.sources, SOURCE.exec(inner)?.[2] ?? '');
    }
    return relation.sql;
  }
  throw new ModelError(owner, `cannot resolve {{ ${inner} }}`);
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) {
    list.push(value);
  }
}
