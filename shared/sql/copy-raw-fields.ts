// Binary COPY fields straight from a silver column chunk's pages (raw-column-chunk.ts): a writer per
// column walks the chunk's levels and values row by row, copying text as it lies in the page and
// byte-swapping numbers, with no JavaScript value per field. A dictionary's entries are encoded as
// fields once, then copied for every row that uses them.

import type { SchemaElement } from 'hyparquet';
import type { ColumnShape, PlainPage, RawColumnChunk } from '../parquet/raw-column-chunk';
import {
  Chunks,
  fieldEncoder,
  NULL_LENGTH,
  putBytes,
  putTextArrayHeader,
  textArrayFieldBytes,
} from './copy-binary-writer';
import type { CopyFieldType, FieldEncoder } from './copy-binary-writer';

/** Writes one row's field; called once per row, rows in order, as it keeps its place. */
export type RawFieldWriter = (out: Chunks, row: number) => void;

/** Writes the `index`th value of a chunk (counting only the values present). */
type ValueWriter = (out: Chunks, index: number) => void;

const PG_EPOCH_DAYS = 10_957;
const MICROS = { MILLIS: 1000n, MICROS: 1n } as const;

/** The physical type each field type loads from, for a flat column. */
const PHYSICAL: Record<Exclude<CopyFieldType, 'string_list'>, SchemaElement['type']> = {
  boolean: 'BOOLEAN',
  string: 'BYTE_ARRAY',
  json: 'BYTE_ARRAY',
  string_list_json: 'BYTE_ARRAY',
  int16: 'INT32',
  int32: 'INT32',
  date: 'INT32',
  int64: 'INT64',
  timestamp: 'INT64',
  float32: 'FLOAT',
  float64: 'DOUBLE',
};

function timestampUnit(element: SchemaElement): keyof typeof MICROS | null {
  const unit =
    element.logical_type?.type === 'TIMESTAMP'
      ? element.logical_type.unit
      : element.converted_type === 'TIMESTAMP_MILLIS'
        ? 'MILLIS'
        : element.converted_type === 'TIMESTAMP_MICROS'
          ? 'MICROS'
          : null;
  return unit === 'MILLIS' || unit === 'MICROS' ? unit : null;
}

/** Whether a column of `shape` loads into a field of `type` through a RawFieldWriter. */
export function rawFieldSupport(shape: ColumnShape, type: CopyFieldType): boolean {
  const { element } = shape;
  if (shape.maxRep > 0) {
    return type === 'string_list' && element.type === 'BYTE_ARRAY';
  }
  if (type === 'string_list') {
    return false;
  }
  if (type === 'timestamp' && timestampUnit(element) === null) {
    return false;
  }
  return PHYSICAL[type] === element.type;
}

/** Value `index` of plain values as CopyBinaryWriter#appendRow takes it, for `type`. */
function plainValue(element: SchemaElement, values: PlainPage, type: CopyFieldType) {
  const { data, starts } = values;
  switch (element.type) {
    case 'BYTE_ARRAY':
      return (index: number): unknown => {
        const start = (starts as Int32Array)[index] as number;
        return data.subarray(start, start + data.readUInt32LE(start - 4));
      };
    case 'INT32':
      return (index: number): unknown => data.readInt32LE(index * 4);
    case 'INT64': {
      const scale = type === 'timestamp' ? MICROS[timestampUnit(element) ?? 'MICROS'] : 1n;
      return (index: number): unknown => data.readBigInt64LE(index * 8) * scale;
    }
    case 'FLOAT':
      return (index: number): unknown => data.readFloatLE(index * 4);
    case 'BOOLEAN':
      return (index: number): unknown => data[index] === 1;
    default:
      return (index: number): unknown => data.readDoubleLE(index * 8);
  }
}

