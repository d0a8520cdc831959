// Extracting a 100,000-row table of ~2 KB rows (about 300 MB in InnoDB) keeps the extractor's
// memory flat: rows stream from MySQL into bounded bronze objects. The test prints RSS every 10,000
// rows; it asserts only that the process grew by less than the table it read, never a time.

import { WHOLE_TABLE } from '../../shared/contracts';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { extractMysqlPart } from './extract-mysql';

const ROWS = 100_000;
const MB = 1024 * 1024;

jest.setTimeout(600_000);

describe('extracting a 100k-row table', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
    await env.clients.mysql.promise().query(
      `INSERT INTO spotify_tracks (track_id, name, lyrics, available_markets, artists_id)
       SELECT LEFT(MD5(seq), 22), CONCAT('track ', seq), REPEAT('la la la, oh\\n', 110),
              CONCAT('[', REPEAT('''XX'', ', 78), '''ZA'']'), CONCAT('[''', LEFT(SHA1(seq), 22), ''']')
       FROM seq_1_to_${ROWS}`,
    );
  });

  afterAll(async () => {
    await env?.close();
  });

  it('streams it with memory that stays far below the size of the table', async () => {
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const series: number[] = [];
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const result = await extractMysqlPart(
      {
        runId: 'mysql-2024-05-01',
        pipeline: 'mysql',
        partitionDate: '2024-05-01',
        table: 'spotify_tracks',
        part: WHOLE_TABLE,
        fullRefresh: true,
      },
      {
        mysql: env.clients.mysql,
        warehouse: env.clients.warehouse,
        store: env.clients.store,
        log: env.log,
        signal: new AbortController().signal,
        objectRows: env.config.tuning.bronzeObjectRows,
        onProgress: async () => {
          series.push(Math.round(process.memoryUsage().rss / MB));
        },
      },
    );
    clearInterval(sampler);
    // InnoDB refreshes a table's size statistics in the background: make them current first.
    await env.clients.mysql.promise().query('ANALYZE TABLE spotify_tracks');
    const [[size]] = (await env.clients.mysql
      .promise()
      .query(
        "SELECT data_length AS bytes FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'spotify_tracks'",
      )) as unknown as [[{ bytes: string }]];
    const tableMb = Number(size.bytes) / MB;
    const grewMb = (peak - baseline) / MB;
    console.log(
      `extract-memory: ${result.counts.extracted} rows, table ${tableMb.toFixed(0)} MB, ` +
        `bronze ${(result.bytes / MB).toFixed(1)} MB in ${result.bronzeKeys.length} objects, ` +
        `${Math.round(result.counts.extracted / (result.ms / 1000))} rows/s, RSS ${(baseline / MB).toFixed(0)} MB ` +
        `-> peak ${(peak / MB).toFixed(0)} MB (+${grewMb.toFixed(0)} MB); ` +
        `RSS every 10k rows: ${series.join(' ')} MB`,
    );
    expect(result.counts.extracted).toBe(ROWS);
    expect(grewMb).toBeLessThan(tableMb);
  });
});
