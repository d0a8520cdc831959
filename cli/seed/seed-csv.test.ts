// Seeding on a real MariaDB, by both loading methods: the real artist rows load unchanged, dirty
// rows are rejected at the lines the generator logged while the others load, a re-seed changes
// nothing, and the catalog's foreign keys are in force afterwards with orphans listed.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'mysql2/promise';
import { parse } from 'csv-parse/sync';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';
import { DIRTY_ROWS_FILE, generateDataset } from '../generate/generate-dataset';
import type { DirtyRow } from '../generate/write-table-csv';
import { seedCsv } from './seed-csv';
import { seedDirectory } from './seed-directory';

const REAL_ARTISTS = join(__dirname, '..', '..', 'e2e', 'fixtures', 'spotify_artists.csv');

const readLines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

async function truncateAll(mysql: Pool): Promise<void> {
  await mysql.query('SET foreign_key_checks = 0');
  for (const table of ['spotify_tracks', 'spotify_albums', 'spotify_artists']) {
    await mysql.query(`TRUNCATE TABLE ${table}`);
  }
  await mysql.query('SET foreign_key_checks = 1');
}

describe.each(['insert', 'load-data'] as const)('seeding by %s', (method) => {
  let env: TestEnv;
  let mysql: Pool;
  let dir: string;

  beforeAll(async () => {
    env = await createTestEnv();
    mysql = env.clients.mysql.promise();
    dir = mkdtempSync(join(tmpdir(), 'spotlake-seed-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await env?.close();
  });

  beforeEach(() => truncateAll(mysql));

  it('loads the 309 real artist rows and reads them back unchanged', async () => {
    const result = await seedCsv(REAL_ARTISTS, 'spotify_artists', {
      mysql,
      method,
      rejectFile: join(dir, 'artists.rejects.ndjson'),
    });
    expect(result).toMatchObject({ loaded: 309, rejected: 0, rejectFile: null, method });
    const expected = parse<Record<string, string>>(readFileSync(REAL_ARTISTS), { columns: true });
    const [rows] = await mysql.query(
      'SELECT artist_id, artist_popularity, followers, genres, name, track_id, track_name_prev, type FROM spotify_artists',
    );
    const byId = new Map((rows as Record<string, unknown>[]).map((row) => [row.artist_id, row]));
    for (const row of expected) {
      expect(byId.get(row.id)).toEqual({
        artist_id: row.id,
        artist_popularity: Number(row.artist_popularity),
        followers: row.followers,
        genres: row.genres,
        name: row.name,
        track_id: row.track_id,
        track_name_prev: row.track_name_prev,
        type: row.type,
      });
    }
  });

  it('rejects dirty rows at the lines the generator logged and loads every other row', async () => {
    const data = join(dir, 'dirty');
    const manifest = await generateDataset({ tracks: 800, out: data, seed: 11, dirty: 0.04 });
    const rejectDir = join(dir, 'rejects');
    const result = await seedDirectory(data, { mysql, method, rejectDir });
    const dirty = readLines<DirtyRow>(join(data, DIRTY_ROWS_FILE));
    for (const table of result.tables) {
      const expectedLines = dirty.filter((row) => row.table === table.table).map((row) => row.line);
      const written = manifest.files.find((file) => file.table === table.table)?.rows ?? 0;
      expect(table.rejected).toBe(expectedLines.length);
      expect(table.loaded).toBe(written - expectedLines.length);
      const rejects = readLines<{ line: number; reason: string }>(table.rejectFile ?? '');
      expect(rejects.map((row) => row.line)).toEqual(expectedLines);
      expect(
        rejects.every((row) => /fields, found|is not (an integer|a number)/.test(row.reason)),
      ).toBe(true);
      const [[count]] = (await mysql.query(
        `SELECT COUNT(*) AS n FROM ${table.table}`,
      )) as unknown as [[{ n: string }]];
      expect(Number(count.n)).toBe(written - expectedLines.length);
    }
  });

  it('keeps the rows whose parent was rejected, lists them, and enforces the keys afterwards', async () => {
    const data = join(dir, 'orphans');
    await generateDataset({ tracks: 800, out: data, seed: 11, dirty: 0.04 });
    const rejectDir = join(dir, 'rejects-orphans');
    const result = await seedDirectory(data, { mysql, method, rejectDir });
    const tracks = result.orphans.find((report) => report.table === 'spotify_tracks');
    const [[missing]] = (await mysql.query(
      'SELECT COUNT(*) AS n FROM spotify_tracks t LEFT JOIN spotify_albums a USING (album_id) WHERE a.album_id IS NULL',
    )) as unknown as [[{ n: string }]];
    expect(Number(missing.n)).toBeGreaterThan(0);
    expect(tracks?.orphans).toBe(Number(missing.n));
    expect(readLines(tracks?.file ?? '')).toHaveLength(Number(missing.n));
    await expect(
      mysql.query(
        "INSERT INTO spotify_tracks (track_id, album_id) VALUES ('t-new', 'no-such-album')",
      ),
    ).rejects.toThrow(/foreign key constraint fails/);
  });

  it('leaves the same rows and their updated_at when the same files are seeded again', async () => {
    const data = join(dir, 'again');
    await generateDataset({ tracks: 300, out: data, seed: 5, dirty: 0 });
    // `auto` takes LOAD DATA for an empty table, and the upsert for one that holds rows.
    const auto = method === 'insert' ? 'insert' : 'auto';
    const first = await seedDirectory(data, { mysql, method: auto, rejectDir: join(dir, 'r1') });
    expect(first.tables.map((table) => table.method)).toEqual([method, method, method]);
    await mysql.query("UPDATE spotify_albums SET updated_at = '2024-01-01 00:00:00'");
    const snapshot = async (): Promise<unknown> =>
      (await mysql.query('SELECT * FROM spotify_albums ORDER BY album_id'))[0];
    const before = await snapshot();
    const again = await seedDirectory(data, { mysql, method: auto, rejectDir: join(dir, 'r2') });
    expect(again.tables.map((table) => table.method)).toEqual(['insert', 'insert', 'insert']);
    expect(await snapshot()).toEqual(before);
  });

  it('rejects a cell too long for its column with the reason, and loads the rest', async () => {
    const file = join(dir, 'long.csv');
    const header = readFileSync(REAL_ARTISTS, 'utf8').split('\n').slice(0, 3);
    const long = header[2]?.replace('track_30', `track_${'9'.repeat(70)}`) ?? '';
    writeFileSync(file, `${header[0]}\n${header[1]}\n${long}\n`);
    const result = await seedCsv(file, 'spotify_artists', {
      mysql,
      method,
      rejectFile: join(dir, 'long.rejects.ndjson'),
    });
    expect(result).toMatchObject({ loaded: 1, rejected: 1 });
    expect(readLines<{ line: number; reason: string }>(result.rejectFile ?? '')).toEqual([
      expect.objectContaining({
        line: 3,
        reason: 'track_name_prev is 76 characters, the column holds 64',
      }),
    ]);
  });
});
