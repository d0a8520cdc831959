// Loads named statements from sql/queries/ once and caches them. One statement per file; its
// header comment names the parameters.

import { readFileSync } from 'node:fs';
import { sqlDir } from '../paths';

const cache = new Map<string, string>();

export function loadQuery(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    if (!/^[a-z0-9_]+$/.test(name)) {
      throw new Error(`invalid query name ${name}`);
    }
    text = readFileSync(sqlDir('queries', `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}