/** Copies `width` little-endian bytes at `from` big-endian, after their length. */
function swapped(data: Buffer, width: number): ValueWriter {
  return (out, index) => {
    const buffer = out.reserve(4 + width);
    const at = buffer.writeInt32BE(width, out.offset);
    const from = index * width;
    for (let i = 0; i < width; i += 1) {
      buffer[at + i] = data[from + width - 1 - i] as number;
    }
    out.offset = at + width;
  };
}

/** Text or JSON as its bytes lie in the page; `prefix` 1 puts jsonb's version byte first. */
function pageBytes(data: Buffer, starts: Int32Array, prefix: 0 | 1): ValueWriter {
  return (out, index) => {
    const start = starts[index] as number;
    const length = data.readUInt32LE(start - 4);
    const buffer = out.reserve(4 + prefix + length);
    let at = buffer.writeInt32BE(length + prefix, out.offset);
    if (prefix === 1) {
      buffer[at] = 1;
      at += 1;
    }
    if (length > 8) {
      data.copy(buffer, at, start, start + length);
    } else {
      for (let i = 0; i < length; i += 1) {
        buffer[at + i] = data[start + i] as number;
      }
    }
    out.offset = at + length;
  };
}

/** The fast writer of a plain value of `type`, where there is one. */
function plainWriter(type: CopyFieldType, values: PlainPage): ValueWriter | null {
  const { data, starts } = values;
  switch (type) {
    case 'string':
      return pageBytes(data, starts as Int32Array, 0);
    case 'json':
      return pageBytes(data, starts as Int32Array, 1);
    case 'float64':
    case 'int64':
      return swapped(data, 8);
    case 'float32':
    case 'int32':
      return swapped(data, 4);
    case 'int16':
      return (out, index) => {
        const buffer = out.reserve(6);
        // writeInt16BE throws for a value that does not fit, as the catalog says none does.
        out.offset = buffer.writeInt16BE(
          data.readInt32LE(index * 4),
          buffer.writeInt32BE(2, out.offset),
        );
      };
    case 'date':
      return (out, index) => {
        const buffer = out.reserve(8);
        const days = data.readInt32LE(index * 4) - PG_EPOCH_DAYS;
        out.offset = buffer.writeInt32BE(days, buffer.writeInt32BE(4, out.offset));
      };
    default:
      return null;
  }
}

/** Encodes each dictionary entry as a whole field once. */
function dictionaryFields(
  element: SchemaElement,
  dictionary: PlainPage,
  type: CopyFieldType,
  encode: FieldEncoder,
): Buffer[] {
  const value = plainValue(element, dictionary, type);
  const fields: Buffer[] = [];
  for (let i = 0; i < dictionary.count; i += 1) {
    const single = new Chunks(0);
    encode(single, value(i));
    fields.push(single.buffer.subarray(0, single.offset));
  }
  return fields;
}

function valueWriter(chunk: RawColumnChunk, type: CopyFieldType): ValueWriter {
  const { element, values } = chunk;
  const encode = fieldEncoder(type);
  if (values.kind === 'dictionary') {
    const fields = dictionaryFields(element, values.dictionary, type, encode);
    const { indices } = values;
    return (out, index) => {
      const field = fields[indices[index] as number] as Buffer;
      out.offset = putBytes(out.reserve(field.length), field, out.offset);
    };
  }
  const writers = values.pages.map((page): ValueWriter => {
    const fast = plainWriter(type, page);
    if (fast !== null) {
      return fast;
    }
    const value = plainValue(element, page, type);
    return (out, index) => encode(out, value(index));
  });
  // Values are written in order, so the page of the next one is this page or a later one.
  let page = 0;
  let first = 0;
  let end = values.pages[0]?.count ?? 0;
  return (out, index) => {
    while (index >= end) {
      page += 1;
      first = end;
      end += (values.pages[page] as PlainPage).count;
    }
    (writers[page] as ValueWriter)(out, index - first);
  };
}

function writeNull(out: Chunks): void {
  out.offset = out.reserve(4).writeInt32BE(NULL_LENGTH, out.offset);
}

