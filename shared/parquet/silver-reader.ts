// Reads a silver Parquet object a row group at a time, for binary COPY: as raw column chunks over
// its pages (raw-column-chunk.ts), or decoded by hyparquet with values left as Parquet stores them.
// The object is spooled to a temporary file first (Parquet needs random access to its footer), so
// memory holds one row group, not the file.

import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { flatten, parquetMetadataAsync, parquetRead } from 'hyparquet';
import type { AsyncBuffer, DecodedArray, FileMetaData } from 'hyparquet';
import { openObject } from '../lake/objects';
import type { LakeStore } from '../lake/objects';
import { DECOMPRESSORS } from './codecs';
import { columnShapes, rawChunkSupport, readRawColumnChunk } from './raw-column-chunk';
import type { ColumnShape, RawColumnChunk } from './raw-column-chunk';

/**
 * One row group, one array per requested column. Text and JSON come as their UTF-8 bytes
 * (Uint8Array), lists as arrays of them, INT64 as bigint, timestamps as bigint microseconds since
 * 1970-01-01 UTC, dates as days since 1970-01-01, other numbers and booleans as they are; NULL is
 * null or undefined.
 */
export interface SilverRowGroup {
  rows: number;
  columns: DecodedArray[];
}

export interface SilverFile {
  metadata: FileMetaData;
  /** Each top-level column's leaf and levels, where raw-column-chunk.ts reads its shape; else null. */
  shapes: ReadonlyMap<string, ColumnShape | null>;
  /** Row group `index` (of metadata.row_groups), decoded by hyparquet. */
  readGroup(index: number, columns: readonly string[]): Promise<SilverRowGroup>;
  /** Whether readRawGroup may read these columns of this file: their shapes, types and codecs. */
  readsRaw(columns: readonly string[]): boolean;
  /**
   * Row group `index` as one raw column chunk per requested column (raw-column-chunk.ts), its
   * pages read in one go; null when a page is of a kind that module does not read.
   */
  readRawGroup(index: number, columns: readonly string[]): Promise<RawColumnChunk[] | null>;
  close(): Promise<void>;
}

// Values stay as Parquet stores them, for binary COPY: decoding text to strings (and JSON to
// objects) only to encode them again cost TextDecoder time and garbage, turned the JSON document
// `null` into NULL, and timestamps as Date lost their microseconds. `utf8: false` leaves
// BYTE_ARRAY without annotation raw; these parsers do the same for UTF8 and JSON columns,
// timestamps and dates.
const RAW_PARSERS = {
  stringFromBytes: (bytes: Uint8Array) => bytes,
  jsonFromBytes: (bytes: Uint8Array) => bytes,
  timestampFromMilliseconds: (millis: bigint) => millis * 1000n,
  timestampFromMicroseconds: (micros: bigint) => micros,
  timestampFromNanoseconds: (nanos: bigint) => nanos / 1000n - (nanos % 1000n < 0n ? 1n : 0n),
  dateFromDays: (days: number) => days,
};

/**
 * The spooled file as hyparquet reads it: each slice one positioned read into a buffer of its own,
 * through one open handle. hyparquet's asyncBufferFromFile opens a read stream per slice and copies
 * what it read twice.
 */
function fileBuffer(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start, end = size) {
      const length = Math.max(0, end - start);
      // Larger than Buffer's pool, so the bytes own their ArrayBuffer from offset 0.
      const bytes = Buffer.allocUnsafeSlow(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(bytes, filled, length - filled, start + filled);
        if (bytesRead === 0) {
          throw new Error(`silver file ends at ${start + filled}, expected ${end} bytes`);
        }
        filled += bytesRead;
      }
      return bytes.buffer;
    },
  };
}

