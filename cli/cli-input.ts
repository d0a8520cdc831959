// Parses command options with the same zod schemas the HTTP API uses, so a bad value is refused
// alike; the message names the flag (`--date`), not the schema field.

import type { Command } from 'commander';
import type { z } from 'zod';

export function flagName(field: string): string {
  const [head = field] = field.split('.');
  return `--${head.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Parses, or ends the command with exit code 2 and every bad flag (or `whole`) named. */
export function parseOptions<T>(
  command: Command,
  schema: z.ZodType<T>,
  input: unknown,
  whole = 'options',
): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    return parsed.data;
  }
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.length === 0 ? whole : flagName(issue.path.map(String).join('.'));
    return `${name}: ${issue.message}`;
  });
  return command.error(`invalid options:\n  ${problems.join('\n  ')}`, {
    exitCode: 2,
    code: 'spotlake.invalidOptions',
  });
}

export function splitList(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function warn(line: string): void {
  process.stderr.write(`spotlake: ${line}\n`);
}
