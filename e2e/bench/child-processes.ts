// Runs the command-line tools a benchmark compares against (pgloader, mariadb piped into psql) and
// reads the peak resident memory of any process from /proc (VmHWM, Linux).

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export class MissingToolError extends Error {
  constructor(
    readonly tool: string,
    purpose: string,
    hint: string,
  ) {
    super(`${tool} is not installed (needed for ${purpose}): ${hint}`);
    this.name = 'MissingToolError';
  }
}

/** The absolute path of the first of `names` found on PATH, or a MissingToolError. */
export function findTool(names: readonly string[], purpose: string, hint: string): string {
  const dirs = (process.env.PATH ?? '').split(':').filter((dir) => dir !== '');
  for (const name of names) {
    for (const dir of [...dirs, '/usr/bin', '/usr/local/bin']) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) {
        return candidate;
      }
    }
  }
  throw new MissingToolError(names.join(' or '), purpose, hint);
}

/** Peak resident set of a live process in MB, or null when /proc does not say (not Linux). */
export function readPeakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) {
    return null;
  }
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Math.round(Number(match[1]) / 1024);
  } catch {
    // The process has exited (or there is no /proc): the caller keeps its last reading.
    return null;
  }
}

/** Linux's USER_HZ, the unit of /proc's CPU times, is 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** What /proc/<pid>/stat says of a process: its name, parent and CPU seconds (user and system). */
export interface ProcStat {
  comm: string;
  ppid: number;
  cpuSeconds: number;
  /** CPU seconds of its children that exited and were waited for. */
  exitedChildrenCpuSeconds: number;
}

export function readProcStat(pid: number | string): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it start with state
    // (field 3): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
    const close = stat.lastIndexOf(')');
    const fields = stat
      .slice(close + 2)
      .split(' ')
      .map(Number);
    const at = (field: number): number => fields[field - 3] ?? Number.NaN;
    const cpuSeconds = (at(14) + at(15)) / CLOCK_TICKS_PER_SECOND;
    if (!Number.isFinite(cpuSeconds)) {
      return null;
    }
    return {
      comm: stat.slice(stat.indexOf('(') + 1, close),
      ppid: at(4),
      cpuSeconds,
      exitedChildrenCpuSeconds: (at(16) + at(17)) / CLOCK_TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
}

/**
 * CPU time a live process has used so far (user and system, its threads and the children it has
 * waited for: a service's zstd commands), in seconds; null without /proc.
 */
export function readCpuSeconds(pid: number | undefined): number | null {
  const stat = pid === undefined ? null : readProcStat(pid);
  return stat === null ? null : stat.cpuSeconds + stat.exitedChildrenCpuSeconds;
}

export interface CommandSpec {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export interface CommandsRun {
  stdout: string;
  /** Sum over the piped processes of each one's peak RSS, read while they ran. */
  peakRssMb: number | null;
  /**
   * CPU seconds the piped processes used, all of them: what this process's exited-children total
   * grew by while they ran (nothing else of ours exits meanwhile); null without /proc.
   */
  cpuSeconds: number | null;
}

const STDERR_KEPT = 4_000;
/** How often the peak memory of a running tool is read; VmHWM only grows, so this loses little. */
const MEMORY_POLL_MS = 200;

function describeExit(spec: CommandSpec, code: number | null, stderr: string): string {
  const tail = stderr.trim().slice(-STDERR_KEPT);
  return `${spec.command} exited with ${code ?? 'a signal'}${tail === '' ? '' : `: ${tail}`}`;
}

function exited(child: ChildProcess, spec: CommandSpec, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(describeExit(spec, code, stderr()))),
    );
  });
}

/** Runs the commands with each one's stdout piped into the next; resolves with the last's stdout. */
export async function runPiped(specs: readonly CommandSpec[]): Promise<CommandsRun> {
  const childrenCpuBefore = readProcStat('self')?.exitedChildrenCpuSeconds ?? null;
  const children = specs.map((spec) =>
    spawn(spec.command, [...spec.args], { env: spec.env ?? process.env, stdio: 'pipe' }),
  );
  const stderrs = children.map(() => '');
  children.forEach((child, i) =>
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrs[i] = `${stderrs[i] ?? ''}${chunk.toString()}`.slice(-STDERR_KEPT);
    }),
  );
  const peaks = children.map(() => 0);
  const monitor = setInterval(() => {
    children.forEach((child, i) => {
      peaks[i] = Math.max(peaks[i] ?? 0, readPeakRssMb(child.pid) ?? 0);
    });
  }, MEMORY_POLL_MS);
  let stdout = '';
  const last = children[children.length - 1];
  last?.stdout?.on('data', (chunk: Buffer) => {
    stdout = `${stdout}${chunk.toString()}`.slice(-STDERR_KEPT);
  });
  try {
    const pipes = children.slice(1).map((child, i) => {
      const source = children[i]?.stdout;
      return source && child.stdin ? pipeline(source, child.stdin) : Promise.resolve();
    });
    // The first tool reads nothing from us.
    children[0]?.stdin?.end();
    await Promise.all([
      ...children.map((child, i) => exited(child, specs[i] as CommandSpec, () => stderrs[i] ?? '')),
      ...pipes,
    ]);
  } catch (err) {
    children.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
    throw err;
  } finally {
    clearInterval(monitor);
  }
  const total = peaks.reduce((sum, peak) => sum + peak, 0);
  const childrenCpuAfter = readProcStat('self')?.exitedChildrenCpuSeconds ?? null;
  const cpuSeconds =
    childrenCpuBefore === null || childrenCpuAfter === null
      ? null
      : Math.round((childrenCpuAfter - childrenCpuBefore) * 10) / 10;
  return { stdout, peakRssMb: total > 0 ? total : null, cpuSeconds };
}
