// Describes the machine a benchmark ran on, so figures from different runs can be compared.

import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  freeMemoryGb: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the benchmark started, and when it ended. */
  loadAverageStart: number[];
  loadAverageEnd: number[] | null;
}

const gigabytes = (bytes: number): number => Math.round((bytes / 1024 ** 3) * 10) / 10;
const rounded = (values: number[]): number[] =>
  values.map((value) => Math.round(value * 100) / 100);

export function describeMachine(): Machine {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: gigabytes(totalmem()),
    freeMemoryGb: gigabytes(freemem()),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageStart: rounded(loadavg()),
    loadAverageEnd: null,
  };
}

export function finishMachine(machine: Machine): Machine {
  return { ...machine, loadAverageEnd: rounded(loadavg()) };
}
