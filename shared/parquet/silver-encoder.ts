// Encodes typed silver rows straight into Parquet column chunks, value by value into one growing
// buffer per column, and writes them as row groups of DATA_PAGE_V2 pages. The s3-loader spent
// more than half its time in the general writer (issue 10): an array per column of the row group's
// values, each mapped to its physical form, a second copy without its nulls, the levels as arrays
// of numbers, a dictionary tried on a sample, and every value alive until the group was written.
// Here a value is encoded as it arrives and dropped. The file's framing (page headers, footer)
// and the RLE/bit-packed levels are hyparquet-writer's, so the layout is the one it writes.

import type { ColumnChunk, CompressionCodec, Encoding, RowGroup, SchemaElement } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import type { ColumnDef, TableDef } from '../catalog';
import type { SilverValue } from '../typing/type-value';
import type { Compress } from './codecs';
import { silverSchema, silverTypeOf } from './schema';

/** How one silver column is written. */
export interface SilverColumnLayout {
  /** False: no min/max, for values no reader prunes by. */
  statistics?: boolean;
  /** True: no dictionary, for values that rarely repeat. */
  plain?: boolean;
}

/** An append-only byte buffer that doubles as it fills and keeps its capacity between chunks. */
class Bytes {
  buf: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
  }

  /** A BYTE_ARRAY value: its length, 4 bytes little-endian, then its bytes. */
  byteArray(value: Uint8Array): void {
    this.reserve(4 + value.length);
    this.buf.writeUInt32LE(value.length, this.length);
    this.buf.set(value, this.length + 4);
    this.length += 4 + value.length;
  }

  /** A string as a BYTE_ARRAY of its UTF-8 (a lone surrogate becomes U+FFFD, as TextEncoder does). */
  utf8(value: string): void {
    // Three bytes per UTF-16 unit at most.
    this.reserve(4 + value.length * 3);
    const written = this.buf.write(value, this.length + 4, 'utf8');
    this.buf.writeUInt32LE(written, this.length);
    this.length += 4 + written;
  }

  /** Bytes as they are, without a length; copied by a loop, as they are short (keys, ids). */
  raw(value: Uint8Array): void {
    this.reserve(value.length);
    const buf = this.buf;
    for (let i = 0; i < value.length; i += 1) {
      buf[this.length + i] = value[i] as number;
    }
    this.length += value.length;
  }

  int32(value: number): void {
    this.reserve(4);
    this.buf.writeInt32LE(value, this.length);
    this.length += 4;
  }

  /** An integer of up to 53 bits as INT64. */
  int64(value: number): void {
    this.reserve(8);
    const high = Math.floor(value / 0x1_0000_0000);
    this.buf.writeUInt32LE(value - high * 0x1_0000_0000, this.length);
    this.buf.writeInt32LE(high, this.length + 4);
    this.length += 8;
  }

  bigint64(value: bigint): void {
    this.reserve(8);
    this.buf.writeBigInt64LE(value, this.length);
    this.length += 8;
  }

  float(value: number): void {
    this.reserve(4);
    this.buf.writeFloatLE(value, this.length);
    this.length += 4;
  }

  double(value: number): void {
    this.reserve(8);
    this.buf.writeDoubleLE(value, this.length);
    this.length += 8;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buf[this.length] = value;
    this.length += 1;
  }

  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** How a column's values are laid down as PLAIN bytes, and compared for min/max. */
type Physical =
  'bytes' | 'json' | 'int32' | 'bigint' | 'timestamp' | 'date' | 'float' | 'double' | 'boolean';

function physicalOf(column: ColumnDef): Physical {
  switch (silverTypeOf(column)) {
    case 'string':
    case 'string_list':
      return 'bytes';
    case 'json':
      return 'json';
    case 'int16':
    case 'int32':
      return 'int32';
    case 'int64':
      return 'bigint';
    case 'timestamp':
      return 'timestamp';
    case 'date':
      return 'date';
    case 'float32':
      return 'float';
    case 'float64':
      return 'double';
    case 'boolean':
      return 'boolean';
  }
}

