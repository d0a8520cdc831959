// The generated dataset reads like the real one: the real headers, Python-literal cells, ids that
// agree across the three files, values in Spotify's ranges, the same bytes for the same seed, and
// dirty rows exactly where the dirty-row log says.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parsePythonLiteral } from '../../shared/typing/python-literal';
import { DIRTY_ROWS_FILE, generateDataset, MANIFEST_FILE } from './generate-dataset';
import type { DirtyRow } from './write-table-csv';

const HEADERS = {
  spotify_artists: ',artist_popularity,followers,genres,id,name,track_id,track_name_prev,type',
  spotify_albums:
    ',album_type,artist_id,available_markets,external_urls,href,id,images,name,release_date,release_date_precision,total_tracks,track_id,track_name_prev,uri,type',
  spotify_tracks:
    ',acousticness,album_id,analysis_url,artists_id,available_markets,country,danceability,disc_number,duration_ms,energy,href,id,instrumentalness,key,liveness,loudness,lyrics,mode,name,playlist,popularity,preview_url,speechiness,tempo,time_signature,track_href,track_name_prev,track_number,uri,valence,type',
};
type Table = keyof typeof HEADERS;
type Row = Record<string, string>;

const ID = /^[0-7][0-9a-zA-Z]{21}$/;
const TRACKS = 3000;

function readTable(dir: string, table: Table): Row[] {
  return parse<Row>(readFileSync(join(dir, `${table}.csv`)), { columns: true });
}

function stringList(cell: string | undefined): string[] {
  const value = parsePythonLiteral(cell ?? '');
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`not a list of strings: ${cell}`);
  }
  return value;
}

