// Polls a condition until it holds or a deadline passes; for servers that have no "ready" event.

import { setTimeout as delay } from 'node:timers/promises';

export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} did not come up within ${Math.round(timeoutMs / 1000)} s`);
    }
    await delay(intervalMs);
  }
}