const DAY_MS = 86_400_000;

/**
 * A dictionary is given up for the rest of the file once it holds more distinct values than half
 * the values seen (after this many), or more bytes than a reader's usual dictionary-page limit.
 */
const DICTIONARY_TRIAL_VALUES = 500;
const DICTIONARY_MAX_BYTES = 1024 * 1024;

interface Stats {
  min: number | bigint | Uint8Array | undefined;
  max: number | bigint | Uint8Array | undefined;
}

/** Encodes one column of a silver table, a row group at a time. */
class ColumnEncoder {
  private readonly physical: Physical;
  private readonly list: boolean;
  /** Definition level of a present value (or list element); 0 for a required flat column. */
  private readonly maxDefinition: number;
  private readonly plain = new Bytes(16 * 1024);
  private readonly definitions = new Bytes(4 * 1024);
  private readonly repetitions = new Bytes(0);
  private bits: number[] = [];
  private values = 0;
  private rows = 0;
  private nulls = 0;
  private readonly stats: Stats | null;
  /** Entries by value (or by their bytes as Latin-1 text, for bytes whose hash collided). */
  private dictionary: Map<unknown, number> | null;
  /** Byte entries by a hash of their bytes: the first entry with that hash. */
  private readonly byHash = new Map<number, number>();
  private entryCount = 0;
  /** Where each entry starts in `entries`. */
  private entryStarts: number[] = [];
  private readonly entries = new Bytes(0);
  private readonly minBytes = new Bytes(0);
  private readonly maxBytes = new Bytes(0);
  private readonly scratch = new Bytes(0);
  private indices = new Int32Array(1024);
  /** JSON text already encoded for a value the typer hands out again (its memo of lists). */
  private readonly jsonMemo = new WeakMap<object, { text: string; bytes: Buffer }>();

  constructor(
    column: ColumnDef,
    private readonly leaf: SchemaElement,
    private readonly path: string[],
    layout: SilverColumnLayout,
  ) {
    this.physical = physicalOf(column);
    this.list = silverTypeOf(column) === 'string_list';
    this.maxDefinition = (column.nullable ? 1 : 0) + (this.list ? 1 : 0);
    this.stats = layout.statistics === false ? null : { min: undefined, max: undefined };
    const dictionaryKinds: Physical[] = ['bytes', 'json', 'int32', 'bigint', 'timestamp', 'date'];
    this.dictionary =
      layout.plain === true || !dictionaryKinds.includes(this.physical) ? null : new Map();
  }

  append(value: SilverValue): void {
    this.rows += 1;
    if (value === null) {
      this.nulls += 1;
      this.definitions.byte(0);
      if (this.list) {
        this.repetitions.byte(0);
      }
      return;
    }
    if (this.list) {
      const items = value as readonly (string | Uint8Array)[];
      if (items.length === 0) {
        // An empty list: one level for the row, no value.
        this.definitions.byte(this.maxDefinition - 1);
        this.repetitions.byte(0);
        return;
      }
      for (let i = 0; i < items.length; i += 1) {
        this.definitions.byte(this.maxDefinition);
        this.repetitions.byte(i === 0 ? 0 : 1);
        this.value(items[i] as string | Uint8Array);
      }
      return;
    }
    if (this.maxDefinition > 0) {
      this.definitions.byte(1);
    }
    this.value(value);
  }

  private value(value: SilverValue): void {
    this.values += 1;
    if (this.stats !== null) {
      this.compare(value);
    }
    if (this.dictionary !== null) {
      this.dictionaryValue(value);
      return;
    }
    this.plainValue(this.plain, value);
  }

