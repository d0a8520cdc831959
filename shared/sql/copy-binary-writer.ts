// Encodes rows in PostgreSQL's binary COPY format into large Buffers, with one field encoder per
// catalog column type, chosen once. Takes values as the silver reader hands them (text and JSON as
// their UTF-8 bytes, never decoded); knows nothing of streams or connections.

import { BoundedMemo } from '../bounded-memo';
import type { ColumnType } from '../catalog';

/** How a field reaches the writer: as its catalog type, or a string list as its JSON text. */
export type CopyFieldType = ColumnType | 'string_list_json';

/** `PGCOPY\n\377\r\n\0`, then the int32 flags and the int32 header-extension length, both 0. */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const TRAILER = -1;
export const NULL_LENGTH = -1;
const TEXT_OID = 25;
const JSONB_VERSION = 1;
/** PostgreSQL counts timestamps and dates from 2000-01-01 UTC, silver from 1970-01-01. */
const PG_EPOCH_MICROS = 946_684_800_000_000n;
const PG_EPOCH_DAYS = 10_957;

/** Buffers filled one after the other; a field is never split across two of them. */
export class Chunks {
  buffer: Buffer;
  offset = 0;
  readonly full: Buffer[] = [];

  constructor(private readonly chunkBytes: number) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** The buffer to write the next `bytes` bytes to, at `offset`. */
  reserve(bytes: number): Buffer {
    if (this.offset + bytes > this.buffer.length) {
      if (this.offset > 0) {
        this.full.push(this.buffer.subarray(0, this.offset));
      }
      this.buffer = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes));
      this.offset = 0;
    }
    return this.buffer;
  }
}

export type FieldEncoder = (out: Chunks, value: unknown) => void;

/**
 * Copies `bytes` to `buffer` at `at` and returns the offset after them. A call of
 * TypedArray#set costs about as much as a byte loop over 8 bytes: a track's ~80 market codes are
 * 2 bytes each, so short values are copied byte by byte.
 */
export function putBytes(buffer: Buffer, bytes: Uint8Array, at: number): number {
  const length = bytes.length;
  if (length > 8) {
    buffer.set(bytes, at);
  } else {
    for (let i = 0; i < length; i += 1) {
      buffer[at + i] = bytes[i] as number;
    }
  }
  return at + length;
}

function fixedWidth(bytes: number, write: (buffer: Buffer, value: unknown, at: number) => number) {
  return (out: Chunks, value: unknown): void => {
    const buffer = out.reserve(4 + bytes);
    out.offset = write(buffer, value, buffer.writeInt32BE(bytes, out.offset));
  };
}

/** text is its UTF-8 bytes as they are: PostgreSQL still checks the encoding on the way in. */
function encodeBytes(out: Chunks, value: unknown): void {
  const bytes = value as Uint8Array;
  const buffer = out.reserve(4 + bytes.length);
  out.offset = putBytes(buffer, bytes, buffer.writeInt32BE(bytes.length, out.offset));
}

/** jsonb's binary input is a version byte, then the document's text. */
function encodeJsonb(out: Chunks, value: unknown): void {
  const bytes = value as Uint8Array;
  const buffer = out.reserve(5 + bytes.length);
  const at = buffer.writeUInt8(JSONB_VERSION, buffer.writeInt32BE(1 + bytes.length, out.offset));
  out.offset = putBytes(buffer, bytes, at);
}

/**
 * The bytes of a text[] field of `items` elements (NULLs included) whose elements take
 * `itemBytes`, each with its 4-byte length: the field's length, then the array's header.
 */
export function textArrayFieldBytes(items: number, itemBytes: number): number {
  return 4 + 12 + (items === 0 ? 0 : 8) + itemBytes;
}

/**
 * Writes a text[] field's length and header at `at`: int32 dimensions, int32 has-NULLs flag, int32
 * element type, then per dimension int32 size and lower bound (an empty array has no dimensions).
 * The elements follow, each a field; returns where the first goes.
 */
export function putTextArrayHeader(
  buffer: Buffer,
  at: number,
  items: number,
  itemBytes: number,
  hasNulls: boolean,
): number {
  let next = buffer.writeInt32BE(textArrayFieldBytes(items, itemBytes) - 4, at);
  next = buffer.writeInt32BE(items === 0 ? 0 : 1, next);
  next = buffer.writeInt32BE(hasNulls ? 1 : 0, next);
  next = buffer.writeInt32BE(TEXT_OID, next);
  return items === 0 ? next : buffer.writeInt32BE(1, buffer.writeInt32BE(items, next));
}

