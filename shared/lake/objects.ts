// Streaming reads and writes of lake objects. Uploads are spooled to a file and bounded in memory;
// reads are streams; listings follow continuation tokens past the first page.

import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NotFound,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface LakeStore {
  s3: S3Client;
  bucket: string;
}

// S3's smallest part: a multipart upload holds at most (queueSize + 1) parts in memory.
const PART_BYTES = 5 * 1024 * 1024;

/**
 * Objects up to this size go up in one PutObject. A multipart upload costs the server a second
 * write of every byte: s3rver, like other file-backed servers, reads the parts back into the object
 * on completion. Measured here for 15 objects of 13 MB: s3rver 2.8-3.2 CPU s as 5 MB parts against
 * 1.3-1.4 s as single PUTs, and the uploads took 2.0-2.2 s instead of 3.3-4.2 s (issue 10).
 */
export const SINGLE_PUT_MAX_BYTES = 256 * 1024 * 1024;

export interface UploadOptions {
  metadata?: Record<string, string>;
  /** For tests: the size above which the object goes up in parts. */
  singlePutMaxBytes?: number;
}

/**
 * Uploads a stream as one object; resolves once S3 has it, and creates no object if the stream
 * fails or the signal aborts. The stream is spooled to a temporary file first, so memory stays
 * bounded whatever the size, and the object goes up in one request when it is small enough.
 */
export async function uploadObject(
  store: LakeStore,
  key: string,
  body: Readable,
  signal?: AbortSignal,
  options: UploadOptions = {},
): Promise<void> {
  // The writer may fail the stream before the spool exists: that error is the upload's, not an
  // unhandled one.
  const early = (): void => undefined;
  body.on('error', early);
  const dir = await mkdtemp(join(tmpdir(), 'spotlake-upload-'));
  const file = join(dir, 'object');
  try {
    if (body.errored !== null) {
      throw body.errored;
    }
    body.off('error', early);
    await pipeline(body, createWriteStream(file), signal === undefined ? {} : { signal });
    const { size } = await stat(file);
    if (size <= (options.singlePutMaxBytes ?? SINGLE_PUT_MAX_BYTES)) {
      await putFile(store, key, file, size, signal, options.metadata);
    } else {
      await uploadParts(store, key, createReadStream(file), signal, options.metadata);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// A stream cannot be sent twice, so the SDK cannot retry a failed PUT of one: each attempt here
// reads the file afresh.
const PUT_ATTEMPTS = 3;

async function putFile(
  store: LakeStore,
  key: string,
  file: string,
  size: number,
  signal: AbortSignal | undefined,
  metadata: Record<string, string> | undefined,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const Body = createReadStream(file, { highWaterMark: 1024 * 1024 });
    try {
      await store.s3.send(
        new PutObjectCommand({
          Bucket: store.bucket,
          Key: key,
          Body,
          ContentLength: size,
          Metadata: metadata,
        }),
        { abortSignal: signal },
      );
      return;
    } catch (err) {
      if (attempt >= PUT_ATTEMPTS || signal?.aborted === true || !isTransient(err)) {
        throw err;
      }
    } finally {
      Body.destroy();
    }
  }
}

function isTransient(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) {
    return false;
  }
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  // No status: the connection failed before S3 answered.
  return status === undefined || status >= 500 || status === 429;
}

async function uploadParts(
  store: LakeStore,
  key: string,
  body: Readable,
  signal: AbortSignal | undefined,
  metadata: Record<string, string> | undefined,
): Promise<void> {
  const upload = new Upload({
    client: store.s3,
    params: { Bucket: store.bucket, Key: key, Body: body, Metadata: metadata },
    partSize: PART_BYTES,
    queueSize: 2,
    leavePartsOnError: false,
  });
  const abort = (): void => {
    void upload.abort();
  };
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await upload.done();
  } finally {
    signal?.removeEventListener('abort', abort);
    body.destroy();
  }
}

export async function openObject(
  store: LakeStore,
  key: string,
  signal?: AbortSignal,
): Promise<Readable> {
  const response = await store.s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }), {
    abortSignal: signal,
  });
  if (!(response.Body instanceof Readable)) {
    throw new Error(`s3 object ${key} has no readable body`);
  }
  return response.Body;
}

export async function readObjectRange(
  store: LakeStore,
  key: string,
  start: number,
  end: number,
): Promise<Uint8Array> {
  const response = await store.s3.send(
    new GetObjectCommand({ Bucket: store.bucket, Key: key, Range: `bytes=${start}-${end - 1}` }),
  );
  if (response.Body === undefined) {
    throw new Error(`s3 object ${key} has no body`);
  }
  return response.Body.transformToByteArray();
}

export async function objectSize(store: LakeStore, key: string): Promise<number | null> {
  try {
    const head = await store.s3.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (err) {
    if (err instanceof NotFound) {
      return null;
    }
    throw err;
  }
}

export async function* listKeys(store: LakeStore, prefix: string): AsyncGenerator<string> {
  let token: string | undefined;
  do {
    const page = await store.s3.send(
      new ListObjectsV2Command({ Bucket: store.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined) {
        yield object.Key;
      }
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

export async function deleteByPrefix(store: LakeStore, prefix: string): Promise<number> {
  // Collect first: deleting while paging through a listing can skip keys.
  const keys: string[] = [];
  for await (const key of listKeys(store, prefix)) {
    keys.push(key);
  }
  for (let start = 0; start < keys.length; start += 1000) {
    const batch = keys.slice(start, start + 1000);
    await store.s3.send(
      new DeleteObjectsCommand({
        Bucket: store.bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
  return keys.length;
}
