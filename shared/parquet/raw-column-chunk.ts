// Reads one column chunk of a silver file into typed arrays over its decompressed pages, for the
// pg-loader to copy from: no JavaScript object per value. hyparquet made one Uint8Array per text
// value and an array per list, and their garbage collection and assembly were a third of the
// pg-loader's time (issue 10). This reads what silver writes: data pages v2 and dictionary pages,
// PLAIN and RLE_DICTIONARY values, RLE levels, flat columns and lists of one primitive. Where a
// file or a row group holds anything else, the pg-loader decodes it with hyparquet instead.

import type { ColumnChunk, CompressionCodec, FileMetaData, SchemaElement } from 'hyparquet';
import { snappyUncompress } from 'hyparquet';
import { DECOMPRESSORS, lz4DecompressInPlace } from './codecs';
import { countDescendants } from './schema';

/** PLAIN values of one page: `count` of them in `data`, and for BYTE_ARRAY where each starts. */
export interface PlainPage {
  data: Buffer;
  count: number;
  starts: Int32Array | null;
}

/**
 * The values of a column chunk's slots that hold one, in order: page by page (not joined into one
 * buffer, which would be one more copy of every long text outside V8's heap), or as indices into
 * a dictionary page.
 */
export type RawValues =
  | { kind: 'plain'; pages: PlainPage[] }
  | { kind: 'dictionary'; dictionary: PlainPage; indices: Int32Array };

/**
 * A column chunk as slots: one per row for a flat column; for a list one per item, or one for a
 * NULL or empty list. `defs` and `reps` are per slot (null when the level is always 0).
 */
export interface RawColumnChunk {
  element: SchemaElement;
  rows: number;
  slots: number;
  maxDef: number;
  maxRep: number;
  defs: Uint8Array | null;
  reps: Uint8Array | null;
  values: RawValues;
}

/**
 * Bytes per value of a fixed-width type as kept here (a BOOLEAN unpacked to a byte of 0 or 1); 0
 * for BYTE_ARRAY, -1 for what this cannot read.
 */
function plainWidth(element: SchemaElement): number {
  switch (element.type) {
    case 'BOOLEAN':
      return 1;
    case 'INT32':
    case 'FLOAT':
      return 4;
    case 'INT64':
    case 'DOUBLE':
      return 8;
    case 'BYTE_ARRAY':
      return 0;
    default:
      return -1;
  }
}

const SUPPORTED_ENCODINGS = new Set(['PLAIN', 'RLE', 'RLE_DICTIONARY', 'PLAIN_DICTIONARY']);
const SUPPORTED_CODECS = new Set<CompressionCodec>(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZ4_RAW']);

/** The leaf element and levels of a top-level column: flat, or a 3-level LIST of a primitive. */
export interface ColumnShape {
  element: SchemaElement;
  maxDef: number;
  maxRep: number;
}

export function columnShapes(schema: readonly SchemaElement[]): Map<string, ColumnShape | null> {
  const shapes = new Map<string, ColumnShape | null>();
  let index = 1;
  for (let child = 0; child < (schema[0]?.num_children ?? 0); child += 1) {
    const top = schema[index];
    if (top === undefined) {
      break;
    }
    const topDef = top.repetition_type === 'OPTIONAL' ? 1 : 0;
    if (top.num_children === undefined || top.num_children === 0) {
      shapes.set(
        top.name,
        top.repetition_type === 'REPEATED' ? null : { element: top, maxDef: topDef, maxRep: 0 },
      );
      index += 1;
      continue;
    }
    const list = schema[index + 1];
    const leaf = schema[index + 2];
    const isList =
      top.num_children === 1 &&
      top.repetition_type !== 'REPEATED' &&
      list?.repetition_type === 'REPEATED' &&
      list.num_children === 1 &&
      leaf !== undefined &&
      (leaf.num_children ?? 0) === 0 &&
      leaf.repetition_type !== 'REPEATED';
    shapes.set(
      top.name,
      isList
        ? {
            element: leaf,
            maxDef: topDef + 1 + (leaf.repetition_type === 'OPTIONAL' ? 1 : 0),
            maxRep: 1,
          }
        : null,
    );
    index += isList ? 3 : 1 + countDescendants(schema, index);
  }
  return shapes;
}

/**
 * Whether every chunk of `columns` may be something this module reads: a supported shape, type,
 * codec and encodings. Its pages are only known once read (writers leave out encoding stats).
 */
export function rawChunkSupport(
  metadata: FileMetaData,
  shapes: ReadonlyMap<string, ColumnShape | null>,
  columns: readonly string[],
): boolean {
  for (const name of columns) {
    const shape = shapes.get(name);
    if (shape === undefined || shape === null || plainWidth(shape.element) < 0) {
      return false;
    }
  }
  const wanted = new Set(columns);
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined || !wanted.has(meta.path_in_schema[0] ?? '')) {
        continue;
      }
      if (
        !SUPPORTED_CODECS.has(meta.codec) ||
        !meta.encodings.every((encoding) => SUPPORTED_ENCODINGS.has(encoding))
      ) {
        return false;
      }
    }
  }
  return true;
}

