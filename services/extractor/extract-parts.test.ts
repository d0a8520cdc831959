// A table above its split threshold is planned as contiguous primary-key ranges, and extracting
// every part, as parallel extractor jobs would, yields every row exactly once.

import { WHOLE_TABLE } from '../../shared/contracts';
import { createPkRangePlanner } from '../../shared/extract/plan-parts';
import { readBronzeRows } from '../../shared/lake/bronze-rows';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { extractMysqlPart } from './extract-mysql';

describe('primary-key range parts', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
    // 1,000 artists with ids in no particular order (md5), as Spotify ids are.
    await env.clients.mysql
      .promise()
      .query(
        "INSERT INTO spotify_artists (artist_id, name) SELECT LEFT(MD5(seq), 22), CONCAT('artist ', seq) FROM seq_1_to_1000",
      );
  });

  afterAll(async () => {
    await env?.close();
  });

  it('keeps a table at or below the threshold whole, and tables of other sources too', async () => {
    const plan = createPkRangePlanner({ mysql: env.clients.mysql, partRows: 1000 });
    expect(await plan('spotify_artists')).toEqual([WHOLE_TABLE]);
    expect(await plan('my_tracks')).toEqual([WHOLE_TABLE]);
  });

  it('splits a larger table into contiguous ranges of partRows rows, open at both ends', async () => {
    const parts = await createPkRangePlanner({ mysql: env.clients.mysql, partRows: 150 })(
      'spotify_artists',
    );
    expect(parts).toHaveLength(7);
    expect(parts[0]).toMatchObject({ index: 0, count: 7, from: null });
    expect(parts[6]).toMatchObject({ index: 6, count: 7, to: null });
    parts.slice(1).forEach((part, i) => expect(part.from).toBe(parts[i]?.to));
  });

  it('extracts every row exactly once across the parts', async () => {
    const parts = await createPkRangePlanner({ mysql: env.clients.mysql, partRows: 150 })(
      'spotify_artists',
    );
    const seen: string[] = [];
    const sizes: number[] = [];
    for (const part of parts) {
      const result = await extractMysqlPart(
        {
          runId: 'mysql-2024-05-01',
          pipeline: 'mysql',
          partitionDate: '2024-05-01',
          table: 'spotify_artists',
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
          seen.push(String(record instanceof Error ? record.message : record[0]));
        }
      }
    }
    const [rows] = await env.clients.mysql.promise().query('SELECT artist_id FROM spotify_artists');
    const all = (rows as { artist_id: string }[]).map((row) => row.artist_id);
    expect(seen.length).toBe(1000);
    expect([...seen].sort()).toEqual([...all].sort());
    expect(sizes).toEqual([150, 150, 150, 150, 150, 150, 100]);
  });
});
