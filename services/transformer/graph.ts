// The models' dependency graph: an order in which each model runs after the models it refs (a cycle
// is reported with its path), and dbt-style selection: `m`, `m+` (and what depends on it), `+m`
// (and what it depends on), several separated by spaces or commas.

import { PermanentError } from '../../shared/errors';
import type { Model } from './models';

export function orderModels(models: readonly Model[]): Model[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  const ordered: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: Model, path: string[]): void => {
    const seen = state.get(model.name);
    if (seen === 'done') {
      return;
    }
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(model.name)), model.name];
      throw new PermanentError(`model cycle: ${cycle.join(' -> ')}`);
    }
    state.set(model.name, 'visiting');
    for (const ref of model.refs) {
      const dependency = byName.get(ref);
      if (dependency === undefined) {
        throw new PermanentError(`model ${model.name} refs ${ref}, which does not exist`);
      }
      visit(dependency, [...path, model.name]);
    }
    state.set(model.name, 'done');
    ordered.push(model);
  };
  for (const model of models) {
    visit(model, []);
  }
  return ordered;
}

function closure(start: string, next: (name: string) => readonly string[]): Set<string> {
  const found = new Set<string>([start]);
  const queue = [start];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const other of next(name)) {
      if (!found.has(other)) {
        found.add(other);
        queue.push(other);
      }
    }
  }
  return found;
}

/** The models a selector names, in dependency order; every model when the selector is absent. */
export function selectModels(models: readonly Model[], selector?: string): Model[] {
  const ordered = orderModels(models);
  if (selector === undefined || selector.trim() === '') {
    return ordered;
  }
  const byName = new Map(ordered.map((model) => [model.name, model]));
  const dependents = (name: string): string[] =>
    ordered.filter((model) => model.refs.includes(name)).map((model) => model.name);
  const dependencies = (name: string): readonly string[] => byName.get(name)?.refs ?? [];
  const chosen = new Set<string>();
  for (const term of selector.split(/[\s,]+/).filter((part) => part !== '')) {
    const match = /^(\+?)([a-z][a-z0-9_]*)(\+?)$/.exec(term);
    const name = match?.[2];
    if (match === null || name === undefined) {
      throw new PermanentError(`select: '${term}' is not a selector; use model, model+ or +model`);
    }
    if (!byName.has(name)) {
      throw new PermanentError(`select: no model is named ${name}`);
    }
    chosen.add(name);
    if (match[1] === '+') {
      closure(name, dependencies).forEach((found) => chosen.add(found));
    }
    if (match[3] === '+') {
      closure(name, dependents).forEach((found) => chosen.add(found));
    }
  }
  return ordered.filter((model) => chosen.has(model.name));
}

/** The models that read one of `tables`, directly or through other models, in dependency order. */
export function selectModelsReading(models: readonly Model[], tables: readonly string[]): Model[] {
  const ordered = orderModels(models);
  const chosen = new Set<string>();
  for (const model of ordered) {
    if (
      model.sources.some((source) => tables.includes(source)) ||
      model.refs.some((ref) => chosen.has(ref))
    ) {
      chosen.add(model.name);
    }
  }
  return ordered.filter((model) => chosen.has(model.name));
}

/**
 * Adds to a selection every model it needs that is neither selected nor built yet (`built`), so a
 * first run of one pipeline does not fail on a model only another pipeline's tables would start.
 */
export function withMissingParents(
  models: readonly Model[],
  selected: readonly Model[],
  built: ReadonlySet<string>,
): Model[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  const chosen = new Set(selected.map((model) => model.name));
  const queue = [...chosen];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const ref of byName.get(name)?.refs ?? []) {
      if (!chosen.has(ref) && !built.has(ref)) {
        chosen.add(ref);
        queue.push(ref);
      }
    }
  }
  return orderModels(models).filter((model) => chosen.has(model.name));
}
