// A service run alone answers GET /healthz on 127.0.0.1:HEALTH_PORT, so a container's health check
// asks the process itself for the price of a bare Node start (bin/healthcheck.js). Liveness only:
// whether the servers answer is `spotlake health` and the API's /healthz.

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { StartFn } from './run-main';

type Status = 'starting' | 'running' | 'stopping';

function listen(name: string, port: number, status: () => Status): Server {
  const started = Date.now();
  return createServer((req, res) => {
    const isHealthz = req.method === 'GET' && req.url === '/healthz';
    const current = status();
    res.statusCode = !isHealthz ? 404 : current === 'running' ? 200 : 503;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify(
        isHealthz
          ? { service: name, status: current, uptimeS: Math.round((Date.now() - started) / 1000) }
          : { error: 'not found: only GET /healthz is served here' },
      ),
    );
  }).listen(port, '127.0.0.1');
}

/**
 * Wraps a service's start with the health endpoint when HEALTH_PORT is set. It listens before the
 * service starts (503 "starting"), so a taken port fails before any client opens; 200 once
 * started; 503 "stopping" while a SIGTERM drains the worker.
 */
export function withHealthEndpoint(name: string, start: StartFn): StartFn {
  return async (config, log) => {
    if (config.healthPort === 0) {
      return start(config, log);
    }
    let status: Status = 'starting';
    const server = listen(name, config.healthPort, () => status);
    await once(server, 'listening');
    const closeServer = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    let running;
    try {
      running = await start(config, log);
    } catch (err) {
      await closeServer();
      throw err;
    }
    status = 'running';
    log.info({ port: config.healthPort }, 'health endpoint on 127.0.0.1');
    return {
      async stop() {
        status = 'stopping';
        await running.stop();
        await closeServer();
      },
    };
  };
}