// Thrift's compact protocol, as far as a page header needs it.

class ThriftReader {
  at: number;

  constructor(
    readonly bytes: Uint8Array,
    offset: number,
  ) {
    this.at = offset;
  }

  byte(): number {
    const value = this.bytes[this.at];
    if (value === undefined) {
      throw new Error('silver page header ends early');
    }
    this.at += 1;
    return value;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        return result;
      }
      shift += 7;
    }
  }

  zigzag(): number {
    const raw = this.varint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  /** A struct as field id -> value; nested structs as objects, lists as arrays, binary skipped. */
  struct(): Map<number, unknown> {
    const fields = new Map<number, unknown>();
    let id = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) {
        return fields;
      }
      const delta = header >> 4;
      id = delta === 0 ? this.zigzag() : id + delta;
      fields.set(id, this.value(header & 0x0f));
    }
  }

  value(type: number): unknown {
    switch (type) {
      case 1:
        return true;
      case 2:
        return false;
      case 3:
        return this.byte();
      case 4:
      case 5:
      case 6:
        return this.zigzag();
      case 7:
        this.at += 8;
        return null;
      case 8: {
        const length = this.varint();
        this.at += length;
        return null;
      }
      case 9:
      case 10: {
        const header = this.byte();
        const size = header >> 4 === 15 ? this.varint() : header >> 4;
        const items: unknown[] = [];
        for (let i = 0; i < size; i += 1) {
          // A list of booleans holds one byte per item.
          items.push(
            (header & 0x0f) === 1 || (header & 0x0f) === 2
              ? this.byte() === 1
              : this.value(header & 0x0f),
          );
        }
        return items;
      }
      case 12:
        return this.struct();
      default:
        throw new Error(`silver page header has a thrift field of type ${type}`);
    }
  }
}

const PAGE_DICTIONARY = 2;
const PAGE_DATA_V2 = 3;
const ENCODING_PLAIN = 0;
const ENCODING_PLAIN_DICTIONARY = 2;
const ENCODING_RLE_DICTIONARY = 8;

function intField(fields: Map<number, unknown> | undefined, id: number, what: string): number {
  const value = fields?.get(id);
  if (typeof value !== 'number') {
    throw new Error(`silver page header has no ${what}`);
  }
  return value;
}

function bitWidthOf(maxLevel: number): number {
  return maxLevel === 0 ? 0 : 32 - Math.clz32(maxLevel);
}

/**
 * Decodes `count` values of Parquet's RLE / bit-packed hybrid from `bytes[from, to)` into `out`
 * from `at`.
 */
function readHybrid(
  bytes: Uint8Array,
  from: number,
  to: number,
  bitWidth: number,
  count: number,
  out: Uint8Array | Int32Array,
  at: number,
): void {
  let pos = from;
  let filled = 0;
  const byteWidth = (bitWidth + 7) >> 3;
  while (filled < count) {
    if (pos >= to) {
      throw new Error('silver levels or indices end early');
    }
    let header = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[pos] as number;
      pos += 1;
      header += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        break;
      }
      shift += 7;
    }
    if ((header & 1) === 0) {
      const run = Math.min(header / 2, count - filled);
      let value = 0;
      for (let i = 0; i < byteWidth; i += 1) {
        value += (bytes[pos + i] as number) * 2 ** (8 * i);
      }
      pos += byteWidth;
      out.fill(value, at + filled, at + filled + run);
      filled += run;
    } else {
      const values = ((header - 1) / 2) * 8;
      pos = unpack(bytes, pos, bitWidth, values, count - filled, out, at + filled);
      filled += Math.min(values, count - filled);
    }
  }
}

