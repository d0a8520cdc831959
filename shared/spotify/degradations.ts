// What one run had to do without: each downgrade (a batch call refused, features from the catalog)
// is logged once per run, and later batches of the run go straight to the fallback.

import type { Logger } from '../logger';

export interface Degradations {
  has(endpoint: string): boolean;
  /** Records a downgrade; logs it the first time in this run. */
  note(endpoint: string, fallback: string): void;
  list(): string[];
}

export function createDegradations(log: Logger): Degradations {
  const seen = new Map<string, string>();
  return {
    has: (endpoint) => seen.has(endpoint),
    note(endpoint, fallback) {
      if (seen.has(endpoint)) {
        return;
      }
      seen.set(endpoint, fallback);
      log.warn(
        { endpoint, fallback },
        `Spotify refused ${endpoint} (403: deprecated for apps in development mode); ${fallback}`,
      );
    },
    list: () => [...seen.entries()].map(([endpoint, fallback]) => `${endpoint}: ${fallback}`),
  };
}