/** text[] of the items as they are given: their UTF-8 bytes, or null. */
function encodeTextArray(out: Chunks, value: unknown): void {
  const items = value as readonly (Uint8Array | null | undefined)[];
  let itemBytes = 0;
  let hasNulls = false;
  for (const item of items) {
    itemBytes += 4 + (item?.length ?? 0);
    hasNulls ||= item === null || item === undefined;
  }
  const buffer = out.reserve(textArrayFieldBytes(items.length, itemBytes));
  let at = putTextArrayHeader(buffer, out.offset, items.length, itemBytes, hasNulls);
  for (const item of items) {
    if (item === null || item === undefined) {
      at = buffer.writeInt32BE(NULL_LENGTH, at);
    } else {
      at = putBytes(buffer, item, buffer.writeInt32BE(item.length, at));
    }
  }
  out.offset = at;
}

/** A string list's JSON text, as silver keeps it for a catalog column with `listAsJson`. */
function parseStringList(bytes: Uint8Array): Uint8Array[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const items: unknown = JSON.parse(text);
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    throw new Error(`a string list's JSON text is not a list of strings: ${text.slice(0, 80)}`);
  }
  return items.map((item: string) => Buffer.from(item, 'utf8'));
}

let itemBounds = new Int32Array(512);

/**
 * The text[] field of a string list's JSON text read straight from its bytes: `["a","b"]`, as
 * silver writes it, with optional spaces. Null for anything else (an escape in an item, an item
 * that is not a string), which JSON.parse then reads or refuses.
 */
function textArrayFromJsonBytes(bytes: Uint8Array): Buffer | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = text.length;
  const skip = (from: number): number => {
    let at = from;
    while (
      at < end &&
      (text[at] === 0x20 || text[at] === 0x0a || text[at] === 0x0d || text[at] === 0x09)
    ) {
      at += 1;
    }
    return at;
  };
  let at = skip(0);
  if (text[at] !== 0x5b) {
    return null;
  }
  at = skip(at + 1);
  let items = 0;
  let bytesOfItems = 0;
  if (text[at] === 0x5d) {
    at += 1;
  } else {
    for (;;) {
      if (text[at] !== 0x22) {
        return null;
      }
      // Items are short (market codes): a loop beats two indexOf calls per item.
      let close = at + 1;
      while (close < end && text[close] !== 0x22 && text[close] !== 0x5c) {
        close += 1;
      }
      if (close >= end || text[close] === 0x5c) {
        return null;
      }
      if (2 * items + 2 > itemBounds.length) {
        const larger = new Int32Array(itemBounds.length * 2);
        larger.set(itemBounds);
        itemBounds = larger;
      }
      itemBounds[2 * items] = at + 1;
      itemBounds[2 * items + 1] = close;
      items += 1;
      bytesOfItems += close - at - 1;
      at = skip(close + 1);
      if (text[at] === 0x2c) {
        at = skip(at + 1);
      } else if (text[at] === 0x5d) {
        at += 1;
        break;
      } else {
        return null;
      }
    }
  }
  if (skip(at) !== end) {
    return null;
  }
  const itemBytes = 4 * items + bytesOfItems;
  const field = Buffer.allocUnsafe(textArrayFieldBytes(items, itemBytes));
  let out = putTextArrayHeader(field, 0, items, itemBytes, false);
  for (let i = 0; i < items; i += 1) {
    const from = itemBounds[2 * i] as number;
    const to = itemBounds[2 * i + 1] as number;
    out = field.writeInt32BE(to - from, out);
    for (let i = from; i < to; i += 1) {
      field[out] = text[i] as number;
      out += 1;
    }
  }
  return field;
}

/** How many parsed lists a string_list_json field keeps: far more than a row group's dictionary. */
const JSON_LIST_MEMO = 256;

/**
 * text[] from a string list's JSON text, each distinct text parsed and encoded once: the silver
 * reader hands every row of a row group that shares a dictionary entry the same bytes, so a row
 * group of tracks parses about as many lists as its dictionary holds. The memo is keyed by those
 * bytes' identity and emptied when full, so it stays small and holds no stale dictionary for long.
 */