describe('generateDataset', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'spotlake-generate-'));
    dirs.push(dir);
    return dir;
  };
  let dir: string;
  let artists: Row[];
  let albums: Row[];
  let tracks: Row[];

  beforeAll(async () => {
    dir = tempDir();
    await generateDataset({ tracks: TRACKS, out: dir, seed: 7, dirty: 0 });
    artists = readTable(dir, 'spotify_artists');
    albums = readTable(dir, 'spotify_albums');
    tracks = readTable(dir, 'spotify_tracks');
  });

  afterAll(() => {
    for (const path of dirs) {
      rmSync(path, { recursive: true, force: true });
    }
  });

  it('writes the real Kaggle header lines, pandas index column first', () => {
    for (const table of Object.keys(HEADERS) as Table[]) {
      const text = readFileSync(join(dir, `${table}.csv`), 'utf8');
      expect(text.slice(0, text.indexOf('\n'))).toBe(HEADERS[table]);
    }
  });

  it('keeps the real ratios of albums and artists to tracks, indexed from 0', () => {
    expect([tracks.length, albums.length, artists.length]).toEqual([3000, 2222, 1652]);
    expect(tracks.map((row) => row[''])).toEqual(tracks.map((_, i) => String(i)));
  });

  it('gives every row a unique 22-character base62 id', () => {
    for (const rows of [artists, albums, tracks]) {
      const ids = rows.map((row) => row.id ?? '');
      expect(ids.every((id) => ID.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(rows.length);
    }
  });

  it('refers only to ids that exist in the other files', () => {
    const artistIds = new Set(artists.map((row) => row.id));
    const albumIds = new Set(albums.map((row) => row.id));
    const trackAlbum = new Map(tracks.map((row) => [row.id, row.album_id]));
    expect(tracks.every((row) => albumIds.has(row.album_id))).toBe(true);
    expect(tracks.every((row) => stringList(row.artists_id).every((id) => artistIds.has(id)))).toBe(
      true,
    );
    expect(albums.every((row) => artistIds.has(row.artist_id))).toBe(true);
    expect(albums.every((row) => trackAlbum.get(row.track_id ?? '') === row.id)).toBe(true);
    expect(artists.every((row) => trackAlbum.has(row.track_id ?? ''))).toBe(true);
  });

  it('repeats track_id across artists credited on the same track, as the real file does', () => {
    const counts = new Map<string, number>();
    for (const row of artists) {
      counts.set(row.track_id ?? '', (counts.get(row.track_id ?? '') ?? 0) + 1);
    }
    const sharing = artists.filter((row) => (counts.get(row.track_id ?? '') ?? 0) > 1).length;
    expect(sharing / artists.length).toBeGreaterThan(0.25);
    const credited = new Map(tracks.map((row) => [row.id, stringList(row.artists_id)]));
    expect(artists.every((row) => credited.get(row.track_id ?? '')?.includes(row.id ?? ''))).toBe(
      true,
    );
  });

  it('writes list and dict cells as Python literals', () => {
    expect(artists.every((row) => Array.isArray(stringList(row.genres)))).toBe(true);
    expect(artists.some((row) => row.genres === '[]')).toBe(true);
    expect(albums.some((row) => row.available_markets === '[]')).toBe(true);
    const album = albums[0] ?? {};
    expect(parsePythonLiteral(album.external_urls ?? '')).toEqual({
      spotify: `https://open.spotify.com/album/${album.id}`,
    });
    const images = parsePythonLiteral(album.images ?? '') as { height: number }[];
    expect(images.map((image) => image.height)).toEqual([640, 300, 64]);
    expect(stringList(tracks[0]?.available_markets).length).toBeGreaterThan(0);
  });

  it('keeps audio features, popularity and dates in the ranges Spotify uses', () => {
    const inUnit = ['acousticness', 'danceability', 'energy', 'instrumentalness', 'liveness'];
    for (const row of tracks) {
      for (const column of [...inUnit, 'speechiness', 'valence']) {
        expect(Number(row[column])).toBeGreaterThanOrEqual(0);
        expect(Number(row[column])).toBeLessThanOrEqual(1);
      }
      expect(Number(row.loudness)).toBeLessThan(2);
      expect(Number(row.popularity)).toBeLessThanOrEqual(100);
      expect(row.duration_ms).toMatch(/^\d+\.0$/);
    }
    const dates = { year: /^\d{4}$/, month: /^\d{4}-\d{2}$/, day: /^\d{4}-\d{2}-\d{2}$/ };
    for (const row of albums) {
      expect(row.release_date).toMatch(dates[row.release_date_precision as keyof typeof dates]);
    }
    expect(artists.every((row) => /^\d+$/.test(row.followers ?? ''))).toBe(true);
  });

  it('writes the names that break naive CSV handling: Unicode, commas, quotes, line breaks', () => {
    const names = [...artists, ...albums, ...tracks].map((row) => row.name ?? '');
    expect(names.some((name) => /[^ -~]/.test(name))).toBe(true);
    expect(names.some((name) => name.includes(','))).toBe(true);
    expect(names.some((name) => name.includes('"'))).toBe(true);
    expect(tracks.some((row) => row.lyrics?.includes('\n'))).toBe(true);
  });

  it('writes the same bytes for the same seed and other bytes for another seed', async () => {
    const again = tempDir();
    const other = tempDir();
    await generateDataset({ tracks: TRACKS, out: again, seed: 7, dirty: 0 });
    await generateDataset({ tracks: TRACKS, out: other, seed: 8, dirty: 0 });
    const read = (path: string): Buffer => readFileSync(join(path, 'spotify_tracks.csv'));
    expect(read(again).equals(read(dir))).toBe(true);
    expect(read(other).equals(read(dir))).toBe(false);
    expect(JSON.parse(readFileSync(join(again, MANIFEST_FILE), 'utf8'))).toMatchObject({
      seed: 7,
      tracks: TRACKS,
      scale: { tracks: 3000, albums: 2222, artists: 1652 },
    });
  });

  it('spoils about the asked share of rows, exactly at the lines the dirty-row log lists', async () => {
    const dirtyDir = tempDir();
    const manifest = await generateDataset({ tracks: 1500, out: dirtyDir, seed: 3, dirty: 0.05 });
    const logged = readFileSync(join(dirtyDir, DIRTY_ROWS_FILE), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DirtyRow);
    const total = manifest.files.reduce((sum, file) => sum + file.rows, 0);
    expect(logged.length / total).toBeGreaterThan(0.03);
    expect(logged.length / total).toBeLessThan(0.07);
    for (const table of Object.keys(HEADERS) as Table[]) {
      const width = HEADERS[table].split(',').length;
      // With `info`, csv-parse yields { record, info } objects; its typings only know arrays.
      const records = parse(readFileSync(join(dirtyDir, `${table}.csv`)), {
        relax_column_count: true,
        info: true,
      }) as unknown as { record: string[]; info: { lines: number } }[];
      const badLines = new Set(logged.filter((row) => row.table === table).map((row) => row.line));
      let start = 1;
      for (const { record, info } of records) {
        const isBad =
          record.length !== width ||
          record.some((cell) =>
            ['n/a', '12,5', '1O', '0x1F', '4.5.1', '∞', 'NULL!'].includes(cell),
          );
        expect([start, isBad]).toEqual([start, badLines.has(start)]);
        start = info.lines + 1;
      }
    }
  });
});
