// Compressed NDJSON objects in the lake, gzip or zstd as the key's extension says (compression.ts):
// a writer that streams lines into one upload with backpressure, and a reader that yields one line
// at a time.

import { pipeline, Transform } from 'node:stream';
import { codecOfKey, compressor, decompressor } from './compression';
import { openObject, uploadObject } from './objects';
import type { LakeStore } from './objects';

const CHUNK_CHARS = 256 * 1024;
/** Lines given as bytes are staged into buffers of this size before they go to the compressor. */
const STAGING_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

/**
 * Staging buffers the compressor has finished reading, kept for the next chunk of any writer. A
 * fresh buffer of this size is memory outside V8's heap, and V8 starts a full collection for every
 * 64 MB or so of it: the extractor, allocating one per 256 KB of rows, ran one every 1,300 rows,
 * 11% of its time (issue 10).
 */
const spareStaging: Buffer[] = [];
const SPARE_STAGING_LIMIT = 8;

function stagingBuffer(bytes: number): Buffer {
  return bytes <= STAGING_BYTES
    ? (spareStaging.pop() ?? Buffer.allocUnsafeSlow(STAGING_BYTES))
    : Buffer.allocUnsafe(bytes);
}

/** Once the compressor has read `chunk`, its buffer can be filled again. */
function releaseStaging(chunk: Buffer): (err?: Error | null) => void {
  return (err) => {
    if (
      (err === null || err === undefined) &&
      chunk.byteOffset === 0 &&
      chunk.buffer.byteLength === STAGING_BYTES &&
      spareStaging.length < SPARE_STAGING_LIMIT
    ) {
      spareStaging.push(Buffer.from(chunk.buffer, 0, STAGING_BYTES));
    }
  };
}

export interface NdjsonWriter {
  /**
   * Appends one line (already serialized, without the newline): text, or its UTF-8 bytes, which
   * are copied before the call returns, so the caller may reuse them.
   */
  writeLine(line: string | Uint8Array): Promise<void>;
  /** Flushes and waits until S3 holds the object; returns the compressed bytes written. */
  close(): Promise<number>;
  /** Gives up: the upload is aborted and no object is created. */
  abort(reason: Error): Promise<void>;
}

export function createNdjsonWriter(
  store: LakeStore,
  key: string,
  signal?: AbortSignal,
): NdjsonWriter {
  const packer = compressor(codecOfKey(key));
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  // The upload consumes `counter`; pipeline only links packer to it and tears both down on error.
  pipeline(packer, counter, () => undefined);
  const uploaded = uploadObject(store, key, counter, signal);
  // Keep a rejected upload from going unhandled before close() awaits it.
  uploaded.catch(() => undefined);
  // Lines wait here until a chunk's worth goes to the compressor: text joined as a string and
  // encoded once, bytes copied into one buffer, which the compressor then owns.
  let pending = '';
  let staged: Buffer = Buffer.allocUnsafe(0);
  let stagedBytes = 0;

  const takeBytes = (): Buffer | null => {
    if (stagedBytes === 0) {
      return null;
    }
    const chunk = staged.subarray(0, stagedBytes);
    staged = Buffer.allocUnsafe(0);
    stagedBytes = 0;
    return chunk;
  };

  const push = async (chunk: string | Buffer): Promise<void> => {
    const written =
      typeof chunk === 'string' ? packer.write(chunk) : packer.write(chunk, releaseStaging(chunk));
    if (!written) {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error): void => reject(err);
        packer.once('error', onError);
        packer.once('drain', () => {
          packer.off('error', onError);
          resolve();
        });
        uploaded.catch(reject);
      });
    }
  };

  return {
    async writeLine(line: string | Uint8Array): Promise<void> {
      if (typeof line === 'string') {
        const bytesFirst = takeBytes();
        if (bytesFirst !== null) {
          await push(bytesFirst);
        }
        pending += `${line}\n`;
        if (pending.length >= CHUNK_CHARS) {
          const text = pending;
          pending = '';
          await push(text);
        }
        return;
      }
      if (pending.length > 0) {
        const text = pending;
        pending = '';
        await push(text);
      }
      if (stagedBytes + line.length + 1 > staged.length) {
        const full = takeBytes();
        if (full !== null) {
          await push(full);
        }
        staged = stagingBuffer(line.length + 1);
      }
      staged.set(line, stagedBytes);
      staged[stagedBytes + line.length] = NEWLINE;
      stagedBytes += line.length + 1;
    },
    async close(): Promise<number> {
      const last = takeBytes();
      if (last !== null) {
        packer.write(last, releaseStaging(last));
      }
      packer.end(pending);
      pending = '';
      await uploaded;
      return bytes;
    },
    async abort(reason: Error): Promise<void> {
      pending = '';
      staged = Buffer.allocUnsafe(0);
      stagedBytes = 0;
      packer.destroy(reason);
      // The upload fails with `reason` and creates no object: that is the point.
      await uploaded.catch(() => undefined);
    },
  };
}

/** Yields each non-empty line of a compressed NDJSON object, with its 1-based line number. */
export async function* readNdjsonLines(
  store: LakeStore,
  key: string,
  signal?: AbortSignal,
): AsyncGenerator<{ line: string; lineNumber: number }> {
  for await (const { line, lineNumber } of readNdjsonByteLines(store, key, signal)) {
    yield { line: line.toString('utf8'), lineNumber };
  }
}

/**
 * Yields each non-empty line of a compressed NDJSON object as its bytes, with its 1-based line
 * number. A line is a view of the decompressed data, which is never reused, so a caller may keep
 * views of it; a line split across two chunks is joined once its end is found.
 */
export async function* readNdjsonByteLines(
  store: LakeStore,
  key: string,
  signal?: AbortSignal,
): AsyncGenerator<{ line: Buffer; lineNumber: number }> {
  const body = await openObject(store, key, signal);
  const unpacker = decompressor(codecOfKey(key));
  // Errors reach the loop below through unpacker, which pipeline destroys with them.
  pipeline(body, unpacker, () => undefined);
  let carried: Buffer[] = [];
  let lineNumber = 0;
  try {
    for await (const chunk of unpacker as AsyncIterable<Buffer>) {
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(NEWLINE, start);
        if (newline < 0) {
          break;
        }
        let line = chunk.subarray(start, newline);
        if (carried.length > 0) {
          line = Buffer.concat([...carried, line]);
          carried = [];
        }
        lineNumber += 1;
        start = newline + 1;
        if (line.length > 0) {
          yield { line, lineNumber };
        }
      }
      if (start < chunk.length) {
        carried.push(chunk.subarray(start));
      }
    }
    if (carried.length > 0) {
      yield { line: Buffer.concat(carried), lineNumber: lineNumber + 1 };
    }
  } finally {
    body.destroy();
    unpacker.destroy();
  }
}
