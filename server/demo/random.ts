/**
 * A small seeded pseudo-random generator for the demo workspace: sfc32 (Chris Doty-Humphrey's
 * Small Fast Chaotic generator, from PractRand), seeded through splitmix32. Not for anything
 * secret; it exists so the same seed always gives the same workspace.
 */

/** One splitmix32 step: spreads a 32-bit input over all 32 bits so nearby seeds start far apart. */
function splitmix32(input: number): number {
  let z = (input + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The demo seed's streams, so disputes, sellers and media draw from independent sequences. */
export const streams = { dispute: 1, seller: 2, media: 3 } as const;

/**
 * A deterministic random stream. `new Random(seed, ...path)` names an independent stream, so the
 * 42nd dispute (`new Random(seed, 1, 42)`) is the same whether 100 or 100,000 are generated.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, ...path: number[]) {
    let h = splitmix32(Math.trunc(seed) | 0);
    for (const step of path) h = splitmix32(h ^ (Math.trunc(step) | 0));
    this.a = h;
    this.b = splitmix32(h ^ 0x243f6a88);
    this.c = splitmix32(h ^ 0x85a308d3);
    this.d = 1;
    // sfc32's first outputs correlate with the seed words; the published advice is to discard a few.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick needs a non-empty list.');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One value, chosen with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return this.pick(entries)[0];
  }

  /** A shuffled copy (Fisher–Yates); the input is left as it was. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }

  /**
   * `length` lowercase hex digits, e.g. a well-formed but made-up SHA-256 digest. Encoded by
   * Buffer so the result is one flat string, not a tree of concatenated pieces.
   */
  hex(length: number): string {
    const words = Math.ceil(length / 8);
    const bytes = Buffer.allocUnsafe(words * 4);
    for (let i = 0; i < words; i++) bytes.writeUInt32BE(this.uint32(), i * 4);
    const out = bytes.toString('hex');
    return out.length === length ? out : out.slice(0, length);
  }

  /** `length` decimal digits, leading zeros allowed: tracking and reference numbers. */
  digits(length: number): string {
    let out = '';
    while (out.length < length) out += String(this.uint32() % 1_000_000).padStart(6, '0');
    return out.slice(0, length);
  }
}
