// The models' data tests: generic tests declared beside the models in sql/models/schema.yml
// (unique, not_null, accepted_values, relationships, dbt style), and singular tests, one SELECT per
// file in sql/models/tests/ that must return no rows. The file is validated; a mistake names it.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ModelError } from '../../shared/errors';
import { sqlDir } from '../../shared/paths';
import type { Model } from './models';
import { IDENTIFIER, resolveRelation, resolveTemplate } from './template';

const identifier = z.string().regex(IDENTIFIER, 'a lower snake_case column name');

const testSchema = z.union([
  z.enum(['unique', 'not_null']),
  z.strictObject({
    accepted_values: z.strictObject({
      values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
    }),
  }),
  z.strictObject({
    relationships: z.strictObject({ to: z.string(), field: identifier }),
  }),
]);

const schemaFileSchema = z.strictObject({
  version: z.literal(1),
  models: z.array(
    z.strictObject({
      name: z.string(),
      description: z.string().optional(),
      columns: z.array(
        z.strictObject({
          name: identifier,
          description: z.string().optional(),
          tests: z.array(testSchema).default([]),
        }),
      ),
    }),
  ),
});

interface TestBase {
  model: string;
  column: string;
  /** How the ledger and error messages name it: `unique(play_id)`. */
  name: string;
}

export type GenericTest =
  | (TestBase & { kind: 'unique' | 'not_null' })
  | (TestBase & { kind: 'accepted_values'; values: string[] })
  | (TestBase & { kind: 'relationships'; to: string; toRef: string | null; field: string });

export interface SingularTest {
  name: string;
  refs: string[];
  sql: string;
}

function toGenericTest(
  model: string,
  column: string,
  test: z.infer<typeof testSchema>,
  file: string,
): GenericTest {
  if (test === 'unique' || test === 'not_null') {
    return { kind: test, model, column, name: `${test}(${column})` };
  }
  if ('accepted_values' in test) {
    const values = test.accepted_values.values.map(String);
    return { kind: 'accepted_values', model, column, values, name: `accepted_values(${column})` };
  }
  const { to, field } = test.relationships;
  const target = resolveRelation(file, to);
  const shown = `${target.ref ?? to}.${field}`;
  return {
    kind: 'relationships',
    model,
    column,
    to: target.sql,
    toRef: target.ref,
    field,
    name: `relationships(${column} -> ${shown})`,
  };
}

/** The generic tests of every model, by model name. */
export function loadGenericTests(
  models: readonly Model[],
  file = sqlDir('models', 'schema.yml'),
): Map<string, GenericTest[]> {
  const tests = new Map<string, GenericTest[]>(models.map((model) => [model.name, []]));
  if (!existsSync(file)) {
    return tests;
  }
  const parsed = schemaFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new ModelError('schema.yml', z.prettifyError(parsed.error));
  }
  for (const declared of parsed.data.models) {
    const list = tests.get(declared.name);
    if (list === undefined) {
      throw new ModelError('schema.yml', `declares tests for ${declared.name}, which is no model`);
    }
    for (const column of declared.columns) {
      for (const test of column.tests) {
        list.push(toGenericTest(declared.name, column.name, test, 'schema.yml'));
      }
    }
  }
  return tests;
}

export function loadSingularTests(dir = sqlDir('models', 'tests')): SingularTest[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .filter((file) => /^[a-z][a-z0-9_]*\.sql$/.test(file))
    .sort()
    .map((file) => {
      const name = file.slice(0, -4);
      const resolved = resolveTemplate(
        `tests/${name}`,
        readFileSync(join(dir, file), 'utf8'),
        null,
      );
      if (resolved.config !== null || resolved.full !== resolved.incremental) {
        throw new ModelError(`tests/${name}`, 'a singular test has no config() and no blocks');
      }
      return { name, refs: resolved.refs, sql: resolved.full };
    });
}

/**
 * A relationships test reads the model it points at, so that model is built first: its ref joins
 * the tested model's dependencies (for ordering and for --select alike).
 */
export function withTestDependencies(
  models: readonly Model[],
  tests: ReadonlyMap<string, readonly GenericTest[]>,
): Model[] {
  return models.map((model) => {
    const extra = (tests.get(model.name) ?? [])
      .map((test) => (test.kind === 'relationships' ? test.toRef : null))
      .filter(
        (ref): ref is string => ref !== null && ref !== model.name && !model.refs.includes(ref),
      );
    return extra.length === 0 ? model : { ...model, refs: [...model.refs, ...new Set(extra)] };
  });
}
