// A chained stage has exactly one child in the flow; anything else means the job was enqueued
// outside a run's flow, which no retry can fix.

import { PermanentError } from '../errors';

export function onlyChild<T>(payload: { runId: string; table: string }, children: readonly T[]): T {
  const [child] = children;
  if (children.length !== 1 || child === undefined) {
    throw new PermanentError(
      `${payload.runId} ${payload.table}: expected one finished child job, found ${children.length}; ` +
        'enqueue stages through a run, not alone',
    );
  }
  return child;
}
