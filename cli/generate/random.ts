// Seeded randomness for the generator. Every row draws from its own stream, keyed by (seed, table,
// row index), so any row of any table can be rebuilt alone: that is what keeps ids consistent across
// the three files without holding a table in memory. Not for cryptography.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  isChance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A standard normal deviate (Box-Muller). */
  normal(): number;
  /** 32 random bits as an unsigned integer. */
  bits(): number;
}

/** A strong 32-bit integer finalizer (lowbias32): small input changes flip about half the bits. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes up to four 32-bit integers into one; order matters. Fixed arity keeps it allocation-free. */
export function hash32(a: number, b: number, c = 0, d = 0): number {
  let h = mix32(0x9e3779b9 ^ mix32(a));
  h = mix32((h ^ mix32(b)) + 0x632be5ab);
  h = mix32((h ^ mix32(c)) + 0x632be5ab);
  return mix32((h ^ mix32(d)) + 0x632be5ab);
}

/** sfc32 (Small Fast Counter), seeded from four words; passes PractRand, needs only 32-bit ops. */
export function createRandom(a: number, b: number, c: number, d: number): Random {
  let s0 = a >>> 0;
  let s1 = b >>> 0;
  let s2 = c >>> 0;
  let counter = d >>> 0;
  const bits = (): number => {
    const t = (((s0 + s1) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    s0 = s1 ^ (s1 >>> 9);
    s1 = (s2 + (s2 << 3)) | 0;
    s2 = (s2 << 21) | (s2 >>> 11);
    s2 = (s2 + t) | 0;
    return t >>> 0;
  };
  // The first outputs of a fresh state are correlated with the seed words: discard them.
  for (let i = 0; i < 12; i += 1) {
    bits();
  }
  const next = (): number => bits() / 4294967296;
  return {
    next,
    bits,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    isChance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) {
        throw new RangeError('pick from an empty list');
      }
      return item;
    },
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}

/** The random stream of one row of one table: the same arguments always give the same stream. */
export function rowRandom(seed: number, stream: number, index: number): Random {
  return createRandom(
    hash32(seed, stream, index),
    hash32(stream, index, seed),
    hash32(index, seed, stream),
    index,
  );
}
