// Compression of Parquet pages. Silver is written LZ4_RAW through lz4-napi's native LZ4: the
// s3-loader's largest single cost was compression (issue 10). Measured on 64 MB of the tracks'
// text in 1 MB pages: hyparquet-writer's own JavaScript SNAPPY was slowest; Node's GZIP level 1
// compressed at 149 MB/s to 0.25 of the input, native snappy at 224 MB/s to 0.33, native LZ4 at
// 447 MB/s to 0.35, and LZ4 decompresses 4x faster than GZIP for the pg-loader. Files written
// GZIP by earlier versions are still read.

import { gunzipSync, gzipSync } from 'node:zlib';
import type { CompressionCodec } from 'hyparquet';
import { compressSync, uncompressSync } from 'lz4-napi';

export type Compress = (input: Uint8Array) => Uint8Array;
export type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

export const SILVER_CODEC: CompressionCodec = 'LZ4_RAW';

/** lz4-napi frames a block with its length, 4 bytes little-endian; LZ4_RAW is the bare block. */
const LZ4_LENGTH_BYTES = 4;

function asBuffer(input: Uint8Array): Buffer {
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.length);
}

function lz4Compress(input: Uint8Array): Uint8Array {
  return compressSync(asBuffer(input)).subarray(LZ4_LENGTH_BYTES);
}

function lz4Decompress(input: Uint8Array, outputLength: number): Uint8Array {
  const framed = Buffer.allocUnsafe(LZ4_LENGTH_BYTES + input.length);
  framed.set(input, LZ4_LENGTH_BYTES);
  return lz4Framed(framed, outputLength);
}

/**
 * LZ4_RAW of a page whose 4 bytes before `input` are the caller's to borrow (its header or levels):
 * the length lz4-napi wants goes there and they are put back after, instead of copying the whole
 * block behind a new length, one more buffer outside V8's heap per page (issue 10).
 */
export function lz4DecompressInPlace(input: Uint8Array, outputLength: number): Uint8Array {
  if (input.byteOffset < LZ4_LENGTH_BYTES) {
    return lz4Decompress(input, outputLength);
  }
  const framed = Buffer.from(
    input.buffer,
    input.byteOffset - LZ4_LENGTH_BYTES,
    input.byteLength + LZ4_LENGTH_BYTES,
  );
  const borrowed = framed.readUInt32LE(0);
  try {
    return lz4Framed(framed, outputLength);
  } finally {
    framed.writeUInt32LE(borrowed, 0);
  }
}

function lz4Framed(framed: Buffer, outputLength: number): Uint8Array {
  framed.writeUInt32LE(outputLength, 0);
  const output = uncompressSync(framed);
  if (output.length !== outputLength) {
    throw new Error(
      `LZ4_RAW page decompressed to ${output.length} bytes, expected ${outputLength}`,
    );
  }
  return output;
}

/** For hyparquet-writer: the codecs it has no compressor of its own for. */
export const COMPRESSORS: Partial<Record<CompressionCodec, Compress>> = {
  GZIP: (input) => gzipSync(input, { level: 1 }),
  LZ4_RAW: lz4Compress,
};

/** For hyparquet: it decodes SNAPPY itself; GZIP and LZ4_RAW pages need native code. */
export const DECOMPRESSORS: Partial<Record<CompressionCodec, Decompress>> = {
  GZIP: (input) => gunzipSync(input),
  LZ4_RAW: lz4Decompress,
};