  private plainValue(out: Bytes, value: SilverValue): void {
    switch (this.physical) {
      case 'bytes':
        if (value instanceof Uint8Array) {
          out.byteArray(value);
        } else {
          out.utf8(value as string);
        }
        return;
      case 'json':
        out.byteArray(this.jsonText(value).bytes);
        return;
      case 'int32':
        out.int32(value as number);
        return;
      case 'bigint':
        out.bigint64(value as bigint);
        return;
      case 'timestamp':
        out.int64((value as Date).getTime());
        return;
      case 'date':
        out.int32(Math.floor((value as Date).getTime() / DAY_MS));
        return;
      case 'float':
        out.float(value as number);
        return;
      case 'double':
        out.double(value as number);
        return;
      case 'boolean':
        this.bits.push(value === true ? 1 : 0);
        return;
    }
  }

  /** A JSON value's text and UTF-8, kept for a value the typer hands out again (its memo of lists). */
  private jsonText(value: SilverValue): { text: string; bytes: Buffer } {
    const memoized = typeof value === 'object' && value !== null && Object.isFrozen(value);
    if (memoized) {
      const known = this.jsonMemo.get(value);
      if (known !== undefined) {
        return known;
      }
    }
    const text = JSON.stringify(value);
    const encoded = { text, bytes: Buffer.from(text) };
    if (memoized) {
      this.jsonMemo.set(value, encoded);
    }
    return encoded;
  }

  /** The key two equal values other than bytes share in the dictionary. */
  private dictionaryKey(value: SilverValue): unknown {
    if (value instanceof Date) {
      return value.getTime();
    }
    if (this.physical === 'json') {
      return this.jsonText(value).text;
    }
    // Text given as a string is keyed apart from bytes (a prefix no Latin-1 key starts with):
    // equal text in both forms makes two entries with the same bytes, which readers accept.
    return typeof value === 'string' ? `\u0100${value}` : value;
  }

  private dictionaryValue(value: SilverValue): void {
    const dictionary = this.dictionary as Map<unknown, number>;
    let index: number;
    if (value instanceof Uint8Array) {
      index = this.bytesIndex(value);
    } else {
      const key = this.dictionaryKey(value);
      const known = dictionary.get(key);
      index = known ?? this.addEntry(value);
      if (known === undefined) {
        dictionary.set(key, index);
      }
    }
    if (this.values > this.indices.length) {
      const grown = new Int32Array(this.indices.length * 2);
      grown.set(this.indices);
      this.indices = grown;
    }
    this.indices[this.values - 1] = index;
    if (
      this.entries.length > DICTIONARY_MAX_BYTES ||
      (this.values >= DICTIONARY_TRIAL_VALUES && this.entryCount * 2 > this.values)
    ) {
      this.dropDictionary();
    }
  }

  /**
   * The entry of bytes, found by a hash of them and a byte comparison: a Latin-1 string per value
   * as the key cost a call into the runtime and an allocation for every cell.
   */
  private bytesIndex(value: Uint8Array): number {
    const hash = hashBytes(value);
    const first = this.byHash.get(hash);
    if (first === undefined) {
      const index = this.addEntry(value);
      this.byHash.set(hash, index);
      return index;
    }
    if (this.entryEquals(first, value)) {
      return first;
    }
    // Another value with the same hash: these are keyed by their bytes as Latin-1 text.
    const dictionary = this.dictionary as Map<unknown, number>;
    const key = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
    const known = dictionary.get(key);
    if (known !== undefined) {
      return known;
    }
    const index = this.addEntry(value);
    dictionary.set(key, index);
    return index;
  }

  private addEntry(value: SilverValue): number {
    this.entryStarts.push(this.entries.length);
    this.plainValue(this.entries, value);
    this.entryCount += 1;
    return this.entryCount - 1;
  }

