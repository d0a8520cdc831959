// Orders models so each runs after the models it refs; a cycle is reported with its path.

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
