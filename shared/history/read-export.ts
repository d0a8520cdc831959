// Reads an export file back from bronze as listening_history rows, streaming: the s3-loader's
// reader for the history_import source. A file that no longer reads as an export fails the job
// (permanently) with its name and position, so the run stops before the load commits.

import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { LakeStore } from '../lake/objects';
import type { HistoryRow } from './export-formats';
import { SOURCE_FILE_METADATA } from './import-files';
import { createExportScanner } from './scan-export';

export interface ExportRecord {
  position: number;
  raw: string;
  record: HistoryRow;
}

export async function* readExportObject(
  store: LakeStore,
  key: string,
  signal: AbortSignal,
): AsyncGenerator<ExportRecord> {
  const response = await store.s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }), {
    abortSignal: signal,
  });
  if (!(response.Body instanceof Readable)) {
    throw new Error(`s3 object ${key} has no readable body`);
  }
  const stored = response.Metadata?.[SOURCE_FILE_METADATA];
  const scanner = createExportScanner(stored === undefined ? key : decodeURIComponent(stored));
  const body = response.Body;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      for (const { position, row } of scanner.push(chunk)) {
        yield { position, raw: '', record: row };
      }
    }
    scanner.end();
  } finally {
    body.destroy();
  }
}
