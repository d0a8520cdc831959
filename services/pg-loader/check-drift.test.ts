// Schema drift against a real PostgreSQL and S3: a silver file, the catalog and the warehouse table
// that disagree fail the pg-load job once, naming the table, the column and both types; a table
// whose catalog entry allows adding columns gets the column in the commit's own transaction.

import { UnrecoverableError } from 'bullmq';
import { getTable } from '../../shared/catalog';
import type { ColumnDef, TableDef } from '../../shared/catalog';
import { WHOLE_TABLE } from '../../shared/contracts';
import type { S3LoadResult } from '../../shared/contracts';
import { createSilverWriter } from '../../shared/parquet/silver-writer';
import { addableArtists, createTestTable } from '../../test/catalog-with-test-tables';
import {
  artistRow,
  killCommitBeforeCommit,
  mysqlRun,
  pgLoadCommit,
  pgLoadPart,
  s3Load,
  writeBronze,
} from '../../test/loader-steps';
import { createTestEnv } from '../../test/test-env';
import type { TestEnv } from '../../test/test-env';

jest.mock('../../shared/catalog', () =>
  jest.requireActual<object>('../../test/catalog-with-test-tables'),
);

describe('schema drift', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    await env?.close();
  });

  async function columnsOf(table: string): Promise<string[]> {
    const { rows } = await env.clients.warehouse.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = 'spotify' AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    return rows.map((row) => row.column_name);
  }

  /** A silver part of `table` written with other columns than the catalog's, as an old file would be. */
  async function silverWithColumns(table: TableDef, columns: ColumnDef[]): Promise<S3LoadResult> {
    const key = `silver/mysql/${table.name}/updated_at=2024-05-01/part-00000.parquet`;
    const writer = createSilverWriter(env.clients.store, key, { ...table, columns }, 100);
    await writer.appendRow(
      columns.map((column) =>
        column.nullable ? null : column.type === 'timestamp' ? new Date(0) : 'x',
      ),
    );
    const bytes = await writer.close();
    const counts = { extracted: 1, bronze: 1, silver: 1, quarantined: 0, loaded: 0 };
    return {
      table: table.name,
      part: WHOLE_TABLE,
      silverKey: key,
      quarantineKey: null,
      bytes,
      strategy: table.extract.kind,
      counts,
      ms: 1,
    };
  }

  async function loadArtists(table: string, date: string) {
    const run = mysqlRun(table, date);
    const bronze = await writeBronze(env, run, [artistRow('x1', 7), artistRow('x2', 8)]);
    return { run, silver: await s3Load(env, run, bronze) };
  }

  it('fails the job naming the column the warehouse lacks, with both types', async () => {
    await env.clients.warehouse.query('ALTER TABLE spotify.spotify_artists DROP COLUMN followers');
    const { run, silver } = await loadArtists('spotify_artists', '2024-05-01');

    const staging = pgLoadPart(env, run, silver);
    await expect(staging).rejects.toThrow(
      'schema drift in spotify.spotify_artists: followers is bigint in silver, missing in the warehouse',
    );
    await expect(staging).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(staging).rejects.toMatchObject({
      table: 'spotify.spotify_artists',
      column: 'followers',
    });
  });

  it('fails the job naming a column whose warehouse type changed, with both types', async () => {
    await env.clients.warehouse.query(
      'ALTER TABLE spotify.spotify_tracks ALTER COLUMN popularity TYPE text',
    );
    const run = mysqlRun('spotify_tracks', '2024-05-01');
    const bronze = await writeBronze(env, run, [
      { track_id: 't1', popularity: 5, updated_at: '2024-05-01 08:00:00' },
    ]);

    await expect(pgLoadPart(env, run, await s3Load(env, run, bronze))).rejects.toThrow(
      'schema drift in spotify.spotify_tracks: popularity is smallint in silver, text in the warehouse',
    );
  });

  it('fails the job naming a silver column whose type is not the catalog type', async () => {
    const albums = getTable('spotify_albums');
    const columns = albums.columns.map((column) =>
      column.name === 'total_tracks' ? { ...column, type: 'int32' as const } : column,
    );
    const silver = await silverWithColumns(albums, columns);

    await expect(pgLoadPart(env, mysqlRun('spotify_albums', '2024-05-01'), silver)).rejects.toThrow(
      'schema drift in spotify.spotify_albums: total_tracks is int32 in silver, int16 in the catalog',
    );
  });

  it('fails the job naming a silver column the catalog does not know, with its type', async () => {
    const albums = getTable('spotify_albums');
    const columns: ColumnDef[] = [
      ...albums.columns,
      { name: 'label', type: 'string', nullable: true },
    ];
    const silver = await silverWithColumns(albums, columns);

    await expect(pgLoadPart(env, mysqlRun('spotify_albums', '2024-05-02'), silver)).rejects.toThrow(
      'schema drift in spotify.spotify_albums: label is string in silver, missing in the catalog',
    );
  });

  it('adds a column the catalog allows adding in the commit transaction, not before', async () => {
    await createTestTable(env, addableArtists);
    await env.clients.warehouse.query('ALTER TABLE spotify.addable_artists DROP COLUMN followers');
    const { run, silver } = await loadArtists('addable_artists', '2024-05-01');
    const parts = [await pgLoadPart(env, run, silver)];
    expect(await columnsOf('addable_artists')).not.toContain('followers');

    await killCommitBeforeCommit(env, run, parts);
    expect(await columnsOf('addable_artists')).not.toContain('followers');
    await expect(
      env.clients.warehouse.query('SELECT 1 FROM spotify.addable_artists'),
    ).resolves.toMatchObject({ rowCount: 0 });

    await pgLoadCommit(env, run, parts);
    const { rows } = await env.clients.warehouse.query(
      'SELECT artist_id, followers FROM spotify.addable_artists ORDER BY artist_id',
    );
    expect(rows).toEqual([
      { artist_id: 'x1', followers: '7' },
      { artist_id: 'x2', followers: '8' },
    ]);
  });
});
