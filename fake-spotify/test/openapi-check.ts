// Checks a JSON value against a response schema of the Spotify OpenAPI spec: $ref, allOf,
// required, types, nullable, enums and array items. In strict mode a property the spec does not
// declare is a mismatch too, so the fake cannot invent fields. Test helper only.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;

export interface OpenApiSpec {
  paths: Record<string, Record<string, { responses: Record<string, Schema> }>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Schema> };
}

export function loadSpec(): OpenApiSpec {
  return parse(
    readFileSync(join(__dirname, 'fixtures', 'spotify-api-extract.yml'), 'utf8'),
  ) as OpenApiSpec;
}

function resolve(spec: OpenApiSpec, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') {
    return schema;
  }
  const [, , section, name] = ref.split('/');
  const table = spec.components[section as 'schemas' | 'responses'];
  const target = table[name ?? ''];
  if (target === undefined) {
    throw new Error(`unresolved ${ref}`);
  }
  return resolve(spec, target);
}

/** Merges a schema with its allOf parts: properties, required and type. */
function flatten(spec: OpenApiSpec, input: Schema): Schema {
  const schema = resolve(spec, input);
  const parts = Array.isArray(schema.allOf) ? (schema.allOf as Schema[]) : [];
  const merged: Schema = { ...schema, properties: { ...(schema.properties as object) } };
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const part of parts) {
    const flat = flatten(spec, part);
    Object.assign(merged.properties as object, flat.properties);
    for (const name of (flat.required as string[] | undefined) ?? []) {
      required.add(name);
    }
    merged.type ??= flat.type;
    merged.items ??= flat.items;
    merged.enum ??= flat.enum;
    merged.nullable ??= flat.nullable;
  }
  merged.required = [...required];
  return merged;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return value === null ? 'null' : typeof value;
}

export function checkValue(
  spec: OpenApiSpec,
  input: Schema,
  value: unknown,
  path: string,
  strict: boolean,
  problems: string[],
): void {
  const schema = flatten(spec, input);
  if (value === null) {
    // CursorPagingObject.next is typed a non-nullable string yet described "(`null` if none)":
    // the description wins, as the real API sends null.
    const isNullDescribed = (
      typeof schema.description === 'string' ? schema.description : ''
    ).includes('`null` if none');
    if (schema.nullable !== true && !isNullDescribed) {
      problems.push(`${path}: null but not nullable`);
    }
    return;
  }
  const actual = typeOf(value);
  const expected = schema.type as string | undefined;
  const isCompatible =
    expected === undefined ||
    expected === actual ||
    (expected === 'number' && actual === 'integer') ||
    (expected === 'object' && actual === 'object');
  if (!isCompatible) {
    problems.push(`${path}: ${actual}, spec says ${expected}`);
    return;
  }
  if (
    schema.format === 'date-time' &&
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(typeof value === 'string' ? value : '')
  ) {
    problems.push(`${path}: ${JSON.stringify(value)} is not a date-time`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  }
  if (actual === 'array' && schema.items !== undefined) {
    (value as unknown[]).forEach((item, index) =>
      checkValue(spec, schema.items as Schema, item, `${path}[${index}]`, strict, problems),
    );
  }
  if (actual === 'object') {
    const properties = schema.properties as Record<string, Schema>;
    const record = value as Record<string, unknown>;
    for (const name of schema.required as string[]) {
      if (!(name in record)) {
        problems.push(`${path}.${name}: required but missing`);
      }
    }
    for (const [name, child] of Object.entries(record)) {
      const childSchema = properties[name];
      if (childSchema === undefined) {
        if (strict && Object.keys(properties).length > 0) {
          problems.push(`${path}.${name}: not in the spec`);
        }
        continue;
      }
      checkValue(spec, childSchema, child, `${path}.${name}`, strict, problems);
    }
  }
}

/** Problems of a response body against the spec's response for `path` and `status`. */
export function checkResponse(
  spec: OpenApiSpec,
  path: string,
  status: number,
  body: unknown,
  options: { strict: boolean; ignoreMissing?: readonly string[] },
): string[] {
  const operation = spec.paths[path]?.get;
  const response = operation?.responses[String(status)];
  if (response === undefined) {
    return [`${path}: the spec has no ${status} response`];
  }
  const content = resolve(spec, response).content as Record<string, { schema: Schema }> | undefined;
  const schema = content?.['application/json']?.schema;
  if (schema === undefined) {
    return [`${path} ${status}: no JSON schema`];
  }
  const problems: string[] = [];
  checkValue(spec, schema, body, '$', options.strict, problems);
  const ignored = options.ignoreMissing ?? [];
  return problems.filter(
    (problem) => !ignored.some((field) => problem.endsWith(`.${field}: required but missing`)),
  );
}
