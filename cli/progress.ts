// Progress bars for long work on a terminal; plain lines when output is not a TTY (CI, pipes).

import { SingleBar } from 'cli-progress';

export interface Progress {
  update: (value: number, payload?: Record<string, string | number>) => void;
  stop: () => void;
}

export function createProgress(label: string, total: number, unit: string): Progress {
  if (!process.stderr.isTTY) {
    let lastReported = -1;
    return {
      update(value) {
        const percent = total > 0 ? Math.floor((100 * value) / total) : 0;
        if (percent >= lastReported + 25 || value === total) {
          lastReported = percent;
          process.stderr.write(`${label}: ${value}/${total} ${unit}\n`);
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    format: `${label.padEnd(22)} [{bar}] {value}/{total} ${unit} {detail}`,
    barsize: 30,
    hideCursor: true,
    stream: process.stderr,
  });
  bar.start(total, 0, { detail: '' });
  return {
    update: (value, payload) => bar.update(value, payload),
    stop: () => bar.stop(),
  };
}
