// One seeded generator for tests and benchmarks, so a failing run can be replayed.

/** mulberry32: a repeatable stream of unsigned 32-bit integers from `seed`. */
export function seededUint32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The same stream as fractions in [0, 1). */
export function seededFraction(seed: number): () => number {
  const next = seededUint32(seed);
  return () => next() / 4294967296;
}
