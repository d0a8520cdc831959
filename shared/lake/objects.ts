// Streaming reads and writes of lake objects. Uploads are multipart and bounded in memory; reads
// are streams; listings follow continuation tokens past the first page.

import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NotFound,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';

export interface LakeStore {
  s3: S3Client;
  bucket: string;
}

// S3's smallest part: an upload holds at most (queueSize + 1) parts in memory (issue 10, RSS).
const PART_BYTES = 5 * 1024 * 1024;

/** Uploads a stream as one object; resolves once S3 has it. Aborting the signal aborts the upload. */
export async function uploadObject(
  store: LakeStore,
  key: string,
  body: Readable,
  signal?: AbortSignal,
  metadata?: Record<string, string>,
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