  private entryEquals(index: number, value: Uint8Array): boolean {
    const start = this.entryStarts[index] as number;
    const entries = this.entries.buf;
    const length = value.length;
    if (entries.readUInt32LE(start) !== length) {
      return false;
    }
    for (let i = 0; i < length; i += 1) {
      if (entries[start + 4 + i] !== value[i]) {
        return false;
      }
    }
    return true;
  }

  /** Rewrites the chunk's values as PLAIN from the entries and goes on without a dictionary. */
  private dropDictionary(): void {
    const starts = this.entryStarts;
    const entries = this.entries.buf;
    for (let i = 0; i < this.values; i += 1) {
      const index = this.indices[i] as number;
      const start = starts[index] as number;
      const end = index + 1 < starts.length ? (starts[index + 1] as number) : this.entries.length;
      this.plain.reserve(end - start);
      entries.copy(this.plain.buf, this.plain.length, start, end);
      this.plain.length += end - start;
    }
    this.dictionary = null;
    this.clearEntries();
  }

  private clearEntries(): void {
    this.dictionary?.clear();
    this.byHash.clear();
    this.entryStarts = [];
    this.entryCount = 0;
    this.entries.length = 0;
  }

  private compare(value: SilverValue): void {
    const stats = this.stats as Stats;
    if (value instanceof Uint8Array || typeof value === 'string') {
      this.compareBytes(stats, value);
      return;
    }
    let comparable: number | bigint;
    if (value instanceof Date) {
      comparable = value.getTime();
    } else if (typeof value === 'number') {
      if (Number.isNaN(value)) {
        return;
      }
      comparable = value;
    } else if (typeof value === 'bigint') {
      comparable = value;
    } else {
      return;
    }
    if (stats.min === undefined || comparable < (stats.min as number | bigint)) {
      stats.min = comparable;
    }
    if (stats.max === undefined || comparable > (stats.max as number | bigint)) {
      stats.max = comparable;
    }
  }

  /**
   * Min and max of text, in unsigned byte order (code point order, as Parquet wants): kept in two
   * buffers of their own, since a key in order makes every value a new max.
   */
  private compareBytes(stats: Stats, value: Uint8Array | string): void {
    let bytes: Uint8Array;
    if (typeof value === 'string') {
      this.scratch.length = 0;
      this.scratch.utf8(value);
      bytes = this.scratch.buf.subarray(4, this.scratch.length);
    } else {
      bytes = value;
    }
    if (stats.min === undefined || compareBytes(bytes, this.minBytes) < 0) {
      this.minBytes.length = 0;
      this.minBytes.raw(bytes);
      stats.min = this.minBytes.buf;
    }
    if (stats.max === undefined || compareBytes(bytes, this.maxBytes) > 0) {
      this.maxBytes.length = 0;
      this.maxBytes.raw(bytes);
      stats.max = this.maxBytes.buf;
    }
  }

