// Identifier quoting for PostgreSQL and MySQL. Identifiers reach here only from the catalog;
// quoting is the second line of defence, and the injection test holds it to that.

import pg from 'pg';

export function quotePg(identifier: string): string {
  return pg.escapeIdentifier(identifier);
}

export function qualifiedPg(schema: string, table: string): string {
  return `${quotePg(schema)}.${quotePg(table)}`;
}

export function quoteMysql(identifier: string): string {
  if (identifier.includes('\u0000')) {
    throw new Error('a MySQL identifier cannot contain NUL');
  }
  return `\`${identifier.replace(/`/g, '``')}\``;
}
