// Lets a child process run the TypeScript sources as they are (`node -r ./test/ts-register.js
// services/<name>/main.ts`), for tests of process behaviour: signals, exit codes, CLI output.
// Each .ts file is transpiled on require, without type checking (jest and tsc do that), and the
// output is cached by path, size and mtime, since every child would otherwise transpile anew; a
// cache file appears whole (renamed into place) or not at all.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const CACHE = join(__dirname, '..', 'node_modules', '.cache', 'spotlake-ts-register');
let ts = null;

function transpile(filename) {
  const stat = statSync(filename);
  const key = createHash('sha1').update(`${filename}:${stat.size}:${stat.mtimeMs}`).digest('hex');
  const cached = join(CACHE, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    // Not cached yet: transpile below.
  }
  ts ??= require('typescript');
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  });
  mkdirSync(CACHE, { recursive: true });
  // Children start together: write aside and rename, so no process reads a half-written file.
  const partial = `${cached}.${process.pid}.tmp`;
  writeFileSync(partial, outputText);
  renameSync(partial, cached);
  return outputText;
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpile(filename), filename);
};
