// Streams one generated table to its CSV file, row by row with backpressure, spoiling the chosen
// fraction of rows (wrong field count, a number that does not parse) and logging where each spoiled
// row starts, so a test or a benchmark knows exactly which lines a loader must reject.

import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Dataset } from './dataset';
import { csvField } from './python-repr';
import type { Random } from './random';
import { rowRandom } from './random';

export interface TableSpec {
  readonly table: string;
  readonly header: readonly string[];
  readonly rows: number;
  /** Positions of numeric fields a dirty row may spoil. */
  readonly numberFields: readonly number[];
  /** Distinguishes this table's dirty-row stream from the others'. */
  readonly stream: number;
  /** Position of the id field, for the dirty-row log. */
  readonly idField: number;
  /** Makes the row builder: row index in, CSV fields out. */
  createFields(dataset: Dataset): (index: number) => string[];
}

export type DirtyKind = 'missing_field' | 'extra_field' | 'bad_number';

export interface DirtyRow {
  table: string;
  /** 1-based line of the file where the row starts (the header is line 1). */
  line: number;
  /** The row's pandas index (first column). */
  row: number;
  id: string;
  kind: DirtyKind;
}

export interface TableWriteResult {
  table: string;
  file: string;
  rows: number;
  bytes: number;
  dirty: number;
}

export interface WriteOptions {
  dirtyShare: number;
  dirtyLog: WriteStream | null;
  onRows?(rows: number): void;
}

const CHUNK_CHARS = 1 << 20;
const PROGRESS_ROWS = 10_000;
const BAD_NUMBERS = ['n/a', '12,5', '1O', '0x1F', '4.5.1', '∞', 'NULL!'];

function spoil(spec: TableSpec, fields: string[], random: Random): DirtyKind {
  const roll = random.next();
  if (roll < 0.3) {
    fields.pop();
    return 'missing_field';
  }
  if (roll < 0.45) {
    fields.push('extra');
    return 'extra_field';
  }
  fields[random.pick(spec.numberFields)] = csvField(random.pick(BAD_NUMBERS));
  return 'bad_number';
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    count += 1;
  }
  return count;
}

export async function writeTableCsv(
  path: string,
  spec: TableSpec,
  dataset: Dataset,
  options: WriteOptions,
): Promise<TableWriteResult> {
  const out = createWriteStream(path, { highWaterMark: CHUNK_CHARS });
  let chunk = `${spec.header.join(',')}\n`;
  let bytes = 0;
  let line = 2;
  let dirty = 0;
  const fieldsOf = spec.createFields(dataset);
  const flush = async (): Promise<void> => {
    const buffer = Buffer.from(chunk);
    bytes += buffer.length;
    const isFull = !out.write(buffer);
    chunk = '';
    if (isFull) {
      await once(out, 'drain');
    }
  };
  for (let index = 0; index < spec.rows; index += 1) {
    const fields = fieldsOf(index);
    const random = rowRandom(dataset.seed, spec.stream, index);
    if (options.dirtyShare > 0 && random.next() < options.dirtyShare) {
      const id = fields[spec.idField] ?? '';
      const kind = spoil(spec, fields, random);
      dirty += 1;
      const entry: DirtyRow = { table: spec.table, line, row: index, id, kind };
      if (options.dirtyLog !== null && !options.dirtyLog.write(`${JSON.stringify(entry)}\n`)) {
        await once(options.dirtyLog, 'drain');
      }
    }
    const text = `${fields.join(',')}\n`;
    chunk += text;
    if (options.dirtyShare > 0) {
      // Only the dirty-row log needs line numbers; lyrics span lines, so count them.
      line += countNewlines(text);
    }
    if (chunk.length >= CHUNK_CHARS) {
      await flush();
    }
    if ((index + 1) % PROGRESS_ROWS === 0) {
      options.onRows?.(index + 1);
    }
  }
  await flush();
  out.end();
  await finished(out);
  if (spec.rows % PROGRESS_ROWS !== 0) {
    options.onRows?.(spec.rows);
  }
  return { table: spec.table, file: path, rows: spec.rows, bytes, dirty };
}
