// The validator's statements: every catalog check builds, values are bound and never spliced in,
// and hostile identifiers come out quoted.

import { listTables } from '../catalog';
import type { TableDef } from '../catalog';
import { catalogChecksSql, primaryKeyCheckSql } from './check-statements';

const HOSTILE = 'x"; DROP TABLE spotify.spotify_tracks; --';

const hostileTable: TableDef = {
  name: 'evil"table',
  source: 'mysql',
  schema: 'spotify',
  primaryKey: [HOSTILE],
  columns: [
    { name: HOSTILE, type: 'string', nullable: false },
    { name: 'n', type: 'int32', nullable: true },
  ],
  extract: { kind: 'full_load' },
  load: 'replace_table',
  allowAddColumns: false,
  checks: {
    acceptedValues: { [HOSTILE]: ["a'); DROP TABLE x; --"] },
    ranges: { n: { min: 0 } },
  },
};

describe('check statements', () => {
  it('build for every check the catalog declares', () => {
    for (const table of listTables()) {
      expect(() => catalogChecksSql(table, new Date())).not.toThrow();
    }
  });

  it('quote hostile identifiers and bind accepted values and bounds as parameters', () => {
    const statement = catalogChecksSql(hostileTable, new Date());
    expect(statement?.text).toContain('"x""; DROP TABLE spotify.spotify_tracks; --"');
    expect(statement?.text).toContain('"spotify"."evil""table"');
    expect(statement?.text).not.toContain("a'); DROP");
    expect(statement?.values).toEqual([["a'); DROP TABLE x; --"], 0]);
    expect(primaryKeyCheckSql(hostileTable)).toContain(
      '"x""; DROP TABLE spotify.spotify_tracks; --" IS NULL',
    );
  });

  it('refuse a range on a text column and freshness without a watermark', () => {
    const textRange = { ...hostileTable, checks: { ranges: { [HOSTILE]: { max: 1 } } } };
    expect(() => catalogChecksSql(textRange, new Date())).toThrow(/a string column cannot/);
    const noWatermark = { ...hostileTable, checks: { freshnessHours: 1 } };
    expect(() => catalogChecksSql(noWatermark, new Date())).toThrow(/needs a watermark column/);
  });
});