  /** Writes the row group's chunk of this column and starts the next one empty. */
  writeChunk(writer: ByteWriter, codec: CompressionCodec, compress: Compress): ColumnChunk {
    const start = writer.offset;
    const encodings: Encoding[] = [];
    let uncompressed = 0;
    let dictionaryOffset: bigint | undefined;
    const dictionary = this.dictionary;
    let values: Uint8Array;
    let encoding: Encoding;
    if (dictionary !== null && this.entryCount > 0) {
      dictionaryOffset = BigInt(writer.offset);
      const entries = this.entries.view();
      const compressed = compress(entries);
      const headerStart = writer.offset;
      writePageHeader(writer, {
        type: 'DICTIONARY_PAGE',
        uncompressed_page_size: entries.length,
        compressed_page_size: compressed.length,
        dictionary_page_header: { num_values: this.entryCount, encoding: 'PLAIN' },
      });
      writer.appendBytes(compressed);
      uncompressed += writer.offset - headerStart - compressed.length + entries.length;
      encodings.push('PLAIN');
      values = this.encodeIndices(this.entryCount);
      encoding = 'RLE_DICTIONARY';
    } else if (this.physical === 'boolean') {
      const packed = new Bytes(Math.ceil(this.bits.length / 8));
      packBits(packed, this.bits);
      values = packed.view();
      encoding = 'PLAIN';
    } else {
      values = this.plain.view();
      encoding = 'PLAIN';
    }
    encodings.push(encoding);

    const levels = new ByteWriter(Math.ceil(this.definitions.length / 4) + 64);
    const repetitionBytes = this.list
      ? writeRleBitPackedHybrid(levels, this.repetitions.view(), 1)
      : 0;
    const definitionBytes =
      this.maxDefinition > 0
        ? writeRleBitPackedHybrid(levels, this.definitions.view(), bitWidth(this.maxDefinition))
        : 0;
    const compressed = compress(values);
    const dataOffset = BigInt(writer.offset);
    const headerStart = writer.offset;
    const levelCount = this.maxDefinition > 0 ? this.definitions.length : this.values;
    writePageHeader(writer, {
      type: 'DATA_PAGE_V2',
      uncompressed_page_size: levels.offset + values.length,
      compressed_page_size: levels.offset + compressed.length,
      data_page_header_v2: {
        num_values: levelCount,
        num_nulls: levelCount - this.values,
        num_rows: this.rows,
        encoding,
        definition_levels_byte_length: definitionBytes,
        repetition_levels_byte_length: repetitionBytes,
        is_compressed: true,
      },
    });
    writer.appendBytes(levels.getBytes());
    writer.appendBytes(compressed);
    uncompressed += writer.offset - headerStart - compressed.length + values.length;

    const chunk: ColumnChunk = {
      file_offset: BigInt(start),
      meta_data: {
        type: this.leaf.type as NonNullable<SchemaElement['type']>,
        encodings,
        path_in_schema: this.path,
        codec,
        num_values: BigInt(levelCount),
        total_uncompressed_size: BigInt(uncompressed),
        total_compressed_size: BigInt(writer.offset - start),
        data_page_offset: dataOffset,
        dictionary_page_offset: dictionaryOffset,
        statistics: this.statistics(),
        encoding_stats:
          this.stats === null
            ? undefined
            : [
                ...(dictionaryOffset === undefined
                  ? []
                  : [
                      {
                        page_type: 'DICTIONARY_PAGE' as const,
                        encoding: 'PLAIN' as const,
                        count: 1,
                      },
                    ]),
                { page_type: 'DATA_PAGE_V2' as const, encoding, count: 1 },
              ],
      },
    };
    this.reset();
    return chunk;
  }

  private encodeIndices(size: number): Uint8Array {
    const width = bitWidth(size - 1);
    const out = new ByteWriter(this.values + 16);
    out.appendUint8(width);
    writeRleBitPackedHybrid(out, this.indices.subarray(0, this.values), width);
    return out.getBytes();
  }

  private statistics(): NonNullable<ColumnChunk['meta_data']>['statistics'] {
    const stats = this.stats;
    if (stats === null) {
      return undefined;
    }
    const asValue = (value: Stats['min']): unknown => {
      if (value === undefined) {
        return undefined;
      }
      if (this.physical === 'timestamp' || this.physical === 'date') {
        return new Date(value as number);
      }
      // Text: a copy of what its buffer holds, which the next row group fills again.
      if (value === this.minBytes.buf) {
        return Uint8Array.from(this.minBytes.view());
      }
      if (value === this.maxBytes.buf) {
        return Uint8Array.from(this.maxBytes.view());
      }
      // Signed zero as the format asks: min -0, max +0.
      return value;
    };
    const min = stats.min === 0 ? -0 : stats.min;
    const max = stats.max === 0 ? 0 : stats.max;
    return {
      null_count: BigInt(this.nulls),
      min_value: asValue(min) as never,
      max_value: asValue(max) as never,
    };
  }

