// MySQL bronze objects on a real S3 server: rows as arrays under a header of column names, read
// back in the catalog's column order whatever order the header has, and objects of the earlier
// format (one JSON object per line) still read.

import { createNdjsonWriter } from './ndjson';
import { bronzeHeaderLine, readBronzeRows } from './bronze-rows';
import type { BronzeRow } from './bronze-rows';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

describe('readBronzeRows', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  async function roundTrip(name: string, lines: readonly string[], columns: string[]) {
    const key = `bronze/test/${name}.ndjson.gz`;
    const writer = createNdjsonWriter(env.clients.store, key);
    for (const line of lines) {
      await writer.writeLine(line);
    }
    await writer.close();
    const rows: BronzeRow[] = [];
    for await (const row of readBronzeRows(env.clients.store, key, columns)) {
      rows.push(row);
    }
    return rows.map(({ position, record }) => ({
      position,
      record: record instanceof Error ? record.message : record,
    }));
  }

  it('reads arrays under the header in the requested order, missing columns undefined', async () => {
    const lines = [bronzeHeaderLine(['b', 'a']), '[1,"x"]', '[null,"y\\n"]'];
    expect(await roundTrip('reordered', lines, ['a', 'b', 'c'])).toEqual([
      { position: 2, record: ['x', 1, undefined] },
      { position: 3, record: ['y\n', null, undefined] },
    ]);
  });

  it('gives an error for a line that is not JSON or not an array of the header width', async () => {
    const lines = [bronzeHeaderLine(['a', 'b']), '[1,2]', '[1]', '{"a":1,"b":2}', 'nope'];
    expect(await roundTrip('bad', lines, ['a', 'b'])).toEqual([
      { position: 2, record: [1, 2] },
      { position: 3, record: 'bronze line is not a JSON array of 2 values' },
      { position: 4, record: 'bronze line is not a JSON array of 2 values' },
      { position: 5, record: 'bronze line is not JSON' },
    ]);
  });

  it('still reads an object without a header, one JSON object per line', async () => {
    const lines = ['{"a":1,"b":"x"}', '{"b":"y"}', '[1,2]'];
    expect(await roundTrip('objects', lines, ['a', 'b'])).toEqual([
      { position: 1, record: [1, 'x'] },
      { position: 2, record: [undefined, 'y'] },
      { position: 3, record: 'bronze line is not a JSON object' },
    ]);
  });

  it('gives text as trimmed, cleaned bytes where asked, also in lines longer than a chunk', async () => {
    const long = `${'la\\nla '.repeat(60_000)}end`;
    const lines = [
      bronzeHeaderLine(['id', 'lyrics', 'url']),
      `["a", "  ${long} ", " https://x/y "]`,
      '["b", "\\"quoted\\"\\r\\n", null]',
    ];
    const key = 'bronze/test/bytes.ndjson.gz';
    const writer = createNdjsonWriter(env.clients.store, key);
    for (const line of lines) {
      await writer.writeLine(line);
    }
    await writer.close();
    const textAs = new Map([
      ['lyrics', 'cleaned-bytes'],
      ['url', 'bytes'],
    ] as const);
    const rows: unknown[][] = [];
    for await (const row of readBronzeRows(
      env.clients.store,
      key,
      ['id', 'lyrics', 'url'],
      undefined,
      textAs,
    )) {
      rows.push(
        (row.record instanceof Error ? [row.record.message] : row.record).map((value) =>
          value instanceof Uint8Array ? Buffer.from(value).toString() : value,
        ),
      );
    }
    expect(rows).toEqual([
      ['a', `${'lala '.repeat(60_000)}end`, 'https://x/y'],
      ['b', 'quoted', null],
    ]);
  });
});
