// Compressed NDJSON objects on a real S3 server, gzip and zstd: lines given as text or as UTF-8
// bytes, mixed and spanning many compressor chunks, read back in order and unchanged; the objects
// are the standard streams the gzip and zstd commands read.

import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { createNdjsonWriter, readNdjsonByteLines, readNdjsonLines } from './ndjson';
import { objectSize, openObject, uploadObject } from './objects';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

async function download(env: TestEnv, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openObject(env.clients.store, key)) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

describe('createNdjsonWriter', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  it.each(['ndjson.gz', 'ndjson.zst'])(
    'writes text and byte lines in order, the bytes copied so the caller may reuse them (%s)',
    async (ext) => {
      const key = `bronze/test/mixed.${ext}`;
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
      expect(written).toBe(await objectSize(env.clients.store, key));
      // The object as any tool reads it: the command of its format gives back the same lines.
      const object = await download(env, key);
      const command = ext.endsWith('.zst') ? ['zstd', '-d', '-c'] : ['gzip', '-d', '-c'];
      const plain = execFileSync(command[0] as string, command.slice(1), {
        input: object,
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(plain.toString('utf8')).toBe(expected.map((line) => `${line}\n`).join(''));
    },
  );

  it.each(['ndjson.gz', 'ndjson.zst'])(
    'keeps objects written at once intact while their staging buffers are reused (%s)',
    async (ext) => {
      // Each object is many staging buffers long, and the two writers draw on the same spares.
      const linesOf = (object: number): string[] =>
        Array.from(
          { length: 4_000 },
          (_, i) => `["${object}-${i}", "${`${object}${i}`.repeat(60 + (i % 90))}"]`,
        );
      const write = async (object: number): Promise<void> => {
        const writer = createNdjsonWriter(env.clients.store, `bronze/test/spare-${object}.${ext}`);
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
          `bronze/test/spare-${object}.${ext}`,
        )) {
          lines.push(line);
        }
        const expected = linesOf(object);
        expect(lines).toHaveLength(expected.length);
        expect(lines.findIndex((line, i) => line !== expected[i])).toBe(-1);
      }
    },
  );

  it('fails the read of a damaged zstd object with what zstd said', async () => {
    const key = 'bronze/test/damaged.ndjson.zst';
    const writer = createNdjsonWriter(env.clients.store, key);
    for (let i = 0; i < 2_000; i += 1) {
      await writer.writeLine(`["row ${i}", "${'y'.repeat(i % 300)}"]`);
    }
    await writer.close();
    const object = await download(env, key);
    // Bytes in the middle of the first block flipped: the frame no longer decodes.
    for (let at = 40; at < 60; at += 1) {
      object[at] = (object[at] as number) ^ 0xff;
    }
    await uploadObject(env.clients.store, key, Readable.from([object]));
    const read = async (): Promise<number> => {
      let last = 0;
      for await (const { lineNumber } of readNdjsonByteLines(env.clients.store, key)) {
        last = lineNumber;
      }
      return last;
    };
    await expect(read()).rejects.toThrow(/zstd decompression failed: zstd exited with 1: .+/);
  });

  it('creates no object when a zstd write is aborted', async () => {
    const key = 'bronze/test/aborted.ndjson.zst';
    const writer = createNdjsonWriter(env.clients.store, key);
    await writer.writeLine('["a"]');
    await writer.abort(new Error('the extract gave up'));
    expect(await objectSize(env.clients.store, key)).toBeNull();
  });
});
