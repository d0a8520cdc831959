// A table above its split threshold is planned as contiguous primary-key ranges, and extracting
// every part, as parallel extractor jobs would, yields every row exactly once. A watermark run
// plans over the rows changed since the warehouse's watermark only.

import { WHOLE_TABLE } from '../../shared/contracts';
import type { Part } from '../../shared/contracts';
import { createPkRangePlanner } from '../../shared/extract/plan-parts';
import type { PartPlanner } from '../../shared/extract/plan-parts';
import { readBronzeRows } from '../../shared/lake/bronze-rows';
import { createTestTable, watermarkArtists } from '../../test/catalog-with-test-tables';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { extractMysqlPart } from './extract-mysql';

jest.mock('../../shared/catalog', () =>
  jest.requireActual<object>('../../test/catalog-with-test-tables'),
);

const INCREMENTAL = { fullRefresh: false };

describe('primary-key range parts', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
    const mysql = env.clients.mysql.promise();
    // 1,000 artists with ids in no particular order (md5), as Spotify ids are.
    await mysql.query(
      "INSERT INTO spotify_artists (artist_id, name) SELECT LEFT(MD5(seq), 22), CONCAT('artist ', seq) FROM seq_1_to_1000",
    );
    await mysql.query('CREATE TABLE watermark_artists LIKE spotify_artists');
    await mysql.query('INSERT INTO watermark_artists SELECT * FROM spotify_artists');
    await createTestTable(env, watermarkArtists);
  });

  afterAll(async () => {
    await env?.close();
  });

  function planner(partRows: number): PartPlanner {
    return createPkRangePlanner({
      mysql: env.clients.mysql,
      warehouse: env.clients.warehouse,
      partRows,
    });
  }

  /** Extracts every part as the extractor jobs of an incremental run would. */
  async function extractParts(table: string, parts: readonly Part[]) {
    const ids: string[] = [];
    const sizes: number[] = [];
    for (const part of parts) {
      const result = await extractMysqlPart(
        {
          runId: 'mysql-2024-05-01',
          pipeline: 'mysql',
          partitionDate: '2024-05-01',
          table,
          part,
          fullRefresh: false,
        },
        {
          mysql: env.clients.mysql,
          warehouse: env.clients.warehouse,
          store: env.clients.store,
          log: env.log,
          signal: new AbortController().signal,
          objectRows: 1000,
          onProgress: async () => undefined,
        },
      );
      sizes.push(result.counts.extracted);
      for (const key of result.bronzeKeys) {
        for await (const { record } of readBronzeRows(env.clients.store, key, ['artist_id'])) {
          ids.push(String(record instanceof Error ? record.message : record[0]));
        }
      }
    }
    return { ids: ids.sort(), sizes };
  }

  async function selectIds(sql: string): Promise<string[]> {
    const [rows] = await env.clients.mysql.promise().query(sql);
    return (rows as { artist_id: string }[]).map((row) => row.artist_id).sort();
  }

  function expectContiguous(parts: readonly Part[]): void {
    expect(parts[0]).toMatchObject({ index: 0, count: parts.length, from: null });
    expect(parts.at(-1)).toMatchObject({ index: parts.length - 1, to: null });
    parts.slice(1).forEach((part, i) => expect(part.from).toBe(parts[i]?.to));
  }

  it('keeps a table at or below the threshold whole, and tables of other sources too', async () => {
    const plan = planner(1000);
    expect(await plan('spotify_artists', INCREMENTAL)).toEqual([WHOLE_TABLE]);
    expect(await plan('my_tracks', INCREMENTAL)).toEqual([WHOLE_TABLE]);
  });

  it('splits a larger table into contiguous ranges of partRows rows, open at both ends', async () => {
    const parts = await planner(150)('spotify_artists', INCREMENTAL);
    expect(parts).toHaveLength(7);
    expectContiguous(parts);
  });

  it('extracts every row exactly once across the parts', async () => {
    const parts = await planner(150)('spotify_artists', INCREMENTAL);
    const extracted = await extractParts('spotify_artists', parts);
    expect(extracted.ids).toEqual(await selectIds('SELECT artist_id FROM spotify_artists'));
    expect(extracted.sizes).toEqual([150, 150, 150, 150, 150, 150, 100]);
  });

  describe('of a watermark run', () => {
    /**
     * The warehouse loaded every row up to `watermark` (null: nothing yet); since then every
     * `nth` artist changed in MySQL.
     */
    async function changeSince(watermark: string | null, nth: number): Promise<void> {
      await env.clients.warehouse.query('DELETE FROM spotify.watermark_artists');
      if (watermark !== null) {
        await env.clients.warehouse.query(
          "INSERT INTO spotify.watermark_artists (artist_id, updated_at) VALUES ('loaded', $1)",
          [`${watermark}Z`],
        );
      }
      await env.clients.mysql
        .promise()
        .query(
          "UPDATE watermark_artists SET updated_at = IF(CAST(SUBSTRING(name, 8) AS UNSIGNED) % ? = 0, '2024-02-01 00:00:00', '2024-01-01 00:00:00')",
          [nth],
        );
    }

    it('plans one whole-table part when the changed rows fit in one part', async () => {
      await changeSince('2024-01-15 00:00:00', 10);
      expect(await planner(150)('watermark_artists', INCREMENTAL)).toEqual([WHOLE_TABLE]);
    });

    it('splits the changed rows alone into ranges that still cover every key', async () => {
      await changeSince('2024-01-15 00:00:00', 2);
      const parts = await planner(150)('watermark_artists', INCREMENTAL);
      expect(parts).toHaveLength(4);
      expectContiguous(parts);
      const extracted = await extractParts('watermark_artists', parts);
      expect(extracted.sizes).toEqual([150, 150, 150, 50]);
      expect(extracted.ids).toEqual(
        await selectIds("SELECT artist_id FROM watermark_artists WHERE updated_at >= '2024-02-01'"),
      );
    });

    it('plans a full refresh over the whole table', async () => {
      await changeSince('2024-01-15 00:00:00', 10);
      expect(await planner(150)('watermark_artists', { fullRefresh: true })).toHaveLength(7);
    });

    it('plans over the whole table while the warehouse holds no watermark yet', async () => {
      await changeSince(null, 10);
      expect(await planner(150)('watermark_artists', INCREMENTAL)).toHaveLength(7);
    });
  });
});
