#!/usr/bin/env node
// The installed `spotlake` command: runs the compiled CLI (npm ci builds it via `prepare`).
// The AWS SDK warns on every start that its 2027 releases need Node 22; package-lock pins today's
// release and the container images use Node 22, so the warning is noise here (README, Deployment).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../dist/cli/main.js').runCli(process.argv);
