// Measures the models on a big generated listening history: a full build of every model, an
// incremental build after one poll's worth of new plays, a build with nothing new, the gold export
// of plays (rows/s, peak RSS of this process), and the wrap-up page.
// Run: npx tsc -p tsconfig.json --noEmit false --outDir .bench/dist &&
//      node .bench/dist/e2e/bench/models-bench.js [plays=500000] [--keep]
// --keep leaves the database spotlake_bench_models in place to read query plans in.
// It bootstraps like `spotlake up` (a private s3rver, a scratch database it drops at the end).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../../cli/bootstrap/bootstrap';
import { renderWrapupPage } from '../../services/api/pages/wrapup-page';
import { exportGold } from '../../services/transformer/export-gold';
import { runModels } from '../../services/transformer/run-models';
import { loadConfig } from '../../shared/config';
import type { TransformResult } from '../../shared/contracts';
import { createLogger } from '../../shared/logger';
import { openClients } from '../../shared/service/clients';
import { dropMysqlDatabase, dropPgDatabase } from '../../cli/bootstrap/prepare-stores';
import { freePort } from '../../cli/bootstrap/free-port';

const PLAYS = Number(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 500_000);
if (!Number.isSafeInteger(PLAYS) || PLAYS < 1000) {
  throw new RangeError('plays: a whole number of at least 1000');
}
const DATABASE = 'spotlake_bench_models';

// Deterministic (setseed) plays over five years, skewed towards a few thousand favourite tracks; the
// basic-format export repeats the last three months; the API polled the last 60 days.
const GENERATE = `
SELECT setseed(0.42);
INSERT INTO spotify.spotify_artists (artist_id, name, genres, artist_popularity, updated_at)
SELECT 'ar' || i, 'Artist ' || i,
       ARRAY['genre ' || (i % 40), 'genre ' || ((i * 7) % 40)], (i % 100)::smallint, now()
FROM generate_series(1, 20000) AS i;
INSERT INTO spotify.spotify_tracks (track_id, name, artists_id, duration_ms, danceability, energy,
  valence, acousticness, tempo, loudness, updated_at)
SELECT 't' || i, 'Track ' || i, ARRAY['ar' || (1 + i % 20000)], 120000 + (i % 180) * 1000,
       random(), random(), random(), random(), 60 + random() * 120, -20 + random() * 18, now()
FROM generate_series(1, 100000) AS i;
INSERT INTO spotify.listening_history (play_id, ts, ms_played, content_type, track_name,
  artist_name, spotify_track_uri, source_format, source_file)
SELECT 'x' || i, ts, ms, 'track', 'Track ' || k, 'Artist ' || (1 + k % 20000), 'spotify:track:t' || k,
       'extended', 'Streaming_History_Audio.json'
FROM (
  SELECT i, timestamptz '2020-01-01' + (i * interval '5 years' / $1) AS ts,
         CASE WHEN random() < 0.1 THEN (random() * 29000)::bigint ELSE 30000 + (random() * 240000)::bigint END AS ms,
         1 + floor(power(random(), 3) * 30000)::int AS k
  FROM generate_series(1, $1::int) AS i
) AS generated;
INSERT INTO spotify.listening_history (play_id, ts, ms_played, content_type, episode_name,
  source_format, source_file)
SELECT 'pod' || i, timestamptz '2020-01-01' + i * interval '1 day', 1800000, 'episode', 'Show',
       'extended', 'Streaming_History_Audio.json'
FROM generate_series(1, 1800) AS i;
INSERT INTO spotify.listening_history (play_id, ts, ms_played, content_type, track_name,
  artist_name, source_format, source_file)
SELECT 'b' || play_id, date_trunc('minute', ts), ms_played, 'track', track_name, artist_name,
       'account_data', 'StreamingHistory0.json'
FROM spotify.listening_history
WHERE source_format = 'extended' AND content_type = 'track' AND ts > timestamptz '2025-01-01' - interval '3 months';
INSERT INTO spotify.my_tracks (track_unique_id, track_id, track_name, artist_names, played_at, duration_ms)
SELECT substring(spotify_track_uri FROM 15) || ts, substring(spotify_track_uri FROM 15), track_name,
       ARRAY[artist_name], ts + interval '1 second', ms_played
FROM spotify.listening_history
WHERE source_format = 'extended' AND content_type = 'track' AND ms_played >= 30000
  AND ts > timestamptz '2025-01-01' - interval '60 days';
ANALYZE;`;

