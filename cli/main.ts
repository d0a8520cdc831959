// The `spotlake` command: one CLI for everything a person runs. Each command has --help.

import { Command } from 'commander';
import { registerService } from './commands/service';
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
  registerTransform(program);
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
