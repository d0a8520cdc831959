// The MySQL extractor on a real MariaDB and S3: each strategy of the catalog picks the rows it
// should across runs with inserts and updates between them, bronze objects hold a bounded number
// of rows, progress is reported, and an abort midway leaves no object of the part.

import type { Pool } from 'mysql2/promise';
import { getTable } from '../../shared/catalog';
import { WHOLE_TABLE } from '../../shared/contracts';
import type { ExtractJob } from '../../shared/contracts';
import { readBronzeRows } from '../../shared/lake/bronze-rows';
import { listKeys } from '../../shared/lake/objects';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { extractMysqlPart } from './extract-mysql';
import type { ExtractDeps } from './extract-mysql';

function job(table: string, partitionDate: string, fullRefresh = false): ExtractJob {
  return {
    runId: `mysql-${partitionDate}`,
    pipeline: 'mysql',
    partitionDate,
    table,
    part: WHOLE_TABLE,
    fullRefresh,
  };
}

describe('extractMysqlPart', () => {
  let env: TestEnv;
  let mysql: Pool;
  let deps: ExtractDeps;
  const progress: number[] = [];

  async function bronzeRows(
    table: string,
    keys: readonly string[],
  ): Promise<Record<string, unknown>[]> {
    const columns = getTable(table).columns.map((column) => column.name);
    const rows: Record<string, unknown>[] = [];
    for (const key of keys) {
      for await (const { record } of readBronzeRows(env.clients.store, key, columns)) {
        if (record instanceof Error) {
          throw record;
        }
        rows.push(Object.fromEntries(columns.map((name, i) => [name, record[i]])));
      }
    }
    return rows;
  }

  async function extractedIds(table: string, date: string, idColumn: string): Promise<string[]> {
    const result = await extractMysqlPart(job(table, date), deps);
    const rows = await bronzeRows(table, result.bronzeKeys);
    expect(result.counts.extracted).toBe(rows.length);
    return rows.map((row) => String(row[idColumn])).sort();
  }

  beforeAll(async () => {
    env = await createTestEnv();
    mysql = env.clients.mysql.promise();
    deps = {
      mysql: env.clients.mysql,
      warehouse: env.clients.warehouse,
      store: env.clients.store,
      log: env.log,
      signal: new AbortController().signal,
      objectRows: 100,
      progressRows: 100,
      onProgress: async (rows) => {
        progress.push(rows);
      },
    };
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(() => {
    progress.length = 0;
  });

  it('full_load extracts every row, and the next run every row with its new values', async () => {
    await mysql.query(
      "INSERT INTO spotify_artists (artist_id, name) VALUES ('a1', 'One'), ('a2', 'Two')",
    );
    expect(await extractedIds('spotify_artists', '2024-05-01', 'artist_id')).toEqual(['a1', 'a2']);
    await mysql.query("UPDATE spotify_artists SET name = 'Uno' WHERE artist_id = 'a1'");
    await mysql.query("INSERT INTO spotify_artists (artist_id, name) VALUES ('a3', 'Three')");
    const result = await extractMysqlPart(job('spotify_artists', '2024-05-02'), deps);
    const rows = await bronzeRows('spotify_artists', result.bronzeKeys);
    expect(rows.map((row) => [row.artist_id, row.name])).toEqual([
      ['a1', 'Uno'],
      ['a2', 'Two'],
      ['a3', 'Three'],
    ]);
  });

  it('incremental_by_partition extracts the rows updated on the run date only', async () => {
    await mysql.query(
      `INSERT INTO spotify_albums (album_id, name, updated_at) VALUES
       ('b1', 'before', '2024-04-30 23:59:59'), ('b2', 'on the day', '2024-05-01 00:00:00'),
       ('b3', 'on the day', '2024-05-01 23:59:59'), ('b4', 'after', '2024-05-02 00:00:00')`,
    );
    expect(await extractedIds('spotify_albums', '2024-05-01', 'album_id')).toEqual(['b2', 'b3']);
    await mysql.query("UPDATE spotify_albums SET name = 'changed' WHERE album_id = 'b1'");
    const today = new Date().toISOString().slice(0, 10);
    expect(await extractedIds('spotify_albums', today, 'album_id')).toEqual(['b1']);
  });

  it('incremental_by_watermark extracts everything first, then exactly the changed rows', async () => {
    await mysql.query(
      `INSERT INTO spotify_tracks (track_id, name, updated_at) VALUES
       ('t1', 'one', '2024-01-01 10:00:00'), ('t2', 'two', '2024-01-02 10:00:00'),
       ('t3', 'three', '2024-01-03 10:00:00'), ('t4', 'four', '2024-01-04 10:00:00')`,
    );
    expect(await extractedIds('spotify_tracks', '2024-05-01', 'track_id')).toEqual([
      't1',
      't2',
      't3',
      't4',
    ]);
    // What the first run loaded: the warehouse is where the watermark is read from.
    await env.clients.warehouse.query(
      `INSERT INTO spotify.spotify_tracks (track_id, updated_at) VALUES
       ('t1', '2024-01-01 10:00:00Z'), ('t2', '2024-01-02 10:00:00Z'),
       ('t3', '2024-01-03 10:00:00Z'), ('t4', '2024-01-04 10:00:00Z')`,
    );
    await mysql.query("UPDATE spotify_tracks SET name = 'TWO' WHERE track_id IN ('t2', 't4')");
    await mysql.query("INSERT INTO spotify_tracks (track_id, name) VALUES ('t5', 'five')");
    expect(await extractedIds('spotify_tracks', '2024-05-02', 'track_id')).toEqual([
      't2',
      't4',
      't5',
    ]);
  });

  it('keeps every value as MySQL holds it: 64-bit integers, extreme doubles, escapes, Unicode, NULL', async () => {
    const name = 'Sigur Rós "quoted" \\ back\nslash 🎵';
    await mysql.query(
      'INSERT INTO spotify_artists (artist_id, followers, name, genres) VALUES (?, ?, ?, NULL)',
      ['x1', '9223372036854775807', name],
    );
    await mysql.query(
      `INSERT INTO spotify_tracks (track_id, acousticness, loudness, danceability, name, updated_at)
       VALUES ('x1', 0.1, -1.7976931348623157e308, 2.2250738585072014e-308, ?, '2024-03-01 05:06:07')`,
      [name],
    );
    const bronzeOf = async (table: string, date: string) => {
      const result = await extractMysqlPart(job(table, date, true), deps);
      return (await bronzeRows(table, result.bronzeKeys)).find(
        (row) => Object.values(row)[0] === 'x1',
      );
    };

    expect(await bronzeOf('spotify_artists', '2024-08-01')).toMatchObject({
      followers: '9223372036854775807',
      name,
      genres: null,
    });
    expect(await bronzeOf('spotify_tracks', '2024-08-01')).toMatchObject({
      acousticness: 0.1,
      loudness: -1.7976931348623157e308,
      danceability: 2.2250738585072014e-308,
      name,
      lyrics: null,
      updated_at: '2024-03-01 05:06:07',
    });
  });

  it('writes bronze objects of at most objectRows rows and reports progress as it goes', async () => {
    await mysql.query(
      "INSERT INTO spotify_artists (artist_id, name) SELECT CONCAT('p', LPAD(seq, 4, '0')), 'x' FROM seq_1_to_250",
    );
    const result = await extractMysqlPart(job('spotify_artists', '2024-06-01'), deps);
    expect(result.counts.extracted).toBeGreaterThanOrEqual(250);
    expect(result.bronzeKeys).toHaveLength(Math.ceil(result.counts.extracted / 100));
    for (const key of result.bronzeKeys.slice(0, -1)) {
      expect(await bronzeRows('spotify_artists', [key])).toHaveLength(100);
    }
    expect(progress).toEqual([100, 200, result.counts.extracted]);
  });

  it('leaves no object of the part when the job is aborted midway', async () => {
    const controller = new AbortController();
    const aborting = {
      ...deps,
      signal: controller.signal,
      onProgress: async (rows: number) => {
        if (rows === 200) {
          controller.abort(new Error('worker shutting down'));
        }
      },
    };
    await expect(extractMysqlPart(job('spotify_artists', '2024-07-01'), aborting)).rejects.toThrow(
      /abort/i,
    );
    const left: string[] = [];
    for await (const key of listKeys(
      env.clients.store,
      'bronze/mysql/spotify_artists/updated_at=2024-07-01/',
    )) {
      left.push(key);
    }
    expect(left).toEqual([]);
  });
});
