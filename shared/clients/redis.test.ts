// REDIS_TLS makes the connection speak TLS and verify the server's certificate, as ElastiCache
// with in-transit encryption needs. A private redis-server with TLS and a self-signed certificate
// proves both: the handshake happens, and the unknown certificate is refused.

import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { loadConfig } from '../config';
import { createRedis } from './redis';
import { freePort } from '../../cli/bootstrap/free-port';

describe('createRedis with REDIS_TLS', () => {
  let dir: string;
  let port: number;
  let server: ChildProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spotlake-redis-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    port = await freePort();
    server = spawn(
      'redis-server',
      [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--tls-cert-file',
        join(dir, 'cert.pem'),
        '--tls-key-file',
        join(dir, 'key.pem'),
        '--tls-auth-clients',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const stdout = server.stdout;
    if (stdout === null) {
      throw new Error('redis-server has no stdout');
    }
    stdout.setEncoding('utf8');
    let printed = '';
    while (!printed.includes('Ready to accept connections')) {
      const [chunk] = (await once(stdout, 'data')) as [string];
      printed += chunk;
    }
  });

  afterAll(async () => {
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('speaks TLS and refuses a certificate no CA vouches for', async () => {
    const redis = createRedis(
      loadConfig({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port), REDIS_TLS: 'true' }),
      'producer',
    );
    try {
      const [err] = (await once(redis, 'error')) as [Error];
      expect(err.message).toMatch(/self[- ]signed certificate/);
    } finally {
      redis.disconnect();
    }
  });
});
