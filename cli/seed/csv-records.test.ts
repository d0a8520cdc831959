// The CSV reader splits records as pandas wrote them, wherever the chunks of the file end, and
// says on which line each record starts.

import { Readable } from 'node:stream';
import { CsvSyntaxError, readCsvRecords } from './csv-records';
import type { CsvRecord } from './csv-records';

async function readAll(text: string, chunkSize = 1 << 20): Promise<CsvRecord[]> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) {
    chunks.push(bytes.subarray(at, at + chunkSize));
  }
  const records: CsvRecord[] = [];
  for await (const batch of readCsvRecords(Readable.from(chunks))) {
    records.push(...batch);
  }
  return records;
}

const SAMPLE =
  '\ufeff,name,genres\n' +
  "0,Juliano Cezar,\"['sertanejo', 'sertanejo pop']\"\n" +
  '1,"Gus Johnson, Jr.",[]\n' +
  '2,"Theme From ""Shaft""","line one\nline two\nline three"\n' +
  '3,나선,[]\n';

const EXPECTED: CsvRecord[] = [
  { line: 1, fields: ['', 'name', 'genres'] },
  { line: 2, fields: ['0', 'Juliano Cezar', "['sertanejo', 'sertanejo pop']"] },
  { line: 3, fields: ['1', 'Gus Johnson, Jr.', '[]'] },
  { line: 4, fields: ['2', 'Theme From "Shaft"', 'line one\nline two\nline three'] },
  { line: 7, fields: ['3', '나선', '[]'] },
];

describe('readCsvRecords', () => {
  it('reads quoted fields, doubled quotes and line breaks, with each record’s first line', async () => {
    expect(await readAll(SAMPLE)).toEqual(EXPECTED);
  });

  it('reads the same records whatever size the chunks of the file are', async () => {
    for (const size of [1, 2, 3, 7, 64]) {
      expect(await readAll(SAMPLE, size)).toEqual(EXPECTED);
    }
  });

  it('reads CRLF line ends and a last record without a line break', async () => {
    expect(await readAll('a,b\r\n"x,1",2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x,1', '2'] },
    ]);
  });

  it('keeps empty fields, including a trailing one', async () => {
    expect(await readAll(',,\n1,,\n')).toEqual([
      { line: 1, fields: ['', '', ''] },
      { line: 2, fields: ['1', '', ''] },
    ]);
  });

  it('fails on a quote that is never closed, naming the line its record starts on', async () => {
    const reading = readAll('a,b\n1,"never closed\n2,3\n');
    await expect(reading).rejects.toThrow(CsvSyntaxError);
    await expect(readAll('a,b\n1,"never closed\n2,3\n')).rejects.toThrow(/line 2/);
  });
});
