// `spotlake migrate` prepares running servers for the services: the warehouse with its migrations,
// the lake bucket and, with --source, the MySQL source tables; a second run changes nothing.

import { randomBytes } from 'node:crypto';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { createMysqlPool } from '../../shared/clients/mysql';
import { createPgPool } from '../../shared/clients/pg';
import { createS3 } from '../../shared/clients/s3';
import type { Config } from '../../shared/config';
import { dropMysqlDatabase, dropPgDatabase } from '../bootstrap/prepare-stores';
import { testConfig } from '../../test/test-env';
import { migrateStores } from './migrate';

async function pgTables(config: Config): Promise<string[]> {
  const pool = createPgPool(config, { max: 1 });
  try {
    const { rows } = await pool.query<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
       WHERE table_schema IN ('pipeline', 'spotify') ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  } finally {
    await pool.end();
  }
}

async function mysqlTables(config: Config): Promise<string[]> {
  const pool = createMysqlPool(config, { connectionLimit: 1 }).promise();
  try {
    const [rows] = await pool.query('SHOW TABLES');
    return (rows as Record<string, string>[]).flatMap((row) => Object.values(row));
  } finally {
    await pool.end();
  }
}

describe('spotlake migrate', () => {
  const id = `t_migrate_${randomBytes(4).toString('hex')}`;
  const config = testConfig(id);

  afterAll(async () => {
    await dropPgDatabase(config, id);
    await dropMysqlDatabase(config, id);
  });

  it('creates the warehouse, the source tables and the bucket, then finds them up to date', async () => {
    const lines: string[] = [];
    const applied = await migrateStores(config, { source: true, bucket: true }, (line) =>
      lines.push(line),
    );

    expect(applied).toEqual(
      expect.arrayContaining(['pipeline/run_ledger', 'mysql/spotify_tables']) as unknown,
    );
    expect(await pgTables(config)).toEqual(
      expect.arrayContaining(['pipeline.runs', 'spotify.spotify_artists']) as unknown,
    );
    expect(await mysqlTables(config)).toEqual(
      expect.arrayContaining(['spotify_artists', 'spotify_albums', 'spotify_tracks']) as unknown,
    );
    const s3 = createS3(config);
    try {
      await expect(
        s3.send(new HeadBucketCommand({ Bucket: config.s3.bucket })),
      ).resolves.toBeDefined();
    } finally {
      s3.destroy();
    }
    expect(lines.at(-1)).toBe(`s3       ${config.s3.bucket}: created`);

    const again: string[] = [];
    expect(
      await migrateStores(config, { source: true, bucket: true }, (line) => again.push(line)),
    ).toEqual([]);
    expect(again).toEqual([
      `postgres ${config.pg.host}:${config.pg.port}/${id}: up to date`,
      `mysql    ${config.mysql.host}:${config.mysql.port}/${id}: up to date`,
      `s3       ${config.s3.bucket}: exists`,
    ]);
  });

  it('leaves MySQL and the bucket alone with neither --source nor the bucket, as on AWS', async () => {
    const other = testConfig(`${id}_aws`);
    try {
      const lines: string[] = [];
      await migrateStores(other, { source: false, bucket: false }, (line) => lines.push(line));
      expect(lines).toEqual([expect.stringMatching(/^postgres .*: applied /) as unknown]);
      await expect(mysqlTables(other)).rejects.toThrow(/Unknown database/);
      const s3 = createS3(other);
      try {
        await expect(
          s3.send(new HeadBucketCommand({ Bucket: other.s3.bucket })),
        ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
      } finally {
        s3.destroy();
      }
    } finally {
      await dropPgDatabase(other, `${id}_aws`);
    }
  });
});