  private reset(): void {
    this.plain.length = 0;
    this.definitions.length = 0;
    this.repetitions.length = 0;
    this.bits = [];
    this.values = 0;
    this.rows = 0;
    this.nulls = 0;
    if (this.stats !== null) {
      this.stats.min = undefined;
      this.stats.max = undefined;
    }
    if (this.dictionary !== null) {
      this.clearEntries();
    }
  }
}

/** Unsigned byte order of `a` against the bytes `b` holds. */
function compareBytes(a: Uint8Array, b: Bytes): number {
  const other = b.buf;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (a[i] as number) - (other[i] as number);
    if (difference !== 0) {
      return difference;
    }
  }
  return a.length - b.length;
}

/** FNV-1a, 32 bits. */
function hashBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i += 1) {
    hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  }
  return hash;
}

function bitWidth(max: number): number {
  return max <= 0 ? 0 : 32 - Math.clz32(max);
}

function packBits(out: Bytes, bits: readonly number[]): void {
  for (let i = 0; i < bits.length; i += 8) {
    let byte = 0;
    for (let j = 0; j < 8 && i + j < bits.length; j += 1) {
      byte |= (bits[i + j] as number) << j;
    }
    out.byte(byte);
  }
}

/** "PAR1", which opens and closes every Parquet file. */
const PARQUET_MAGIC = 0x31524150;

/** Writes a silver table's rows as Parquet through `writer`: header, row groups, footer. */
export class SilverEncoder {
  private readonly columns: ColumnEncoder[];
  private readonly schema: SchemaElement[];
  private readonly rowGroups: RowGroup[] = [];
  private rows = 0;
  private totalRows = 0;

  constructor(
    table: TableDef,
    layouts: ReadonlyMap<string, SilverColumnLayout>,
    private readonly writer: ByteWriter,
    private readonly codec: CompressionCodec,
    private readonly compress: Compress,
  ) {
    this.schema = silverSchema(table);
    let at = 1;
    this.columns = table.columns.map((column) => {
      const top = this.schema[at] as SchemaElement;
      const list = top.converted_type === 'LIST';
      const leaf = (list ? this.schema[at + 2] : top) as SchemaElement;
      const path = list ? [top.name, 'list', 'element'] : [top.name];
      at += list ? 3 : 1;
      return new ColumnEncoder(column, leaf, path, layouts.get(column.name) ?? {});
    });
    writer.appendUint32(PARQUET_MAGIC);
  }

  get bufferedRows(): number {
    return this.rows;
  }

  appendRow(values: readonly SilverValue[]): void {
    for (let i = 0; i < this.columns.length; i += 1) {
      (this.columns[i] as ColumnEncoder).append(values[i] ?? null);
    }
    this.rows += 1;
  }

  /** Writes the buffered rows as one row group; nothing when there are none. */
  writeRowGroup(): void {
    if (this.rows === 0) {
      return;
    }
    const start = this.writer.offset;
    const chunks = this.columns.map((column) =>
      column.writeChunk(this.writer, this.codec, this.compress),
    );
    let uncompressed = 0n;
    for (const chunk of chunks) {
      uncompressed += chunk.meta_data?.total_uncompressed_size ?? 0n;
    }
    this.rowGroups.push({
      columns: chunks,
      total_byte_size: uncompressed,
      num_rows: BigInt(this.rows),
      total_compressed_size: BigInt(this.writer.offset - start),
    });
    this.totalRows += this.rows;
    this.rows = 0;
  }

  /** Writes the footer after the last row group. */
  finish(): void {
    this.writeRowGroup();
    writeMetadata(this.writer, {
      version: 2,
      created_by: 'spotlake silver encoder',
      schema: this.schema,
      num_rows: BigInt(this.totalRows),
      row_groups: this.rowGroups,
      metadata_length: 0,
    });
    this.writer.appendUint32(PARQUET_MAGIC);
  }
}
