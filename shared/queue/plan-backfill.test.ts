import { planBackfill, suffixOf } from './plan-backfill';
import type { BackfillRequest, ExistingRun } from './plan-backfill';

const request = (overrides: Partial<BackfillRequest> = {}): BackfillRequest => ({
  pipeline: 'mysql',
  from: '2024-05-01',
  to: '2024-05-04',
  tables: ['spotify_artists', 'spotify_albums'],
  maxConcurrent: 2,
  onlyFailed: false,
  fullRefresh: false,
  ...overrides,
});

const run = (
  run_id: string,
  status: string,
  tables: string[] = ['spotify_artists', 'spotify_albums'],
): ExistingRun => ({ run_id, partition_date: run_id.slice(6, 16), status, tables });

describe('planBackfill', () => {
  const existing = [
    run('mysql-2024-05-01', 'succeeded'),
    run('mysql-2024-05-02', 'failed'),
    run('mysql-2024-05-03', 'succeeded', ['spotify_artists']),
    run('mysql-2024-05-03-r2', 'failed', ['spotify_albums']),
    run('mysql-2024-05-04', 'running'),
  ];

  it('runs every date of the range, both ends included, naming a fresh run id where one is taken', () => {
    expect(planBackfill(request({ to: '2024-05-06' }), existing)).toEqual([
      {
        partition_date: '2024-05-01',
        action: 'run',
        run_id: 'mysql-2024-05-01-r2',
        tables: ['spotify_artists', 'spotify_albums'],
        reason: 'run again',
      },
      {
        partition_date: '2024-05-02',
        action: 'run',
        run_id: 'mysql-2024-05-02-r2',
        tables: ['spotify_artists', 'spotify_albums'],
        reason: 'run again',
      },
      {
        partition_date: '2024-05-03',
        action: 'run',
        run_id: 'mysql-2024-05-03-r3',
        tables: ['spotify_artists', 'spotify_albums'],
        reason: 'run again',
      },
      {
        partition_date: '2024-05-04',
        action: 'skip',
        run_id: 'mysql-2024-05-04',
        tables: [],
        reason: 'run mysql-2024-05-04 is in progress',
      },
      {
        partition_date: '2024-05-05',
        action: 'run',
        run_id: 'mysql-2024-05-05',
        tables: ['spotify_artists', 'spotify_albums'],
        reason: 'never run',
      },
      {
        partition_date: '2024-05-06',
        action: 'run',
        run_id: 'mysql-2024-05-06',
        tables: ['spotify_artists', 'spotify_albums'],
        reason: 'never run',
      },
    ]);
  });

  it('with onlyFailed runs only the tables that have no succeeded run on each date', () => {
    expect(planBackfill(request({ onlyFailed: true, to: '2024-05-05' }), existing)).toEqual([
      {
        partition_date: '2024-05-01',
        action: 'skip',
        run_id: 'mysql-2024-05-01',
        tables: [],
        reason: 'already succeeded',
      },
      {
        partition_date: '2024-05-02',
        action: 'run',
        run_id: 'mysql-2024-05-02-r2',
        tables: ['spotify_artists', 'spotify_albums'],
        reason: 'failed in mysql-2024-05-02',
      },
      {
        partition_date: '2024-05-03',
        action: 'run',
        run_id: 'mysql-2024-05-03-r3',
        tables: ['spotify_albums'],
        reason: 'failed in mysql-2024-05-03-r2',
      },
      {
        partition_date: '2024-05-04',
        action: 'skip',
        run_id: 'mysql-2024-05-04',
        tables: [],
        reason: 'run mysql-2024-05-04 is in progress',
      },
      {
        partition_date: '2024-05-05',
        action: 'run',
        run_id: 'mysql-2024-05-05',
        tables: ['spotify_artists', 'spotify_albums'],
        reason: 'never run',
      },
    ]);
  });

  it('plans a single day when from and to are the same date', () => {
    expect(planBackfill(request({ from: '2024-02-29', to: '2024-02-29' }), [])).toHaveLength(1);
  });
});

describe('suffixOf', () => {
  it('gives back the suffix startRun needs to rebuild a planned run id', () => {
    expect(suffixOf('mysql-2024-05-01', 'mysql', '2024-05-01')).toBeUndefined();
    expect(suffixOf('mysql-2024-05-01-r3', 'mysql', '2024-05-01')).toBe('r3');
  });
});
