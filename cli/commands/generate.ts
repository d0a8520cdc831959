// `spotlake generate`: writes the Kaggle SpotGenTrack CSVs at any scale, for the demo, tests and the
// benchmark. Same seed and scale, same bytes.

import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import {
  DIRTY_ROWS_FILE,
  generateDataset,
  MANIFEST_FILE,
  REAL_TRACKS,
} from '../generate/generate-dataset';
import { createProgress } from '../progress';
import type { Progress } from '../progress';

interface GenerateFlags {
  tracks: number;
  out: string;
  seed: number;
  dirty: number;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('a whole number of at least 1');
  }
  return Number(value);
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) {
    throw new InvalidArgumentError('a whole number from 0 to 4294967295');
  }
  return Number(value);
}

function parseShare(value: string): number {
  const share = Number(value);
  if (value.trim() === '' || !(share >= 0 && share <= 1)) {
    throw new InvalidArgumentError('a share from 0 to 1, such as 0.01');
  }
  return share;
}

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write spotify_{tracks,albums,artists}.csv in the Kaggle SpotGenTrack format')
    .option(
      '--tracks <n>',
      'tracks to generate (albums and artists follow the real ratios)',
      parseCount,
      REAL_TRACKS,
    )
    .requiredOption('--out <dir>', 'directory to write the three CSV files into')
    .option('--seed <n>', 'random seed: the same seed and scale give the same files', parseSeed, 1)
    .option(
      '--dirty <share>',
      'share of rows written broken on purpose (listed in dirty-rows.ndjson)',
      parseShare,
      0,
    )
    .action(async (flags: GenerateFlags) => {
      const out = resolve(flags.out);
      const bars = new Map<string, Progress>();
      const manifest = await generateDataset({
        ...flags,
        out,
        onProgress(table, rows, total) {
          let bar = bars.get(table);
          if (bar === undefined) {
            bar = createProgress(table, total, 'rows');
            bars.set(table, bar);
          }
          bar.update(rows);
          if (rows === total) {
            bar.stop();
          }
        },
      });
      const seconds = manifest.ms / 1000;
      for (const file of manifest.files) {
        const dirty = file.dirty > 0 ? `, ${file.dirty} dirty` : '';
        process.stdout.write(`${file.file}: ${file.rows} rows, ${megabytes(file.bytes)}${dirty}\n`);
      }
      const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
      process.stdout.write(
        `wrote ${megabytes(bytes)} to ${out} in ${seconds.toFixed(1)} s (seed ${flags.seed}; ${MANIFEST_FILE}` +
          `${flags.dirty > 0 ? `, dirty rows listed in ${DIRTY_ROWS_FILE}` : ''})\n`,
      );
    });
}
