// Uploads on a real S3 server: an object arrives byte for byte whether it goes up in one request or
// in parts, keeps its metadata, and a failed or aborted stream creates no object and leaves no spool.

import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createS3 } from '../clients/s3';
import { openObject, objectSize, uploadObject } from './objects';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

describe('uploadObject', () => {
  let env: TestEnv;
  // The spools go to a folder of this file's own (os.tmpdir() reads TMPDIR on each call).
  const savedTmpdir = process.env.TMPDIR;
  let spoolDir: string;

  beforeAll(async () => {
    env = await createTestEnv();
    spoolDir = await mkdtemp(join(tmpdir(), 'objects-test-'));
    process.env.TMPDIR = spoolDir;
  });

  afterAll(async () => {
    process.env.TMPDIR = savedTmpdir;
    await rm(spoolDir, { recursive: true, force: true });
    await env.close();
  });

  it.each([
    ['in one request', undefined],
    ['in 5 MB parts', 1024 * 1024],
  ])('stores a 12 MB stream %s, byte for byte, with its metadata', async (_way, singlePutMax) => {
    const key = `bronze/test/upload-${singlePutMax ?? 'single'}.bin`;
    // The commands the upload sent, as the client's middleware sees them.
    const s3 = createS3(env.config);
    const sent: string[] = [];
    s3.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = { s3, bucket: env.clients.store.bucket };
    const data = randomBytes(12 * 1024 * 1024);
    // Handed over in uneven chunks, as a zlib or Parquet writer does.
    const chunks = [data.subarray(0, 1), data.subarray(1, 3_000_000), data.subarray(3_000_000)];
    await uploadObject(store, key, Readable.from(chunks), undefined, {
      metadata: { source: 'export%20one.json' },
      singlePutMaxBytes: singlePutMax,
    });

    expect(await objectSize(env.clients.store, key)).toBe(data.length);
    expect((await readAll(await openObject(env.clients.store, key))).equals(data)).toBe(true);
    const head = await env.clients.store.s3.send(
      new HeadObjectCommand({ Bucket: env.clients.store.bucket, Key: key }),
    );
    expect(head.Metadata).toEqual({ source: 'export%20one.json' });
    expect(sent).toEqual(
      singlePutMax === undefined
        ? ['PutObjectCommand']
        : [
            'CreateMultipartUploadCommand',
            'UploadPartCommand',
            'UploadPartCommand',
            'UploadPartCommand',
            'CompleteMultipartUploadCommand',
          ],
    );
    s3.destroy();
  });

  it('creates no object when the stream fails or the signal aborts, and removes its spool', async () => {
    const failing = new PassThrough();
    const failed = uploadObject(env.clients.store, 'bronze/test/failed.bin', failing);
    failing.write(randomBytes(1024 * 1024));
    failing.destroy(new Error('the writer gave up'));
    await expect(failed).rejects.toThrow('the writer gave up');

    const controller = new AbortController();
    const open = new PassThrough();
    const aborted = uploadObject(
      env.clients.store,
      'bronze/test/aborted.bin',
      open,
      controller.signal,
    );
    open.write(randomBytes(1024 * 1024));
    controller.abort();
    await expect(aborted).rejects.toThrow();

    expect(await objectSize(env.clients.store, 'bronze/test/failed.bin')).toBeNull();
    expect(await objectSize(env.clients.store, 'bronze/test/aborted.bin')).toBeNull();
    expect(await readdir(spoolDir)).toEqual([]);
  });
});
