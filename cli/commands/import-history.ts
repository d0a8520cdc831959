// `spotlake import-history <file...>`: stores the export files in bronze (checked as they go),
// starts their run, and with --wait follows it and then fetches details of the tracks, artists and
// albums not known yet. Works straight on S3, Redis and PostgreSQL; the services do the loading.

import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { Queue } from 'bullmq';
import { createS3 } from '../../shared/clients/s3';
import { createRedis } from '../../shared/clients/redis';
import { loadConfig } from '../../shared/config';
import type { Config } from '../../shared/config';
import { QUEUES } from '../../shared/contracts';
import { importHistory } from '../../shared/history/import-files';
import type { ImportFile } from '../../shared/history/import-files';
import { createProgress } from '../progress';
import { openRunClient } from '../run-client';
import type { RunClient } from '../run-client';

interface ImportOptions {
  wait: boolean;
  enrich: boolean;
  date?: string;
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function registerImportHistory(program: Command): void {
  program
    .command('import-history')
    .description(
      'import Spotify listening-history export files (StreamingHistory*, Streaming_History_Audio_*, endsong_*)',
    )
    .argument('<files...>', 'export files, as downloaded from your Spotify privacy settings')
    .option(
      '--wait',
      'wait until the plays are loaded, then fetch details of unknown tracks',
      false,
    )
    .option('--no-enrich', 'with --wait, do not fetch track, artist and album details afterwards')
    .option('--date <yyyy-mm-dd>', 'partition date of the import run (default: today, UTC)')
    .action(async (paths: string[], options: ImportOptions) => {
      const config = loadConfig();
      const sizes = paths.map((path) => statSync(path).size);
      const total = sizes.reduce((sum, size) => sum + size, 0);
      const client = openRunClient(config);
      const s3 = createS3(config);
      try {
        const bar = createProgress('storing files', Math.max(1, Math.round(total / 1024)), 'KB');
        let stored = 0;
        const result = await importHistory(filesOf(paths), {
          store: { s3, bucket: config.s3.bucket },
          warehouse: client.ledger,
          startRun: client.start,
          maxFileBytes: config.imports.maxFileBytes,
          partitionDate: options.date ?? new Date().toISOString().slice(0, 10),
          onBytes: (bytes) => {
            stored += bytes;
            bar.update(Math.round(stored / 1024));
          },
        }).finally(() => bar.stop());
        for (const file of result.files) {
          const extra =
            file.unknownFields.length > 0 ? `; not loaded: ${file.unknownFields.join(', ')}` : '';
          say(
            `  ${file.name}: ${file.format}, ${file.plays} plays, ${(file.bytes / 1e6).toFixed(1)} MB${extra}`,
          );
        }
        say(`Import run ${result.runId} started.`);
        if (options.wait) {
          await waitForImport(config, client, result.runId, options.enrich);
        } else {
          say(`Follow it with GET /runs/${result.runId}, or run again with --wait.`);
        }
      } finally {
        s3.destroy();
        await client.close();
      }
    });
}

async function* filesOf(paths: readonly string[]): AsyncGenerator<ImportFile> {
  for (const path of paths) {
    yield { name: path, body: createReadStream(path, { highWaterMark: 1024 * 1024 }) };
  }
}

async function countPlays(client: RunClient): Promise<number> {
  const { rows } = await client.ledger.query<{ n: string }>(
    'SELECT count(*) AS n FROM spotify.listening_history',
  );
  return Number(rows[0]?.n ?? 0);
}

async function follow(client: RunClient, runId: string, label: string): Promise<void> {
  const bar = createProgress(label, 6, 'stage jobs');
  try {
    await client.follow(runId, (progress) => bar.update(progress.completed));
  } finally {
    bar.stop();
  }
}

async function waitForImport(
  config: Config,
  client: RunClient,
  runId: string,
  enrich: boolean,
): Promise<void> {
  await warnWithoutWorkers(config);
  const before = await countPlays(client);
  await follow(client, runId, 'loading plays');
  say(`Loaded: listening_history has ${(await countPlays(client)) - before} new plays.`);
  if (!enrich) {
    return;
  }
  if (config.spotify.refreshToken === undefined && !existsSync(config.spotify.tokenFile)) {
    say('Spotify is not connected (`spotlake auth`): track details will be fetched once it is.');
    return;
  }
  const date = new Date().toISOString().slice(0, 10);
  // Tracks first: the artists and albums to fetch are those of the tracks just fetched.
  for (const [tables, step] of [
    [['api_tracks'], 'e1'],
    [['api_artists', 'api_albums'], 'e2'],
  ] as const) {
    const run = await client.start({
      pipeline: 'spotify_api',
      partitionDate: date,
      tables,
      suffix: `${step}${Date.now().toString(36)}`,
    });
    await follow(client, run.runId, `details: ${tables.join(', ')}`);
  }
  say(
    'Details of the tracks, artists and albums heard are in spotify.api_tracks, api_artists, api_albums.',
  );
}

async function warnWithoutWorkers(config: Config): Promise<void> {
  const redis = createRedis(config, 'producer');
  const queue = new Queue(QUEUES.s3Load, { connection: redis, prefix: config.queuePrefix });
  try {
    if ((await queue.getWorkersCount()) === 0) {
      say(
        'No s3-loader is running: start the services (`spotlake up`) and the import will proceed.',
      );
    }
  } finally {
    await queue.close();
    await redis.quit().catch(() => redis.disconnect());
  }
}
