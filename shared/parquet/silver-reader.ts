// Reads a silver Parquet object a row group at a time. The object is spooled to a temporary file
// first (Parquet needs random access to its footer), so memory holds one row group, not the file.

import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import type { FileMetaData } from 'hyparquet';
import { openObject } from '../lake/objects';
import type { LakeStore } from '../lake/objects';
import { DECOMPRESSORS } from './codecs';

export interface SilverFile {
  metadata: FileMetaData;
  rowGroups(columns: readonly string[]): AsyncGenerator<unknown[][]>;
  close(): Promise<void>;
}

export async function openSilverFile(
  store: LakeStore,
  key: string,
  signal?: AbortSignal,
): Promise<SilverFile> {
  const dir = await mkdtemp(join(tmpdir(), 'spotlake-silver-'));
  try {
    const path = join(dir, 'part.parquet');
    await pipeline(await openObject(store, key, signal), createWriteStream(path), { signal });
    const file = await asyncBufferFromFile(path);
    const metadata = await parquetMetadataAsync(file);
    return {
      metadata,
      async *rowGroups(columns) {
        let rowStart = 0;
        for (const group of metadata.row_groups) {
          const rowEnd = rowStart + Number(group.num_rows);
          let rows: unknown[][] = [];
          await parquetRead({
            file,
            metadata,
            columns: [...columns],
            rowStart,
            rowEnd,
            compressors: DECOMPRESSORS,
            onComplete: (result: unknown[][]) => {
              rows = result;
            },
          });
          rowStart = rowEnd;
          yield rows;
        }
      },
      close: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