export async function openSilverFile(
  store: LakeStore,
  key: string,
  signal?: AbortSignal,
): Promise<SilverFile> {
  const dir = await mkdtemp(join(tmpdir(), 'spotlake-silver-'));
  try {
    const path = join(dir, 'part.parquet');
    await pipeline(await openObject(store, key, signal), createWriteStream(path), { signal });
    const handle = await open(path, 'r');
    const file = fileBuffer(handle, (await handle.stat()).size);
    const metadata = await parquetMetadataAsync(file).catch(async (err: unknown) => {
      await handle.close();
      throw err;
    });
    const shapes = columnShapes(metadata.schema);
    return {
      metadata,
      readGroup: (index, columns) => readGroup(key, file, metadata, index, columns),
      shapes,
      readsRaw: (columns) => rawChunkSupport(metadata, shapes, columns),
      readRawGroup: (index, columns) => readRawGroup(key, file, metadata, shapes, index, columns),
      close: async () => {
        await handle.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function readGroup(
  key: string,
  file: AsyncBuffer,
  metadata: FileMetaData,
  index: number,
  columns: readonly string[],
): Promise<SilverRowGroup> {
  const rowStart = metadata.row_groups
    .slice(0, index)
    .reduce((rows, group) => rows + Number(group.num_rows), 0);
  const rows = Number(metadata.row_groups[index]?.num_rows ?? 0);
  const chunks = new Map<string, DecodedArray[]>(columns.map((name) => [name, []]));
  await parquetRead({
    file,
    metadata,
    columns: [...columns],
    rowStart,
    rowEnd: rowStart + rows,
    compressors: DECOMPRESSORS,
    utf8: false,
    parsers: RAW_PARSERS,
    // Column chunks arrive in page order, and a whole row group holds no rows of another.
    onChunk: (chunk) => {
      chunks.get(chunk.columnName)?.push(chunk.columnData);
    },
  });
  return { rows, columns: columns.map((name) => columnOf(key, name, chunks, rows)) };
}

async function readRawGroup(
  key: string,
  file: AsyncBuffer,
  metadata: FileMetaData,
  shapes: ReadonlyMap<string, ColumnShape | null>,
  index: number,
  columns: readonly string[],
): Promise<RawColumnChunk[] | null> {
  const group = metadata.row_groups[index];
  if (group === undefined) {
    throw new Error(`${key}: no row group ${index}`);
  }
  const chunks = columns.map((name) => {
    const chunk = group.columns.find((column) => column.meta_data?.path_in_schema[0] === name);
    const shape = shapes.get(name);
    if (chunk?.meta_data === undefined || shape === undefined || shape === null) {
      throw new Error(`${key}: no column ${name} to read raw`);
    }
    const start = Number(
      chunk.meta_data.dictionary_page_offset ?? chunk.meta_data.data_page_offset,
    );
    return { chunk, shape, start, end: start + Number(chunk.meta_data.total_compressed_size) };
  });
  // One read for the row group: its column chunks lie next to each other.
  const from = Math.min(...chunks.map(({ start }) => start));
  const to = Math.max(...chunks.map(({ end }) => end));
  const bytes = new Uint8Array(await file.slice(from, to));
  const rows = Number(group.num_rows);
  const raw: RawColumnChunk[] = [];
  for (const { chunk, shape, start, end } of chunks) {
    const read = readRawColumnChunk(bytes.subarray(start - from, end - from), chunk, shape, rows);
    if (read === null) {
      return null;
    }
    const count = read.reps === null ? read.slots : read.reps.filter((level) => level === 0).length;
    if (count !== rows) {
      throw new Error(
        `${key}: column ${shape.element.name} has ${count} rows in a row group of ${rows}`,
      );
    }
    raw.push(read);
  }
  return raw;
}

function columnOf(
  key: string,
  name: string,
  chunks: ReadonlyMap<string, DecodedArray[]>,
  rows: number,
): DecodedArray {
  const column = flatten(chunks.get(name));
  if (column.length !== rows) {
    throw new Error(`${key}: column ${name} has ${column.length} values in a row group of ${rows}`);
  }
  return column;
}