function flatWriter(chunk: RawColumnChunk, write: ValueWriter): RawFieldWriter {
  const { defs, maxDef } = chunk;
  if (defs === null) {
    return write;
  }
  let next = 0;
  return (out, row) => {
    if (defs[row] === maxDef) {
      write(out, next);
      next += 1;
    } else {
      writeNull(out);
    }
  };
}

/** text[] of a list column: where each present item's bytes start, in one buffer. */
function listItems(chunk: RawColumnChunk): { data: Buffer; startOf: (index: number) => number } {
  const { values } = chunk;
  if (values.kind === 'dictionary') {
    const starts = values.dictionary.starts as Int32Array;
    const { indices } = values;
    return {
      data: values.dictionary.data,
      startOf: (index) => starts[indices[index] as number] as number,
    };
  }
  // A list chunk's items are short: more than one page of them is joined here.
  const data =
    values.pages.length === 1
      ? (values.pages[0] as PlainPage).data
      : Buffer.concat(values.pages.map((page) => page.data));
  const starts = new Int32Array(values.pages.reduce((sum, page) => sum + page.count, 0));
  let at = 0;
  let offset = 0;
  for (const page of values.pages) {
    for (let i = 0; i < page.count; i += 1) {
      starts[at + i] = offset + ((page.starts as Int32Array)[i] as number);
    }
    at += page.count;
    offset += page.data.length;
  }
  return { data, startOf: (index) => starts[index] as number };
}

/**
 * text[] fields of a 3-level list: per row its slots (a new row at repetition level 0), each an
 * item, a NULL item, or the row's NULL or empty list, by definition level.
 */
function listWriter(chunk: RawColumnChunk): RawFieldWriter {
  const { defs, reps, maxDef, slots } = chunk;
  const itemOptional = chunk.element.repetition_type === 'OPTIONAL' ? 1 : 0;
  // Levels below `emptyAt` are a NULL list, `emptyAt` an empty one, above it an item.
  const emptyAt = maxDef - 1 - itemOptional;
  const { data, startOf } = listItems(chunk);
  const defAt = (slot: number): number => (defs === null ? maxDef : (defs[slot] as number));
  let slot = 0;
  let next = 0;
  return (out) => {
    const first = defAt(slot);
    if (first <= emptyAt) {
      slot += 1;
      if (first < emptyAt) {
        writeNull(out);
        return;
      }
      out.offset = putTextArrayHeader(
        out.reserve(textArrayFieldBytes(0, 0)),
        out.offset,
        0,
        0,
        false,
      );
      return;
    }
    let end = slot + 1;
    while (end < slots && reps !== null && reps[end] !== 0) {
      end += 1;
    }
    let itemBytes = 0;
    let hasNulls = false;
    let index = next;
    for (let s = slot; s < end; s += 1) {
      if (defAt(s) === maxDef) {
        itemBytes += 4 + data.readUInt32LE(startOf(index) - 4);
        index += 1;
      } else {
        itemBytes += 4;
        hasNulls = true;
      }
    }
    const buffer = out.reserve(textArrayFieldBytes(end - slot, itemBytes));
    let at = putTextArrayHeader(buffer, out.offset, end - slot, itemBytes, hasNulls);
    for (let s = slot; s < end; s += 1) {
      if (defAt(s) === maxDef) {
        const start = startOf(next);
        const length = data.readUInt32LE(start - 4);
        at = buffer.writeInt32BE(length, at);
        for (let i = 0; i < length; i += 1) {
          buffer[at + i] = data[start + i] as number;
        }
        at += length;
        next += 1;
      } else {
        at = buffer.writeInt32BE(NULL_LENGTH, at);
      }
    }
    out.offset = at;
    slot = end;
  };
}

/** The writer of a chunk's fields as `type`; rawFieldSupport says which pairs it takes. */
export function rawFieldWriter(chunk: RawColumnChunk, type: CopyFieldType): RawFieldWriter {
  return chunk.maxRep > 0 ? listWriter(chunk) : flatWriter(chunk, valueWriter(chunk, type));
}
