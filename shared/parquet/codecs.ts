// Compression of Parquet pages. Silver is written GZIP through Node's native zlib: hyparquet-writer's
// SNAPPY is JavaScript and was the largest single cost of the s3-loader (issue 10: 1.4 s of 2.75 s to
// encode 20,000 tracks; GZIP level 1 took 1.6 s in all and wrote 22% fewer bytes).

import { gunzipSync, gzipSync } from 'node:zlib';
import type { CompressionCodec } from 'hyparquet';

export type Compress = (input: Uint8Array) => Uint8Array;
export type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

export const SILVER_CODEC: CompressionCodec = 'GZIP';

/** For hyparquet-writer: the codecs it has no compressor of its own for. */
export const COMPRESSORS: Partial<Record<CompressionCodec, Compress>> = {
  GZIP: (input) => gzipSync(input, { level: 1 }),
};

/** For hyparquet: it decodes SNAPPY itself; GZIP pages need Node's zlib. */
export const DECOMPRESSORS: Partial<Record<CompressionCodec, Decompress>> = {
  GZIP: (input) => gunzipSync(input),
};
