// The wrap-up fixture (test/fixtures/wrapup-*.sql, written by hand) and the plays worked out from
// it by hand, shared by the tests of the models' outputs and of their incremental builds.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestEnv } from '../../../test/test-env';
import { runModels } from '../run-models';
import type { TransformRequest } from '../run-models';

const FIXTURES = join(__dirname, 'fixtures');
export const PHASES = ['wrapup-1-listening.sql', 'wrapup-2-catalog.sql', 'wrapup-3-listening.sql'];

export async function loadFixture(env: TestEnv, file: string): Promise<void> {
  await env.clients.warehouse.query(readFileSync(join(FIXTURES, file), 'utf8'));
}

export function transform(env: TestEnv, request: Partial<TransformRequest> = {}) {
  return runModels(
    { partitionDate: '2024-03-07', ...request },
    {
      warehouse: env.clients.warehouse,
      store: env.clients.store,
      log: env.log,
      timezone: 'UTC',
      goldRowGroupRows: 1000,
    },
  );
}

export async function query(env: TestEnv, sql: string): Promise<Record<string, unknown>[]> {
  return (await env.clients.warehouse.query<Record<string, unknown>>(sql)).rows;
}

export const PLAYS_SQL = `SELECT play_id, to_char(played_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS started,
  ms_played::int AS ms, track_id, track_link, source, polled_id, absorbed_export_ids AS absorbed
  FROM analytics.plays ORDER BY played_at, play_id`;

// Worked out by hand from the fixture: the podcast (e5) and the two other exports of e1 (e6, b1)
// are not plays; p1 and p2 are the same plays as e2 and b2; p3 and p4 were only polled, and their
// API played_at is their end, so they started one duration earlier.
export const EXPECTED_PLAYS = [
  ['export:e8', '2023-01-10 07:00:00', 210000, 't3', 'source', 'export', null, []],
  ['export:e7', '2023-12-01 12:00:00', 240000, 't2', 'source', 'export', null, []],
  ['export:e1', '2024-03-01 10:00:00', 180000, 't1', 'source', 'export', null, ['b1', 'e6']],
  [
    'export:e2',
    '2024-03-01 10:03:00',
    180000,
    't1',
    'source',
    'export',
    't1-2024-03-01T10:06:01Z',
    [],
  ],
  ['export:e3', '2024-03-01 10:06:00', 20000, 't2', 'source', 'export', null, []],
  ['export:e4', '2024-03-02 23:55:00', 240000, 't3', 'source', 'export', null, []],
  [
    'export:b2',
    '2024-03-04 08:06:40',
    200000,
    't3',
    'catalog_name',
    'export',
    't3-2024-03-04T08:10:20Z',
    [],
  ],
  ['export:b3', '2024-03-04 08:10:30', 210000, null, null, 'export', null, []],
  ['export:b4', '2024-03-05 08:58:20', 100000, null, null, 'export', null, []],
  [
    'api:t4-2024-03-06T20:00:00Z',
    '2024-03-06 19:57:30',
    150000,
    't4',
    'source',
    'api',
    't4-2024-03-06T20:00:00Z',
    [],
  ],
  [
    'api:t1-2024-03-06T21:00:00Z',
    '2024-03-06 20:57:00',
    180000,
    't1',
    'source',
    'api',
    't1-2024-03-06T21:00:00Z',
    [],
  ],
].map(([play_id, started, ms, track_id, track_link, source, polled_id, absorbed]) => ({
  play_id,
  started,
  ms,
  track_id,
  track_link,
  source,
  polled_id,
  absorbed,
}));