/**
 * Bit-packed values, of at most 24 bits so that they fit a 32-bit buffer with a byte to spare:
 * levels take a few bits, and an index of 25 would need a dictionary of more values than a row
 * group of silver holds.
 */
function unpack(
  bytes: Uint8Array,
  from: number,
  bitWidth: number,
  values: number,
  room: number,
  out: Uint8Array | Int32Array,
  at: number,
): number {
  if (bitWidth > 24) {
    throw new Error(`silver levels or indices of ${bitWidth} bits, more than the loader reads`);
  }
  const mask = (1 << bitWidth) - 1;
  let pos = from;
  let buffer = 0;
  let bits = 0;
  const kept = Math.min(values, room);
  for (let i = 0; i < values; i += 1) {
    while (bits < bitWidth) {
      buffer |= (bytes[pos] as number) << bits;
      pos += 1;
      bits += 8;
    }
    if (i < kept) {
      out[at + i] = buffer & mask;
    }
    buffer >>>= bitWidth;
    bits -= bitWidth;
  }
  return pos;
}

function decompress(codec: CompressionCodec, input: Uint8Array, size: number): Buffer {
  if (size === 0) {
    return Buffer.alloc(0);
  }
  if (codec === 'UNCOMPRESSED') {
    return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  if (codec === 'SNAPPY') {
    const output = Buffer.allocUnsafe(size);
    snappyUncompress(input, output);
    return output;
  }
  // The page's header or levels lie before its values in the row group's buffer, which is ours.
  const decompressor = codec === 'LZ4_RAW' ? lz4DecompressInPlace : DECOMPRESSORS[codec];
  if (decompressor === undefined) {
    throw new Error(`silver page compressed ${codec}, which the loader cannot read`);
  }
  const output = decompressor(input, size);
  return Buffer.from(output.buffer, output.byteOffset, output.byteLength);
}

/** Where each PLAIN BYTE_ARRAY value's bytes start in `data` (its length is in the 4 before). */
function byteArrayStarts(data: Buffer, count: number): Int32Array {
  const starts = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    if (at + 4 > data.length) {
      throw new Error('silver byte array values end early');
    }
    starts[i] = at + 4;
    at += 4 + data.readUInt32LE(at);
  }
  if (at > data.length) {
    throw new Error('silver byte array values end early');
  }
  return starts;
}

function plainPage(element: SchemaElement, data: Buffer, count: number): PlainPage {
  const width = plainWidth(element);
  if (width > 0 && data.length < width * count) {
    throw new Error(`silver ${element.name} values end early`);
  }
  return { data, count, starts: width === 0 ? byteArrayStarts(data, count) : null };
}

/**
 * Reads the column chunk `chunk` of `shape`, whose bytes (from its first page) are `bytes`; null
 * when it holds a page this module does not read (a v1 data page, another encoding, dictionary and
 * PLAIN pages mixed), which hyparquet then decodes.
 */
