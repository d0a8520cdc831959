// Reading models: the config header, ref/source/this, the is_incremental block, and errors that
// name the model. The project's models all parse and order.

import { orderModels } from './graph';
import { loadGenericTests, loadSingularTests } from './model-tests';
import { loadModels, parseModel } from './models';

describe('parseModel', () => {
  it('reads materialization, unique key and indexes from the config header', () => {
    const model = parseModel(
      'plays',
      `{{ config(materialized='incremental', unique_key='played_on', indexes=['played_at', 'artist_name, played_at']) }}
       SELECT 1 AS played_on`,
    );
    expect(model).toMatchObject({
      materialized: 'incremental',
      uniqueKey: 'played_on',
      indexes: [['played_at'], ['artist_name', 'played_at']],
      sql: 'SELECT 1 AS played_on',
    });
  });

  it('resolves ref, source and this to quoted names and keeps both sides of an is_incremental block', () => {
    const model = parseModel(
      'daily',
      `{{ config(materialized='incremental', unique_key='day') }}
       SELECT day FROM {{ ref('plays') }} JOIN {{ source('spotify', 'my_tracks') }} USING (day)
       {% if is_incremental() %}WHERE day > (SELECT max(day) FROM {{ this }}){% else %}WHERE true{% endif %}
       AND {{ is_incremental() }};`,
    );
    expect(model.refs).toEqual(['plays']);
    expect(model.sources).toEqual(['my_tracks']);
    expect(model.sql).toBe(
      'SELECT day FROM "analytics"."plays" JOIN "spotify"."my_tracks" USING (day)\n       WHERE true\n       AND false',
    );
    expect(model.incrementalSql).toContain(
      'WHERE day > (SELECT max(day) FROM "analytics"."daily")\n       AND true',
    );
  });

  it.each([
    ["{{ config(materialized='snapshot') }} SELECT 1", 'unknown config materialized=snapshot'],
    ["{{ config(materialized='incremental') }} SELECT 1", 'needs unique_key'],
    ["{{ config(indexes=['a; DROP']) }} SELECT 1", "'a; DROP' is not a column name"],
    [
      "SELECT * FROM {{ source('spotify', 'passwords') }}",
      "source('spotify', 'passwords') is not in the catalog",
    ],
    ['SELECT {{ var("x") }}', 'cannot resolve {{ var("x") }}'],
    ['{% for x in y %}SELECT 1{% endfor %}', 'the only block is {% if is_incremental() %}'],
    ["SELECT * FROM {{ ref('m') }}", 'refs itself'],
  ])('refuses %s and names the model', (text, reason) => {
    expect(() => parseModel('m', text)).toThrow(`model m: `);
    expect(() => parseModel('m', text)).toThrow(reason);
  });
});

describe('the project models', () => {
  it('all parse and order without a cycle, with the original uniqueness tests', () => {
    const models = loadModels();
    const names = orderModels(models).map((model) => model.name);
    expect(names.indexOf('cleaned_tracks')).toBeLessThan(names.indexOf('plays'));
    expect(names.indexOf('plays')).toBeLessThan(names.indexOf('top_tracks'));
    const tests = loadGenericTests(models);
    for (const [model, key] of [
      ['cleaned_artists', 'artist_id'],
      ['cleaned_albums', 'album_id'],
      ['cleaned_tracks', 'track_id'],
      ['cleaned_my_tracks', 'track_unique_id'],
    ] as const) {
      expect(tests.get(model)?.map((test) => test.name)).toEqual(
        expect.arrayContaining([`unique(${key})`, `not_null(${key})`]),
      );
    }
    expect(loadSingularTests().map((test) => test.name)).toContain(
      'listening_by_day_matches_plays',
    );
  });
});
