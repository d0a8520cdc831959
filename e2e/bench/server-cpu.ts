// CPU time of the servers the pipeline leans on, read from /proc around a measurement: PostgreSQL
// (every backend, including those that exited), MariaDB or MySQL, and the S3 server (s3rver or
// MinIO). Only servers on this machine are seen; a server not found here is null, not zero.

import { readdirSync, readFileSync } from 'node:fs';
import { readProcStat } from './child-processes';
import type { ProcStat } from './child-processes';

export type ServerName = 'postgres' | 'mariadb' | 's3';

export type ServerCpu = Record<ServerName, number | null>;

const MARIADB = new Set(['mariadbd', 'mysqld']);

function isS3Server(pid: string, stat: ProcStat): boolean {
  if (stat.comm === 'minio') {
    return true;
  }
  if (stat.comm !== 'node') {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('s3rver');
  } catch {
    return false;
  }
}

/** Each server's CPU seconds so far, summed over its processes. */
export function readServerCpu(): ServerCpu {
  const found: ServerCpu = { postgres: null, mariadb: null, s3: null };
  const add = (server: ServerName, seconds: number): void => {
    found[server] = (found[server] ?? 0) + seconds;
  };
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  const stats = new Map<string, ProcStat>();
  for (const pid of pids) {
    const stat = readProcStat(pid);
    if (stat !== null) {
      stats.set(pid, stat);
    }
  }
  for (const [pid, stat] of stats) {
    if (stat.comm === 'postgres') {
      // A backend's time reaches the postmaster's children total when it exits.
      const isPostmaster = stats.get(String(stat.ppid))?.comm !== 'postgres';
      add('postgres', stat.cpuSeconds + (isPostmaster ? stat.exitedChildrenCpuSeconds : 0));
    } else if (MARIADB.has(stat.comm)) {
      add('mariadb', stat.cpuSeconds);
    } else if (isS3Server(pid, stat)) {
      add('s3', stat.cpuSeconds);
    }
  }
  return found;
}

/** CPU seconds each server used between two readings; null where either reading lacks it. */
export function serverCpuBetween(before: ServerCpu, after: ServerCpu): ServerCpu {
  const between = (server: ServerName): number | null => {
    const start = before[server];
    const end = after[server];
    return start === null || end === null ? null : Math.round((end - start) * 10) / 10;
  };
  return { postgres: between('postgres'), mariadb: between('mariadb'), s3: between('s3') };
}