export function readRawColumnChunk(
  bytes: Uint8Array,
  chunk: ColumnChunk,
  shape: ColumnShape,
  rows: number,
): RawColumnChunk | null {
  const meta = chunk.meta_data;
  if (meta === undefined) {
    throw new Error('silver column chunk has no metadata');
  }
  const slots = Number(meta.num_values);
  const defs = shape.maxDef > 0 ? new Uint8Array(slots) : null;
  const reps = shape.maxRep > 0 ? new Uint8Array(slots) : null;
  const defWidth = bitWidthOf(shape.maxDef);
  const repWidth = bitWidthOf(shape.maxRep);
  let dictionary: PlainPage | null = null;
  const valuePages: PlainPage[] = [];
  const indexSections: Int32Array[] = [];
  let valueCount = 0;
  let slot = 0;
  let pos = 0;
  while (slot < slots) {
    const reader = new ThriftReader(bytes, pos);
    const header = reader.struct();
    const type = intField(header, 1, 'page type');
    const uncompressed = intField(header, 2, 'uncompressed size');
    const compressed = intField(header, 3, 'compressed size');
    const body = bytes.subarray(reader.at, reader.at + compressed);
    pos = reader.at + compressed;
    if (body.length !== compressed) {
      throw new Error(`silver ${shape.element.name} page ends early`);
    }
    if (type === PAGE_DICTIONARY) {
      const page = header.get(7) as Map<number, unknown> | undefined;
      const encoding = intField(page, 2, 'dictionary encoding');
      if (encoding !== ENCODING_PLAIN && encoding !== ENCODING_PLAIN_DICTIONARY) {
        return null;
      }
      const data = decompress(meta.codec, body, uncompressed);
      dictionary = plainPage(shape.element, data, intField(page, 1, 'dictionary size'));
      continue;
    }
    if (type !== PAGE_DATA_V2) {
      return null;
    }
    const page = header.get(8) as Map<number, unknown> | undefined;
    const values = intField(page, 1, 'value count');
    const nulls = intField(page, 2, 'null count');
    const encoding = intField(page, 4, 'encoding');
    const defBytes = intField(page, 5, 'definition levels length');
    const repBytes = intField(page, 6, 'repetition levels length');
    const isCompressed = page?.get(7) !== false;
    if (slot + values > slots) {
      throw new Error(`silver ${shape.element.name} has more values than its chunk says`);
    }
    if (reps !== null) {
      readHybrid(body, 0, repBytes, repWidth, values, reps, slot);
    }
    if (defs !== null) {
      readHybrid(body, repBytes, repBytes + defBytes, defWidth, values, defs, slot);
    }
    const present = values - nulls;
    const section = body.subarray(repBytes + defBytes);
    const data = isCompressed
      ? decompress(meta.codec, section, uncompressed - repBytes - defBytes)
      : Buffer.from(section.buffer, section.byteOffset, section.byteLength);
    if (shape.element.type === 'BOOLEAN') {
      const unpacked = booleans(data, encoding, present);
      if (unpacked === null) {
        return null;
      }
      valuePages.push(plainPage(shape.element, unpacked, present));
    } else if (encoding === ENCODING_PLAIN) {
      valuePages.push(plainPage(shape.element, data, present));
    } else if (encoding === ENCODING_RLE_DICTIONARY || encoding === ENCODING_PLAIN_DICTIONARY) {
      const indices = new Int32Array(present);
      if (present > 0) {
        readHybrid(data, 1, data.length, data[0] as number, present, indices, 0);
      }
      indexSections.push(indices);
    } else {
      return null;
    }
    valueCount += present;
    slot += values;
  }
  if (indexSections.length > 0 && (dictionary === null || valuePages.length > 0)) {
    return null;
  }
  return {
    element: shape.element,
    rows,
    slots,
    maxDef: shape.maxDef,
    maxRep: shape.maxRep,
    defs,
    reps,
    values: chunkValues(shape, dictionary, valuePages, indexSections, valueCount),
  };
}

const ENCODING_RLE = 3;

/** BOOLEAN values, PLAIN (a bit each) or RLE (length-prefixed), as a byte of 0 or 1 each. */
function booleans(data: Buffer, encoding: number, count: number): Buffer | null {
  const out = Buffer.alloc(count);
  if (encoding === ENCODING_PLAIN) {
    if (data.length * 8 < count) {
      throw new Error('silver BOOLEAN values end early');
    }
    for (let i = 0; i < count; i += 1) {
      out[i] = ((data[i >> 3] as number) >> (i & 7)) & 1;
    }
    return out;
  }
  if (encoding === ENCODING_RLE) {
    if (count > 0) {
      readHybrid(data, 4, 4 + data.readUInt32LE(0), 1, count, out, 0);
    }
    return out;
  }
  return null;
}

function chunkValues(
  shape: ColumnShape,
  dictionary: PlainPage | null,
  valuePages: PlainPage[],
  indexSections: Int32Array[],
  count: number,
): RawValues {
  if (indexSections.length > 0 && dictionary !== null) {
    const indices =
      indexSections.length === 1
        ? (indexSections[0] as Int32Array)
        : concatIndices(indexSections, count);
    for (const index of indices) {
      if (index >= dictionary.count) {
        throw new Error(`silver ${shape.element.name} has a dictionary index out of range`);
      }
    }
    return { kind: 'dictionary', dictionary, indices };
  }
  return { kind: 'plain', pages: valuePages };
}

function concatIndices(sections: readonly Int32Array[], count: number): Int32Array {
  const all = new Int32Array(count);
  let at = 0;
  for (const section of sections) {
    all.set(section, at);
    at += section.length;
  }
  return all;
}
