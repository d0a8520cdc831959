// Reads one export file as its bytes arrive: splits the JSON array, tells the format from the first
// play, and turns every play into a listening_history row. Anything wrong rejects the whole file
// with its name and the position, so a bad file loads nothing. Used both while the file is stored
// (import) and when the s3-loader reads it back from bronze.

import { PermanentError } from '../errors';
import { createJsonArraySplitter, JsonArrayError } from './json-array';
import type { JsonPosition } from './json-array';
import { detectFormat, historyRow, unknownFields } from './export-formats';
import type { ExportFormat, HistoryRow } from './export-formats';

export class ExportRejectedError extends PermanentError {
  readonly file: string;
  readonly position: JsonPosition | null;

  constructor(file: string, detail: string, position: JsonPosition | null) {
    super(`${file}: ${detail}`);
    this.name = 'ExportRejectedError';
    this.file = file;
    this.position = position;
  }
}

export interface ScannedRow {
  position: number;
  row: HistoryRow;
}

export interface ExportSummary {
  format: ExportFormat;
  plays: number;
  /** Fields of the file this version does not know and so does not load. */
  unknownFields: string[];
}

export interface ExportScanner {
  push(chunk: Buffer): ScannedRow[];
  end(): ExportSummary;
}

export function createExportScanner(fileName: string): ExportScanner {
  const splitter = createJsonArraySplitter();
  let format: ExportFormat | null = null;
  let plays = 0;
  const unknown = new Set<string>();

  const reject = (err: unknown): never => {
    if (err instanceof JsonArrayError) {
      throw new ExportRejectedError(fileName, err.message, err.position);
    }
    throw err;
  };

  return {
    push(chunk) {
      let elements;
      try {
        elements = splitter.push(chunk);
      } catch (err) {
        return reject(err);
      }
      return elements.map((element) => {
        const where = `at line ${element.line}, column ${element.column} (byte ${element.byte}, element ${element.index})`;
        const position = { ...element, element: element.index };
        format ??= detectFormat(element.value);
        if (format === null) {
          throw new ExportRejectedError(
            fileName,
            `not a Spotify listening-history export: the first play has neither endTime nor ts ${where}`,
            position,
          );
        }
        const row = historyRow(element.value, format, fileName);
        if (row instanceof Error) {
          throw new ExportRejectedError(fileName, `${row.message} ${where}`, position);
        }
        for (const field of unknownFields(format, element.value as object)) {
          unknown.add(field);
        }
        plays += 1;
        return { position: element.index, row };
      });
    },
    end() {
      try {
        splitter.end();
      } catch (err) {
        return reject(err);
      }
      return { format: format ?? 'extended', plays, unknownFields: [...unknown].sort() };
    },
  };
}
