// Locates files that ship with the project (sql/, fixtures) from source and from dist/ alike.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

export function projectRoot(): string {
  if (root !== undefined) {
    return root;
  }
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'spotlake') {
        root = dir;
        return dir;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the spotlake package root above ${__dirname}`);
    }
    dir = parent;
  }
}

export function sqlDir(...parts: string[]): string {
  return join(projectRoot(), 'sql', ...parts);
}