const ONE_POLL = `
INSERT INTO spotify.my_tracks (track_unique_id, track_id, track_name, artist_names, played_at, duration_ms)
SELECT 'new' || i, 't' || i, 'Track ' || i, ARRAY['Artist ' || (1 + i % 20000)],
       timestamptz '2025-01-02' + i * interval '4 minutes', 200000
FROM generate_series(1, 50) AS i`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  process.stdout.write(
    `${label.padEnd(44)} ${((performance.now() - started) / 1000).toFixed(2).padStart(8)} s\n`,
  );
  return result;
}

function report(result: TransformResult): void {
  for (const model of result.models) {
    const rows = String(model.rows ?? '').padStart(9);
    process.stdout.write(
      `  ${model.name.padEnd(24)} ${rows} rows ${(model.ms / 1000).toFixed(2).padStart(7)} s\n`,
    );
  }
}

async function main(): Promise<void> {
  process.env.SPOTLAKE_HOME = mkdtempSync(join(tmpdir(), 'spotlake-bench-'));
  process.env.PG_DATABASE = DATABASE;
  process.env.MYSQL_DATABASE = DATABASE;
  process.env.S3_BUCKET = 'spotlake-bench-models';
  process.env.S3_ENDPOINT = `http://127.0.0.1:${await freePort()}`;
  const config = loadConfig();
  await dropPgDatabase(config, DATABASE);
  const booted = await bootstrap(config, () => undefined);
  const clients = openClients(config, 'worker', 'bench');
  const deps = {
    warehouse: clients.warehouse,
    store: clients.store,
    log: createLogger({ level: 'warn', name: 'bench' }),
    timezone: 'UTC',
    goldRowGroupRows: config.models.goldRowGroupRows,
    workMem: config.models.workMem,
  };
  try {
    await timed(`generate ${PLAYS.toLocaleString('en-US')} plays and the catalog`, () =>
      clients.warehouse.query(GENERATE.replace(/\$1/g, String(PLAYS))),
    );
    const full = await timed('full build of every model (with gold)', () =>
      runModels({ partitionDate: '2025-01-02' }, deps),
    );
    report(full);
    await clients.warehouse.query(ONE_POLL);
    // As a spotify_api run does: the models reading my_tracks, and what depends on them.
    const spotifyRun = { partitionDate: '2025-01-02', tables: ['my_tracks'] };
    const poll = await timed('spotify_api run after one poll (50 plays)', () =>
      runModels(spotifyRun, deps),
    );
    report(poll);
    report(await timed('spotify_api run with nothing new', () => runModels(spotifyRun, deps)));
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const gold = await timed('gold export of plays alone', () =>
      exportGold('plays', '2025-01-03', {
        warehouse: clients.warehouse,
        store: clients.store,
        rowGroupRows: deps.goldRowGroupRows,
      }),
    );
    clearInterval(sampler);
    process.stdout.write(
      `  ${gold.rows} rows, ${(gold.bytes / 1e6).toFixed(1)} MB, peak RSS ${(peak / 1e6).toFixed(0)} MB\n`,
    );
    for (const period of ['4_weeks', '6_months', 'all_time'] as const) {
      await timed(`wrap-up page, ${period}`, () =>
        renderWrapupPage({ period }, { warehouse: clients.warehouse }),
      );
    }
  } finally {
    await clients.close();
    if (!process.argv.includes('--keep')) {
      await dropPgDatabase(config, DATABASE);
    }
    await dropMysqlDatabase(config, DATABASE);
    await booted.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