function jsonTextArrayEncoder(): FieldEncoder {
  const fields = new BoundedMemo<Uint8Array, Buffer>(JSON_LIST_MEMO);
  return (out, value) => {
    const bytes = value as Uint8Array;
    let field = fields.get(bytes);
    if (field === undefined) {
      let built = textArrayFromJsonBytes(bytes);
      if (built === null) {
        const single = new Chunks(0);
        encodeTextArray(single, parseStringList(bytes));
        built = single.buffer.subarray(0, single.offset);
      }
      field = fields.set(bytes, built);
    }
    out.offset = putBytes(out.reserve(field.length), field, out.offset);
  };
}

/** The encoder of a field of `type`, taking values as CopyBinaryWriter#appendRow does. */
export function fieldEncoder(type: CopyFieldType): FieldEncoder {
  return type === 'string_list_json' ? jsonTextArrayEncoder() : ENCODERS[type];
}

const ENCODERS: Record<ColumnType, FieldEncoder> = {
  string: encodeBytes,
  json: encodeJsonb,
  int16: fixedWidth(2, (b, v, at) => b.writeInt16BE(v as number, at)),
  int32: fixedWidth(4, (b, v, at) => b.writeInt32BE(v as number, at)),
  int64: fixedWidth(8, (b, v, at) => b.writeBigInt64BE(v as bigint, at)),
  // IEEE big-endian: NaN, the infinities and -0 arrive as they are.
  float32: fixedWidth(4, (b, v, at) => b.writeFloatBE(v as number, at)),
  float64: fixedWidth(8, (b, v, at) => b.writeDoubleBE(v as number, at)),
  boolean: fixedWidth(1, (b, v, at) => b.writeUInt8(v === true ? 1 : 0, at)),
  timestamp: fixedWidth(8, (b, v, at) => b.writeBigInt64BE((v as bigint) - PG_EPOCH_MICROS, at)),
  date: fixedWidth(4, (b, v, at) => b.writeInt32BE((v as number) - PG_EPOCH_DAYS, at)),
  string_list: encodeTextArray,
};

/**
 * Rows in, binary COPY data out. Values by column type: string and json the UTF-8 bytes
 * (Uint8Array); int16, int32, float32, float64 numbers; int64 a bigint; boolean a boolean;
 * timestamp a bigint of microseconds since 1970-01-01 UTC; date a number of days since 1970-01-01;
 * string_list an array of Uint8Array, string_list_json its JSON text's UTF-8 bytes. null or
 * undefined is NULL.
 */
export class CopyBinaryWriter {
  private readonly chunks: Chunks;
  private readonly encoders: readonly FieldEncoder[];

  constructor(types: readonly CopyFieldType[], chunkBytes = 1 << 20) {
    this.chunks = new Chunks(chunkBytes);
    this.encoders = types.map(fieldEncoder);
    const buffer = this.chunks.reserve(HEADER.length);
    this.chunks.offset += HEADER.copy(buffer, this.chunks.offset);
  }

  /** Appends row `row` of `columns`, one array per column in the order of the types. */
  appendRow(columns: readonly ArrayLike<unknown>[], row: number): void {
    const out = this.chunks;
    const { encoders } = this;
    out.offset = out.reserve(2).writeInt16BE(encoders.length, out.offset);
    for (let i = 0; i < encoders.length; i += 1) {
      const value = (columns[i] as ArrayLike<unknown>)[row];
      if (value === null || value === undefined) {
        out.offset = out.reserve(4).writeInt32BE(NULL_LENGTH, out.offset);
      } else {
        (encoders[i] as FieldEncoder)(out, value);
      }
    }
  }

  /** Appends row `row` with one writer per field, in the order of the types (copy-raw-fields). */
  appendRawRow(fields: readonly ((out: Chunks, row: number) => void)[], row: number): void {
    const out = this.chunks;
    out.offset = out.reserve(2).writeInt16BE(fields.length, out.offset);
    for (let i = 0; i < fields.length; i += 1) {
      (fields[i] as (out: Chunks, row: number) => void)(out, row);
    }
  }

  get hasFullChunks(): boolean {
    return this.chunks.full.length > 0;
  }

  /** The buffers filled so far; the writer keeps none of them. */
  takeFullChunks(): Buffer[] {
    return this.chunks.full.splice(0);
  }

  /** Ends the COPY data: the trailer, then every buffer not taken yet. */
  finish(): Buffer[] {
    const out = this.chunks;
    out.offset = out.reserve(2).writeInt16BE(TRAILER, out.offset);
    return [...out.full.splice(0), out.buffer.subarray(0, out.offset)];
  }
}
