// Loads seed rows with one `LOAD DATA LOCAL INFILE`, fed by a stream the seed writes as it reads:
// rows already checked, as tab-separated text. The server parses no CSV and sees no bad row.
// For an empty table only: REPLACE gives every row a fresh updated_at, which is right for a first
// load and wrong for a re-seed, where the upsert keeps unchanged rows' updated_at.

import { once } from 'node:events';
import { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import type { ResultSetHeader } from 'mysql2';
import type { TableDef } from '../../shared/catalog';
import { buildLoadDataSql } from '../../shared/sql/mysql-seed-statements';
import type { SeedValue } from './column-rules';
import type { SeedRecord } from './read-kaggle-csv';
import type { SinkDeps } from './upsert-rows';

const CHUNK_CHARS = 256 * 1024;
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
};

function tsvField(value: SeedValue): string {
  if (value === null) {
    return '\\N';
  }
  return /[\\\t\n\r\0]/.test(value)
    ? value.replace(/[\\\t\n\r\0]/g, (ch) => ESCAPES[ch] ?? ch)
    : value;
}

export async function loadDataRecords(
  records: AsyncIterable<SeedRecord>,
  table: TableDef,
  columns: readonly string[],
  deps: SinkDeps,
): Promise<number> {
  // mysql2 writes every chunk of the infile stream to the socket as it comes, without waiting for
  // the socket to drain; waiting here keeps the buffered bytes bounded.
  const socket = (deps.connection.connection as unknown as { stream: Writable }).stream;
  let sent = 0;
  async function* tsv(): AsyncGenerator<string> {
    let chunk = '';
    for await (const record of records) {
      if ('reason' in record) {
        await deps.reject(record);
        continue;
      }
      chunk += `${record.values.map(tsvField).join('\t')}\n`;
      sent += 1;
      if (chunk.length >= CHUNK_CHARS) {
        if (socket.writableNeedDrain) {
          await once(socket, 'drain');
        }
        yield chunk;
        chunk = '';
        deps.onLoaded(sent);
      }
    }
    if (chunk.length > 0) {
      yield chunk;
    }
  }
  const [result] = await deps.connection.query<ResultSetHeader>({
    sql: buildLoadDataSql(table, columns),
    infileStreamFactory: () => Readable.from(tsv(), { objectMode: false }),
  });
  if (result.warningStatus > 0) {
    const [warnings] = await deps.connection.query('SHOW WARNINGS LIMIT 3');
    throw new Error(`LOAD DATA into ${table.name} left warnings: ${JSON.stringify(warnings)}`);
  }
  deps.onLoaded(sent);
  return sent;
}
