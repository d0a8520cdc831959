// Writes rows as one Parquet object streamed to S3, a row group at a time: memory is bounded by the
// row-group size, never by the table. Columns are buffered column-wise, as Parquet stores them.
// Gold exports write through it; silver parts through silver-writer.ts, on the same ParquetUpload.

import { PassThrough } from 'node:stream';
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { uploadObject } from '../lake/objects';
import type { LakeStore } from '../lake/objects';
import { COMPRESSORS } from './codecs';

export interface ParquetObjectWriter<V> {
  appendRow(values: readonly V[]): Promise<void>;
  /** Writes the footer and waits until S3 holds the object; returns its size in bytes. */
  close(): Promise<number>;
  /** Gives up: buffered rows are dropped, the upload is aborted and no object is created. */
  abort(reason: Error): Promise<void>;
}

/** A hyparquet Writer whose flush hands each finished row group to a stream, with backpressure. */
class StreamingByteWriter extends ByteWriter {
  bytes = 0;

  constructor(private readonly sink: PassThrough) {
    super(1 << 20);
  }

  flush(): Promise<void> {
    const chunk = Buffer.from(this.getBytes());
    this.bytes += chunk.length;
    this.index = 0;
    if (this.sink.write(chunk)) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.sink.once('drain', resolve);
      this.sink.once('error', reject);
    });
  }

  override finish(): void {
    const chunk = Buffer.from(this.getBytes());
    this.bytes += chunk.length;
    this.index = 0;
    this.sink.end(chunk);
  }
}

/**
 * The upload a Parquet file's bytes stream into as they are written: `writer` is the
 * hyparquet-writer Writer, whose flush hands a finished row group on with backpressure.
 */
export class ParquetUpload {
  readonly writer: StreamingByteWriter;
  // About one encoded row group of tracks: enough to keep the upload busy, no more held in memory.
  private readonly body = new PassThrough({ highWaterMark: 4 * 1024 * 1024 });
  private readonly uploaded: Promise<void>;

  constructor(store: LakeStore, key: string, signal?: AbortSignal) {
    this.uploaded = uploadObject(store, key, this.body, signal);
    // Keep a rejected upload from going unhandled before done() awaits it.
    this.uploaded.catch(() => undefined);
    this.writer = new StreamingByteWriter(this.body);
  }

  /** Throws if the upload has failed already, rather than after encoding the whole object. */
  async check(): Promise<void> {
    await Promise.race([this.uploaded, Promise.resolve()]);
  }

  /** Once the writer is finished: waits until S3 holds the object; returns its size in bytes. */
  async done(): Promise<number> {
    await this.uploaded;
    return this.writer.bytes;
  }

  /** The upload fails with `reason` and creates no object: that is the point. */
  async abort(reason: Error): Promise<void> {
    this.body.destroy(reason);
    await this.uploaded.catch(() => undefined);
  }
}

/** How one column is written, where it differs from the writer's defaults. */
/** `names` are the top-level columns of `schema`, in order; each row holds one value per name. */
export function createParquetObjectWriter<V>(
  store: LakeStore,
  key: string,
  schema: SchemaElement[],
  names: readonly string[],
  rowGroupRows: number,
  signal?: AbortSignal,
): ParquetObjectWriter<V> {
  const upload = new ParquetUpload(store, key, signal);
  const parquet = new ParquetWriter({
    writer: upload.writer,
    schema,
    codec: 'SNAPPY',
    compressors: COMPRESSORS,
  });
  let columns: (V | null)[][] = names.map(() => []);
  let rows = 0;

  const writeGroup = async (): Promise<void> => {
    if (rows === 0) {
      return;
    }
    const columnData = names.map((name, i) => ({ name, data: columns[i] ?? [] }));
    columns = names.map(() => []);
    const count = rows;
    rows = 0;
    await parquet.write({ columnData, rowGroupSize: count });
    await upload.check();
  };

  return {
    async appendRow(values) {
      for (let i = 0; i < names.length; i += 1) {
        (columns[i] as (V | null)[]).push(values[i] ?? null);
      }
      rows += 1;
      if (rows >= rowGroupRows) {
        await writeGroup();
      }
    },
    async close() {
      await writeGroup();
      await parquet.finish();
      return upload.done();
    },
    async abort(reason) {
      columns = names.map(() => []);
      rows = 0;
      await upload.abort(reason);
    },
  };
}
