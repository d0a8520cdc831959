// A seeded generator of numbers in [0, 1) for tests that draw many cases: the same seed draws the
// same cases, so a failure can be replayed.

export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
