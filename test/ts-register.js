// Lets a child process run the TypeScript sources as they are (`node -r ./test/ts-register.js
// services/<name>/main.ts`), for tests of process behaviour: signals and exit codes. Each .ts
// file is transpiled on require, without type checking (jest and tsc do that).
'use strict';
const { readFileSync } = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  });
  module._compile(outputText, filename);
};
