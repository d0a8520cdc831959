// `spotlake bench`: measures the pipeline against pgloader and the raw pipe on a generated dataset,
// in databases, a bucket and a queue prefix of its own. The work is in e2e/bench/.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { loadConfig } from '../../shared/config';
import { formatReport } from '../../e2e/bench/bench-result';
import type { BenchReporter } from '../../e2e/bench/bench-reporter';
import { MEASUREMENTS, runBench } from '../../e2e/bench/run-bench';
import type { Measurement } from '../../e2e/bench/run-bench';
import { SERVICE_QUEUES } from '../../e2e/bench/service-process';
import type { BenchService } from '../../e2e/bench/service-process';
import { freePort } from '../bootstrap/free-port';
import { bootstrap } from '../bootstrap/bootstrap';
import { createProgress } from '../progress';

interface BenchFlags {
  tracks: number;
  repeat: number;
  seed: number;
  out?: string;
  cache?: string;
  name: string;
  cpuProf?: string;
  only?: Measurement[];
  heapMb: number;
  replicas?: Partial<Record<BenchService, number>>;
}

function parseReplicas(value: string): Partial<Record<BenchService, number>> {
  const replicas: Partial<Record<BenchService, number>> = {};
  for (const pair of value.split(',')) {
    const [name = '', count = ''] = pair.split('=').map((part) => part.trim());
    if (!(name in SERVICE_QUEUES) || !/^[1-8]$/.test(count)) {
      throw new InvalidArgumentError(
        `service=count pairs such as s3-loader=2 (services: ${Object.keys(SERVICE_QUEUES).join(', ')}; 1 to 8)`,
      );
    }
    replicas[name as BenchService] = Number(count);
  }
  return replicas;
}

function parseOnly(value: string): Measurement[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(MEASUREMENTS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new InvalidArgumentError(`a comma-separated list of ${MEASUREMENTS.join(', ')}`);
  }
  return names as Measurement[];
}

function parseCount(min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
      throw new InvalidArgumentError(`a whole number of at least ${min}`);
    }
    return Number(value);
  };
}

function parseName(value: string): string {
  if (!/^[a-z][a-z0-9_]{2,40}$/.test(value)) {
    throw new InvalidArgumentError('lower snake_case, 3 to 41 characters');
  }
  return value;
}

/** The benchmark's own databases, bucket and queue prefix, all named `name`. */
export function benchEnvironment(base: NodeJS.ProcessEnv, name: string): NodeJS.ProcessEnv {
  return {
    ...base,
    PG_DATABASE: name,
    MYSQL_DATABASE: name,
    S3_BUCKET: name.replace(/_/g, '-'),
    QUEUE_PREFIX: name,
    SCHEDULES_ENABLED: 'false',
    LOG_LEVEL: base.LOG_LEVEL ?? 'warn',
  };
}

// On a large machine V8 lets a busy service's heap grow to several hundred MB of garbage it has
// not collected yet; a container's memory limit (and this heap limit) makes it collect sooner.
const DEFAULT_HEAP_MB = 192;

// As docker-compose.yml and terraform deploy the workers: two s3-loaders. On the 2-core benchmark
// machine two were faster while the s3-loader cost twice what it does now (137.6 and 125.0 s
// against 169.7 and 146.1 s with one); now one is slightly faster there (82.0 against 84.1 s).
// The benchmark measures what is deployed.
const DEFAULT_REPLICAS = 's3-loader=2';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const reporter: BenchReporter = {
  step: (line) => process.stderr.write(`bench: ${line}\n`),
  progress: (label, total, unit) => createProgress(label, total, unit),
};

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('measure the pipeline against pgloader and a raw mariadb | psql COPY pipe')
    .option('--tracks <n>', 'tracks to generate and load', parseCount(100), 1_000_000)
    .option(
      '--repeat <k>',
      'repetitions of each measurement (the median is reported)',
      parseCount(1),
      3,
    )
    .option('--seed <n>', 'dataset seed', parseCount(0), 1)
    .option(
      '--out <file>',
      'where to write the JSON results (default $SPOTLAKE_HOME/bench/bench-<tracks>.json)',
    )
    .option('--cache <dir>', 'where generated datasets are kept (default $SPOTLAKE_HOME/bench)')
    .option(
      '--name <name>',
      'databases, bucket and queue prefix of the benchmark',
      parseName,
      'spotlake_bench',
    )
    .option(
      '--heap-mb <mb>',
      "V8 heap limit of each service process (--max-old-space-size), as a container is sized; 0 for Node's default",
      parseCount(0),
      DEFAULT_HEAP_MB,
    )
    .option(
      '--replicas <list>',
      `processes per service in the pipeline runs, as service=count pairs (default: ${DEFAULT_REPLICAS}, as deployed; s3-loader=1 for one)`,
      parseReplicas,
    )
    .option('--only <list>', `measure only these: ${MEASUREMENTS.join(', ')}`, parseOnly)
    .option(
      '--cpu-prof <dir>',
      'write a V8 CPU profile of each service process into this directory',
    )
    .action(async (flags: BenchFlags) => {
      // Without an S3_ENDPOINT of its own the benchmark starts a private s3rver: one found on the
      // default port may belong to another process and stop midway.
      const s3Endpoint = process.env.S3_ENDPOINT ?? `http://127.0.0.1:${await freePort()}`;
      const env = { ...benchEnvironment(process.env, flags.name), S3_ENDPOINT: s3Endpoint };
      const config = loadConfig(env);
      const cacheDir = resolve(flags.cache ?? join(config.home, 'bench'));
      const out = resolve(flags.out ?? join(cacheDir, `bench-${flags.tracks}.json`));
      const booted = await bootstrap(config, (line) => reporter.step(line));
      try {
        const cpuProfDir = flags.cpuProf === undefined ? undefined : resolve(flags.cpuProf);
        const report = await runBench(
          {
            ...flags,
            cacheDir,
            cpuProfDir,
            heapMb: flags.heapMb === 0 ? undefined : flags.heapMb,
            replicas: flags.replicas ?? parseReplicas(DEFAULT_REPLICAS),
          },
          { config, env, reporter },
        );
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
        say(formatReport(report));
        say(`results written to ${out}`);
      } finally {
        await booted.stop();
      }
    });
}
