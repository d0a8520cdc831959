// The image, checked without Docker: a valid multi-stage Dockerfile on Node 22 whose runtime stage
// holds production dependencies and the build, runs as a non-root user with a health check, and
// starts the CLI's `service <name>`; the build context leaves secrets out.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { buildProgram } from '../cli/main';
import { SERVICE_NAMES } from '../cli/services';

const read = (file: string): string => readFileSync(join(__dirname, '..', file), 'utf8');

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const dockerfile = DockerfileParser.parse(text);
  const stages = dockerfile.getFROMs().map((from) => from.getBuildStage());
  /** The instructions of one build stage, by keyword. */
  const stage = (name: string, keyword: string): Instruction[] => {
    const index = stages.indexOf(name);
    const start = dockerfile.getFROMs()[index]?.getRange().start.line ?? Infinity;
    const end = dockerfile.getFROMs()[index + 1]?.getRange().start.line ?? Infinity;
    return dockerfile.getInstructions().filter((instruction) => {
      const line = instruction.getRange().start.line;
      return instruction.getKeyword() === keyword && line >= start && line < end;
    });
  };
  const args = (instructions: Instruction[]): string[] =>
    instructions.map((instruction) => instruction.getArgumentsContent() ?? '');
  const runtime = stages.at(-1) ?? '';

  it('is valid Dockerfile syntax, every instruction and flag known', () => {
    const problems = validate(text).map((diagnostic) => ({
      line: diagnostic.range.start.line + 1,
      message: diagnostic.message,
    }));
    expect(problems).toEqual([]);
  });

  it('builds on Node 22 in stages: npm ci and the build in one, production dependencies in another', () => {
    const nodeImage = dockerfile
      .getARGs()
      .find((arg) => arg.getProperty()?.getName() === 'NODE_IMAGE');
    expect(nodeImage?.getProperty()?.getValue()).toMatch(/^node:22[.-]/);
    expect(args(stage('builder', 'RUN')).join('\n')).toMatch(/npm ci[^\n]*\n.*npm run build/s);
    expect(args(stage('deps', 'RUN')).join('\n')).toMatch(/npm ci --omit=dev/);
    const runtimeCopies = stage(runtime, 'COPY');
    const copies = dockerfile
      .getCOPYs()
      .filter((copy) => runtimeCopies.includes(copy))
      .map(
        (copy) => `${copy.getFromFlag()?.getValue() ?? '.'}: ${copy.getArgumentsContent() ?? ''}`,
      );
    expect(copies).toEqual(
      expect.arrayContaining([
        'deps: /app/node_modules ./node_modules',
        'builder: /app/dist ./dist',
      ]) as unknown,
    );
  });

  it('installs the zstd command the extractor and the s3-loader compress bronze with', () => {
    expect(args(stage(runtime, 'RUN')).join('\n')).toMatch(/apt-get install [^\n]*\bzstd\b/);
  });

  it('runs as a non-root user with a health check', () => {
    expect(args(stage(runtime, 'USER')).at(-1)).toMatch(/^(?!root$|0$)\w+$/);
    expect(args(stage(runtime, 'HEALTHCHECK')).at(-1)).toContain('/app/bin/healthcheck.js');
    const env = dockerfile.getENVs().flatMap((e) => e.getProperties());
    const healthPort = env.find((property) => property.getName() === 'HEALTH_PORT');
    expect(Number(healthPort?.getValue())).toBeGreaterThan(0);
  });

  it('starts the CLI command `service <name>`, the one compose and ECS run', () => {
    const entrypoint = JSON.parse(args(dockerfile.getENTRYPOINTs()).at(-1) ?? '[]') as unknown;
    expect(entrypoint).toEqual(['node', '/app/bin/spotlake.js']);
    expect(read('bin/spotlake.js')).toContain("require('../dist/cli/main.js')");
    const [command, service] = JSON.parse(args(dockerfile.getCMDs()).at(-1) ?? '[]') as string[];
    expect(buildProgram().commands.map((c) => c.name())).toContain(command);
    expect(command).toBe('service');
    expect(SERVICE_NAMES).toContain(service);
  });

  it('keeps secrets and local state out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(
      expect.arrayContaining([
        '.env',
        '.env.*',
        '.git',
        'node_modules',
        'dist',
        'terraform',
      ]) as unknown,
    );
    expect(ignored.filter((line) => line.startsWith('!'))).toEqual(['!.env.example']);
  });
});
