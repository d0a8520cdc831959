// Starts one pipeline service as a process of its own (`spotlake service <name>`), so its memory is
// its own to measure, and stops it with SIGTERM as a container runtime would.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from '../../shared/contracts';
import { readCpuSeconds, readPeakRssMb } from './child-processes';

export type BenchService = 'extractor' | 's3-loader' | 'pg-loader' | 'validator';

export const SERVICE_QUEUES: Record<BenchService, string> = {
  extractor: QUEUES.extract,
  's3-loader': QUEUES.s3Load,
  'pg-loader': QUEUES.pgLoad,
  validator: QUEUES.validate,
};

export interface ServiceUsage {
  peakRssMb: number | null;
  cpuSeconds: number | null;
}

export interface ServiceProcess {
  name: BenchService;
  /** Stops the service and returns what it used, read just before the signal. */
  stop(): Promise<ServiceUsage>;
}

export interface ServiceOptions {
  env: NodeJS.ProcessEnv;
  redis: Redis;
  queuePrefix: string;
  /** Write a V8 CPU profile of the service here when it exits (node --cpu-prof). */
  cpuProfDir?: string;
  /** V8 heap limit of the service (--max-old-space-size), as a container would be sized. */
  heapMb?: number;
}

const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 100;
const ROOT = join(__dirname, '..', '..');

/** From the compiled CLI, run the compiled CLI; from the sources (jest), run them transpiled. */
function serviceCommand(name: BenchService, options: ServiceOptions): string[] {
  const { cpuProfDir, heapMb } = options;
  const profile = [
    ...(cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`]),
    ...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]),
  ];
  if (__filename.endsWith('.ts')) {
    const register = join(ROOT, 'test', 'ts-register.js');
    return [...profile, '-r', register, join(ROOT, 'cli', 'main.ts'), 'service', name];
  }
  return [...profile, join(ROOT, 'cli', 'main.js'), 'service', name];
}

export async function startServiceProcess(
  name: BenchService,
  options: ServiceOptions,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, serviceCommand(name, options), {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString()}`.slice(-4_000);
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    await waitForWorker(name, options, child, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    await exit;
    throw err;
  }
  return {
    name,
    async stop() {
      const usage = { peakRssMb: readPeakRssMb(child.pid), cpuSeconds: readCpuSeconds(child.pid) };
      if (child.exitCode === null) {
        child.kill('SIGTERM');
      }
      const code = await exit;
      if (code !== 0) {
        throw new Error(`${name} exited with ${code ?? 'a signal'}: ${stderr.trim()}`);
      }
      return usage;
    },
  };
}

/** Resolves once the service's worker is listening on its queue; fails if the process exits. */
async function waitForWorker(
  name: BenchService,
  options: ServiceOptions,
  child: ChildProcess,
  stderr: () => string,
): Promise<void> {
  const queue = new Queue(SERVICE_QUEUES[name], {
    connection: options.redis,
    prefix: options.queuePrefix,
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while ((await queue.getWorkersCount()) === 0) {
      if (child.exitCode !== null) {
        throw new Error(`${name} exited with ${child.exitCode} at start: ${stderr().trim()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`${name} did not start a worker within ${READY_TIMEOUT_MS / 1000} s`);
      }
      // No event announces a worker registering with Redis: poll, with the deadline above.
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  } finally {
    await queue.close();
  }
}
