#!/usr/bin/env node
// The container health check: asks the service's own GET /healthz on 127.0.0.1:$HEALTH_PORT
// (shared/service/health-endpoint.ts) and exits 0 only on a 200 within 3 s. It loads nothing
// else, so a check costs a bare Node start, not the whole CLI.
const port = Number(process.env.HEALTH_PORT);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('healthcheck: HEALTH_PORT is not set, so the service serves no /healthz\n');
  process.exit(1);
}
fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
  async (res) => {
    process.stdout.write(`${await res.text()}\n`);
    process.exit(res.status === 200 ? 0 : 1);
  },
  (err) => {
    process.stderr.write(`healthcheck: no answer on 127.0.0.1:${port}: ${err.message}\n`);
    process.exit(1);
  },
);
