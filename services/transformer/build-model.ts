// Builds one model in the analytics schema. A table is built under a temporary name and swapped in
// one transaction, so a reader sees the old table or the new one, never a half-built one.

import type pg from 'pg';
import { qualifiedPg, quotePg } from '../../shared/sql/quote';
import { MODEL_SCHEMA } from './models';
import type { Model } from './models';

export interface BuiltModel {
  rows: number | null;
}

export async function buildModel(warehouse: pg.Pool, model: Model): Promise<BuiltModel> {
  const target = qualifiedPg(MODEL_SCHEMA, model.name);
  const client = await warehouse.connect();
  try {
    await client.query('BEGIN');
    if (model.materialized === 'view') {
      await client.query(`DROP VIEW IF EXISTS ${target}`);
      await client.query(`CREATE VIEW ${target} AS ${model.sql}`);
      await client.query('COMMIT');
      return { rows: null };
    }
    const building = `${model.name}__building`;
    await client.query(`DROP TABLE IF EXISTS ${qualifiedPg(MODEL_SCHEMA, building)}`);
    const created = await client.query(
      `CREATE TABLE ${qualifiedPg(MODEL_SCHEMA, building)} AS ${model.sql}`,
    );
    await client.query(`DROP TABLE IF EXISTS ${target}`);
    await client.query(
      `ALTER TABLE ${qualifiedPg(MODEL_SCHEMA, building)} RENAME TO ${quotePg(model.name)}`,
    );
    await client.query('COMMIT');
    return { rows: created.rowCount ?? 0 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
