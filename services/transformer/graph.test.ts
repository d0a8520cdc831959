// The dependency graph: order, cycles with their path, --select model+ / +model, and the models a
// run's tables touch.

import { orderModels, selectModels, selectModelsReading, withMissingParents } from './graph';
import { parseModel } from './models';
import type { Model } from './models';

const model = (name: string, ...refs: string[]): Model =>
  parseModel(name, `SELECT 1 ${refs.map((ref) => `FROM {{ ref('${ref}') }}`).join(' ')}`);

const names = (models: readonly Model[]): string[] => models.map((one) => one.name);

describe('orderModels', () => {
  it('puts every model after the models it refs', () => {
    const ordered = names(
      orderModels([model('top', 'plays', 'tracks'), model('plays', 'tracks'), model('tracks')]),
    );
    expect(ordered).toEqual(['tracks', 'plays', 'top']);
  });

  it('reports a cycle with its path', () => {
    expect(() => orderModels([model('a', 'b'), model('b', 'c'), model('c', 'a')])).toThrow(
      'model cycle: a -> b -> c -> a',
    );
  });

  it('names a ref to a model that does not exist', () => {
    expect(() => orderModels([model('a', 'ghost')])).toThrow(
      'model a refs ghost, which does not exist',
    );
  });
});

describe('selectModels', () => {
  const project = [
    model('tracks'),
    model('plays', 'tracks'),
    model('top', 'plays'),
    model('streaks', 'daily'),
    model('daily', 'plays'),
    model('albums'),
  ];

  it('selects a model and everything downstream of it with model+', () => {
    expect(names(selectModels(project, 'plays+'))).toEqual(['plays', 'top', 'daily', 'streaks']);
  });

  it('selects a model and everything it needs with +model, and combines terms', () => {
    expect(names(selectModels(project, '+top, albums'))).toEqual([
      'tracks',
      'plays',
      'top',
      'albums',
    ]);
  });

  it('selects every model without a selector and refuses unknown names', () => {
    expect(selectModels(project)).toHaveLength(6);
    expect(() => selectModels(project, 'plyas+')).toThrow('select: no model is named plyas');
    expect(() => selectModels(project, 'tag:x')).toThrow("'tag:x' is not a selector");
  });
});

describe('selecting the models a run touches', () => {
  const reading = (name: string, table: string, ...refs: string[]): Model =>
    parseModel(
      name,
      `SELECT 1 FROM {{ source('spotify', '${table}') }} ${refs.map((ref) => `JOIN {{ ref('${ref}') }} ON true`).join(' ')}`,
    );
  const project = [
    reading('artists', 'spotify_artists'),
    reading('tracks', 'spotify_tracks'),
    reading('polled', 'my_tracks'),
    reading('plays', 'listening_history', 'tracks', 'polled'),
    model('top', 'plays'),
  ];

  it('selects the models reading a loaded table and everything downstream of them', () => {
    expect(names(selectModelsReading(project, ['my_tracks']))).toEqual(['polled', 'plays', 'top']);
    expect(names(selectModelsReading(project, ['spotify_artists']))).toEqual(['artists']);
  });

  it('adds the parents a selection needs that were never built', () => {
    const selected = selectModelsReading(project, ['my_tracks']);
    expect(names(withMissingParents(project, selected, new Set()))).toEqual([
      'tracks',
      'polled',
      'plays',
      'top',
    ]);
    expect(names(withMissingParents(project, selected, new Set(['tracks'])))).toEqual([
      'polled',
      'plays',
      'top',
    ]);
  });
});
