// A benchmark's results: one per measurement, the median of its repetitions, printed as a table
// with ratios to pgloader and to the raw pipe, and written as JSON for comparing runs.

import type { Machine } from './machine';

export interface BenchResult {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSec: number;
  /** Peak resident memory in MB; for several processes, the largest one's. */
  peakRssMb: number | null;
  /** Each service process's peak, when the measurement ran several. */
  peakRssMbByService?: Record<string, number | null>;
  /** CPU seconds (user and system) each service process used, startup included. */
  cpuSecondsByService?: Record<string, number | null>;
  /**
   * CPU seconds the servers on this machine used meanwhile (PostgreSQL, MariaDB, the S3 server);
   * null for a server not running here.
   */
  cpuSecondsByServer?: Record<string, number | null>;
  /** What the run left in the lake (the full load's bronze and silver objects), in bytes. */
  lakeBytes?: { bronze: number; silver: number };
}

export interface BenchReport {
  machine: Machine;
  tracks: number;
  repeat: number;
  /** The V8 heap limit the service processes ran with; null for Node's default. */
  serviceHeapMb: number | null;
  /** Processes per service where more than one ran (every pipeline measurement). */
  replicas: Partial<Record<string, number>>;
  /** Size of the generated `spotify_tracks.csv` the source table was seeded from. */
  sourceCsvBytes: number;
  results: BenchResult[];
}

/** The repetition with the median time (the lower middle for an even count); its peak is the largest. */
export function medianResult(repetitions: readonly BenchResult[]): BenchResult {
  const sorted = [...repetitions].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (median === undefined) {
    throw new RangeError('no repetition to take a median of');
  }
  const peaks = repetitions.flatMap((r) => (r.peakRssMb === null ? [] : [r.peakRssMb]));
  return { ...median, peakRssMb: peaks.length === 0 ? null : Math.max(...peaks) };
}

const ratio = (result: BenchResult, base: BenchResult | undefined): string =>
  base === undefined || base.rowsPerSec === 0
    ? '-'
    : `${(result.rowsPerSec / base.rowsPerSec).toFixed(2)}x`;

export function formatReport(report: BenchReport): string {
  const pgloader = report.results.find((r) => r.name === 'pgloader');
  const rawPipe = report.results.find((r) => r.name === 'raw_pipe');
  const header = ['name', 'rows', 'seconds', 'rows/s', 'vs pgloader', 'vs raw pipe', 'peak MB'];
  const lines = report.results.map((r) => [
    r.name,
    String(r.rows),
    r.seconds.toFixed(2),
    String(r.rowsPerSec),
    ratio(r, pgloader),
    ratio(r, rawPipe),
    r.peakRssMb === null ? '-' : String(r.peakRssMb),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map((line) => line[i]?.length ?? 0)),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  const perProcess = (
    what: string,
    values: (r: BenchResult) => Record<string, number | null> | undefined,
    show: (value: number) => string,
  ): string[] =>
    report.results.flatMap((r) => {
      const byProcess = values(r);
      return byProcess === undefined
        ? []
        : [
            `${r.name} ${what}: ${Object.entries(byProcess)
              .map(([s, value]) => `${s} ${value === null ? '-' : show(value)}`)
              .join(', ')}`,
          ];
    });
  const seconds = (secs: number): string => secs.toFixed(1);
  const services = perProcess('peak MB by service', (r) => r.peakRssMbByService, String);
  const cpu = perProcess('CPU seconds by service', (r) => r.cpuSecondsByService, seconds);
  const servers = perProcess('CPU seconds by server', (r) => r.cpuSecondsByServer, seconds);
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const ofCsv = (bytes: number): string =>
    report.sourceCsvBytes === 0
      ? ''
      : ` (${(bytes / report.sourceCsvBytes).toFixed(2)} of the CSV)`;
  const sizes = report.results.flatMap((r) =>
    r.lakeBytes === undefined
      ? []
      : [
          `${r.name} lake: source CSV ${mb(report.sourceCsvBytes)}, bronze ${mb(r.lakeBytes.bronze)}` +
            `${ofCsv(r.lakeBytes.bronze)}, silver ${mb(r.lakeBytes.silver)}${ofCsv(r.lakeBytes.silver)}`,
        ],
  );
  const { machine } = report;
  const replicas = Object.entries(report.replicas).map(([name, count]) => `${name} x${count ?? 1}`);
  return [
    `${report.tracks} tracks, median of ${report.repeat}, ` +
      `${replicas.length === 0 ? 'one process per service' : `replicas ${replicas.join(', ')}`}, services' heap ` +
      `${report.serviceHeapMb === null ? "Node's default" : `${report.serviceHeapMb} MB`}; ${machine.cores} cores (${machine.cpuModel}), ` +
      `${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverageStart.join(' ')} -> ` +
      `${machine.loadAverageEnd?.join(' ') ?? '?'}`,
    format(header),
    ...lines.map(format),
    ...services,
    ...cpu,
    ...servers,
    ...sizes,
  ].join('\n');
}
