// How a benchmark shows what it is doing: progress bars and step lines on a terminal (the CLI), or
// nothing (the smoke test).

export interface BenchProgress {
  update(value: number): void;
  stop(): void;
}

export interface BenchReporter {
  step(line: string): void;
  progress(label: string, total: number, unit: string): BenchProgress;
}

export const SILENT_REPORTER: BenchReporter = {
  step: () => undefined,
  progress: () => ({ update: () => undefined, stop: () => undefined }),
};
