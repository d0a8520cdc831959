// The `spotlake` command: one CLI for everything a person runs. Each command has --help.

import { Command } from 'commander';
import { registerAuth } from './commands/auth';
import { registerBackfill } from './commands/backfill';
import { registerBench } from './commands/bench';
import { registerFakeSpotify } from './commands/fake-spotify';
import { registerGenerate } from './commands/generate';
import { registerHealth } from './commands/health';
import { registerImportHistory } from './commands/import-history';
import { registerMigrate } from './commands/migrate';
import { registerRun } from './commands/run';
import { registerSeed } from './commands/seed';
import { registerService } from './commands/service';
import { registerStatus } from './commands/status';
import { registerTransform } from './commands/transform';
import { registerUp } from './commands/up';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('spotlake')
    .description(
      'Queue-driven ELT for Spotify data: MySQL catalog + your listening -> S3 lake -> PostgreSQL',
    )
    .version('0.1.0')
    .showHelpAfterError();
  registerUp(program);
  registerService(program);
  registerRun(program);
  registerBackfill(program);
  registerStatus(program);
  registerAuth(program);
  registerFakeSpotify(program);
  registerImportHistory(program);
  registerMigrate(program);
  registerHealth(program);
  registerGenerate(program);
  registerSeed(program);
  registerTransform(program);
  registerBench(program);
  return program;
}

export function runCli(argv: readonly string[]): void {
  buildProgram()
    .parseAsync([...argv])
    .catch((err: unknown) => {
      process.stderr.write(`spotlake: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}

if (require.main === module) {
  runCli(process.argv);
}
