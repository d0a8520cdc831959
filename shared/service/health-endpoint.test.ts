// The container health check asks the service process itself: 503 while it starts, 200 while it
// runs, 503 while it drains, and bin/healthcheck.js turns that into the exit code Docker reads.

import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { withHealthEndpoint } from './health-endpoint';
import type { Running } from './run-main';
import { freePort } from '../../cli/bootstrap/free-port';

const log = createLogger({ level: 'silent', name: 'test' });
const HEALTHCHECK = join(__dirname, '..', '..', 'bin', 'healthcheck.js');

function deferred<T = void>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function healthz(port: number): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: await res.json() };
}

function runHealthcheck(port: number): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, [HEALTHCHECK], { env: { HEALTH_PORT: String(port) } }, (err) =>
      resolve(err === null ? 0 : typeof err.code === 'number' ? err.code : -1),
    );
  });
}

describe('the health endpoint of a service run alone', () => {
  it('answers 503 while starting, 200 while running, 503 while stopping, and closes after', async () => {
    const port = await freePort();
    const config = loadConfig({ HEALTH_PORT: String(port) });
    const started = deferred<Running>();
    const stopping = deferred();
    const entered = deferred();
    const starting = withHealthEndpoint('pg-loader', () => {
      entered.resolve();
      return started.promise;
    })(config, log);
    await entered.promise;
    expect(await healthz(port)).toEqual({
      status: 503,
      body: expect.objectContaining({ service: 'pg-loader', status: 'starting' }) as unknown,
    });
    expect(await runHealthcheck(port)).toBe(1);

    started.resolve({ stop: () => stopping.promise });
    const running = await starting;
    expect(await healthz(port)).toMatchObject({ status: 200, body: { status: 'running' } });
    expect(await runHealthcheck(port)).toBe(0);

    const stopped = running.stop();
    expect(await healthz(port)).toMatchObject({ status: 503, body: { status: 'stopping' } });
    stopping.resolve();
    await stopped;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(await runHealthcheck(port)).toBe(1);
  });

  it('answers 404 for any other path', async () => {
    const port = await freePort();
    const running = await withHealthEndpoint('api', async () => ({ stop: async () => undefined }))(
      loadConfig({ HEALTH_PORT: String(port) }),
      log,
    );
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(404);
    } finally {
      await running.stop();
    }
  });

  it('fails before the service starts when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = address !== null && typeof address === 'object' ? address.port : 0;
    const start = jest.fn(async () => ({ stop: async () => undefined }));
    try {
      await expect(
        withHealthEndpoint('validator', start)(loadConfig({ HEALTH_PORT: String(port) }), log),
      ).rejects.toThrow(/EADDRINUSE/);
      expect(start).not.toHaveBeenCalled();
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('serves nothing when HEALTH_PORT is 0, the default for a laptop', async () => {
    const service: Running = { stop: async () => undefined };
    const running = await withHealthEndpoint('extractor', async () => service)(loadConfig({}), log);
    expect(running).toBe(service);
  });

  it('makes the health check fail with a clear message when HEALTH_PORT is unset', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [HEALTHCHECK], { env: {} }, (err, _stdout, stderr) =>
        resolve({ code: err === null ? 0 : Number(err.code), stderr }),
      );
    });
    expect(result).toEqual({
      code: 1,
      stderr: expect.stringContaining('HEALTH_PORT is not set') as unknown,
    });
  });
});
