// Streams a Kaggle CSV as rows ready for MySQL, or rejects with the line the record starts on and
// the reason: a wrong field count, a cell its column cannot hold, a record the CSV parser refused.
// Reads one record at a time; never the whole file.

import { createReadStream } from 'node:fs';
import type { TableDef } from '../../shared/catalog';
import { CellError, cellRule } from './column-rules';
import type { CellRule, MysqlColumnLimit, SeedValue } from './column-rules';
import { CsvSyntaxError, readCsvRecords } from './csv-records';
import { mapKaggleHeader } from './kaggle-columns';

export type SeedRecord =
  | { line: number; values: SeedValue[] }
  | { line: number; reason: string; fields: readonly string[] };

export interface KaggleCsv {
  /** The MySQL columns each row's values fill, in order. */
  columns: readonly string[];
  records: AsyncGenerator<SeedRecord>;
  bytesRead(): number;
}

export async function openKaggleCsv(
  file: string,
  table: TableDef,
  limits: readonly MysqlColumnLimit[],
): Promise<KaggleCsv> {
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const batches = readCsvRecords(input);
  const first = await batches.next();
  const [header, ...rest] = first.done === true ? [] : first.value;
  if (header === undefined) {
    input.destroy();
    throw new Error(`${file} is empty: expected the Kaggle header line`);
  }
  const mapping = mapKaggleHeader(table, header.fields);
  const byName = new Map(limits.map((limit) => [limit.name, limit]));
  const rules = mapping.targets.map((target) =>
    target === null ? null : cellRule(columnOf(table, target), byName.get(target)),
  );

  async function* records(): AsyncGenerator<SeedRecord> {
    try {
      for (const record of rest) {
        yield convertRecord(record.fields, record.line, rules);
      }
      for await (const batch of batches) {
        for (const record of batch) {
          yield convertRecord(record.fields, record.line, rules);
        }
      }
    } catch (err) {
      // A record the reader cannot delimit ends the file: nothing after it can be trusted.
      if (!(err instanceof CsvSyntaxError)) {
        throw err;
      }
      yield { line: err.line, reason: err.message, fields: [] };
    } finally {
      await batches.return(undefined);
      input.destroy();
    }
  }

  return { columns: mapping.columns, records: records(), bytesRead: () => input.bytesRead };
}

function columnOf(table: TableDef, name: string) {
  const column = table.columns.find((candidate) => candidate.name === name);
  if (column === undefined) {
    throw new Error(`${name} is not a column of ${table.name}`);
  }
  return column;
}

function convertRecord(
  record: string[],
  line: number,
  rules: readonly (CellRule | null)[],
): SeedRecord {
  if (record.length !== rules.length) {
    return {
      line,
      reason: `expected ${rules.length} fields, found ${record.length}`,
      fields: record,
    };
  }
  const values: SeedValue[] = [];
  for (let i = 0; i < record.length; i += 1) {
    const rule = rules[i];
    if (rule === null || rule === undefined) {
      continue;
    }
    try {
      values.push(rule(record[i] ?? ''));
    } catch (err) {
      if (err instanceof CellError) {
        return { line, reason: err.message, fields: record };
      }
      throw err;
    }
  }
  return { line, values };
}
