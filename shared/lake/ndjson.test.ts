// Gzipped NDJSON objects on a real S3 server: lines given as text or as UTF-8 bytes, mixed and
// spanning many zlib chunks, read back in order and unchanged.

import { createNdjsonWriter, readNdjsonLines } from './ndjson';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

describe('createNdjsonWriter', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  it('writes text and byte lines in order, the bytes copied so the caller may reuse them', async () => {
    const key = 'bronze/test/mixed.ndjson.gz';
    const writer = createNdjsonWriter(env.clients.store, key);
    const expected: string[] = [];
    const reused = Buffer.alloc(8_192);
    for (let i = 0; i < 600; i += 1) {
      // Every tenth line is text; the others are bytes written into the same buffer each time.
      const line = `["row ${i}", "ünïcødé 🎵", "${'x'.repeat(i * 7)}"]`;
      expected.push(line);
      if (i % 10 === 0) {
        await writer.writeLine(line);
      } else {
        const length = reused.write(line, 'utf8');
        await writer.writeLine(reused.subarray(0, length));
        reused.fill(0);
      }
    }
    const written = await writer.close();

    const lines: string[] = [];
    for await (const { line } of readNdjsonLines(env.clients.store, key)) {
      lines.push(line);
    }
    // Compared line by line: a diff of 600 long lines would bury the one that differs.
    expect(lines).toHaveLength(expected.length);
    expect(lines.findIndex((line, i) => line !== expected[i])).toBe(-1);
    expect(written).toBeGreaterThan(0);
  });

  it('keeps objects written at once intact while their staging buffers are reused', async () => {
    // Each object is many staging buffers long, and the two writers draw on the same spares.
    const linesOf = (object: number): string[] =>
      Array.from(
        { length: 4_000 },
        (_, i) => `["${object}-${i}", "${`${object}${i}`.repeat(60 + (i % 90))}"]`,
      );
    const write = async (object: number): Promise<void> => {
      const writer = createNdjsonWriter(env.clients.store, `bronze/test/spare-${object}.ndjson.gz`);
      for (const line of linesOf(object)) {
        await writer.writeLine(Buffer.from(line));
      }
      await writer.close();
    };
    await Promise.all([write(1), write(2), write(3)]);
    for (const object of [1, 2, 3]) {
      const lines: string[] = [];
      for await (const { line } of readNdjsonLines(
        env.clients.store,
        `bronze/test/spare-${object}.ndjson.gz`,
      )) {
        lines.push(line);
      }
      const expected = linesOf(object);
      expect(lines).toHaveLength(expected.length);
      expect(lines.findIndex((line, i) => line !== expected[i])).toBe(-1);
    }
  });
});
