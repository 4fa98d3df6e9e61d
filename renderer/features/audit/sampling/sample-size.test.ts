import { describe, expect, it } from 'vitest';
import { agreementByCaseManager, allocate, drawSample, reviewerFor, sampleSize, sampleSizeWorking } from './sample-size';

/**
 * mulberry32 fractions, as test/support/random.ts makes them: the lint rules keep renderer files,
 * tests included, out of test/, so the few lines are repeated here.
 */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sum(shares: Map<string, number>): number {
  return [...shares.values()].reduce((total, share) => total + share, 0);
}

describe('sampleSize', () => {
  it('follows Cochran with the finite-population correction', () => {
    // n0 = 1.96² · 0.25 / 0.05² = 384.16; 384.16 / (1 + 383.16 / 10,000) = 369.98
    expect(sampleSize(10_000, 0.95, 0.05)).toBe(370);
    // 384.16 / (1 + 383.16 / 100) = 79.51
    expect(sampleSize(100, 0.95, 0.05)).toBe(80);
    // n0 = 2.5758² · 0.25 / 0.01² = 16,586.86; / (1 + 16,585.86 / 1,000,000) = 16,316.25
    expect(sampleSize(1_000_000, 0.99, 0.01)).toBe(16_317);
    // n0 = 1.6449² · 0.25 / 0.05² = 270.57; / (1 + 269.57 / 1,000) = 213.12
    expect(sampleSize(1_000, 0.9, 0.05)).toBe(214);
  });

  it('approaches n0 for a large population', () => {
    expect(sampleSize(100_000_000, 0.95, 0.05)).toBe(385);
  });

  it('is 0 with nothing to sample and never more than the population', () => {
    expect(sampleSize(0, 0.95, 0.05)).toBe(0);
    expect(sampleSize(1, 0.99, 0.01)).toBe(1);
    expect(sampleSize(5, 0.95, 0.05)).toBe(5);
    expect(sampleSize(50, 0.99, 0.01)).toBe(50);
  });

  it('asks more for a higher confidence or a narrower margin', () => {
    expect(sampleSize(10_000, 0.99, 0.05)).toBeGreaterThan(sampleSize(10_000, 0.95, 0.05));
    expect(sampleSize(10_000, 0.95, 0.03)).toBeGreaterThan(sampleSize(10_000, 0.95, 0.05));
  });

  it('refuses a margin given in percent or a negative population', () => {
    expect(() => sampleSize(100, 0.95, 5)).toThrow(RangeError);
    expect(() => sampleSize(-1, 0.95, 0.05)).toThrow(RangeError);
  });
});

describe('allocate', () => {
  it('shares in proportion, by largest remainders, summing to the total', () => {
    // Exact shares 5.4, 3.6, 1.0 → 5, 4, 1.
    const shares = allocate([{ key: 'cm-a', size: 54 }, { key: 'cm-b', size: 36 }, { key: 'cm-c', size: 10 }], 10);
    expect(Object.fromEntries(shares)).toEqual({ 'cm-a': 5, 'cm-b': 4, 'cm-c': 1 });
  });

  it('gives every non-empty stratum at least one when the total allows', () => {
    // Exact shares 9.9, 0.05, 0.05 → 10, 0, 0 before the minimum; the big one gives up two.
    const shares = allocate([{ key: 'big', size: 198 }, { key: 'small', size: 1 }, { key: 'tiny', size: 1 }, { key: 'none', size: 0 }], 10);
    expect(Object.fromEntries(shares)).toEqual({ big: 8, small: 1, tiny: 1, none: 0 });
  });

  it('cannot give everyone one when the total is below the number of strata', () => {
    const shares = allocate([{ key: 'a', size: 5 }, { key: 'b', size: 3 }, { key: 'c', size: 2 }], 2);
    expect(sum(shares)).toBe(2);
    expect(shares.get('a')).toBe(1);
  });

  it('never gives a stratum more than its size, and sums to min(total, population)', () => {
    const strata = [{ key: 'a', size: 3 }, { key: 'b', size: 2 }];
    expect(Object.fromEntries(allocate(strata, 50))).toEqual({ a: 3, b: 2 });
    expect(sum(allocate([], 10))).toBe(0);
    expect(Object.fromEntries(allocate(strata, 0))).toEqual({ a: 0, b: 0 });
  });

  it('holds its promises over many random strata', () => {
    const random = seeded(20250310);
    for (let round = 0; round < 500; round += 1) {
      const strata = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, index) => ({ key: `cm-${index}`, size: Math.floor(random() * 40) }));
      const population = strata.reduce((total, stratum) => total + stratum.size, 0);
      const total = Math.floor(random() * 80);
      const shares = allocate(strata, total);
      expect(sum(shares)).toBe(Math.min(total, population));
      const nonEmpty = strata.filter((stratum) => stratum.size > 0);
      for (const stratum of strata) {
        const share = shares.get(stratum.key)!;
        expect(share).toBeLessThanOrEqual(stratum.size);
        if (stratum.size > 0 && total >= nonEmpty.length) expect(share).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('drawSample', () => {
  const strata = new Map([
    ['cm-a', Array.from({ length: 30 }, (_, index) => `A-${index}`)],
    ['cm-b', Array.from({ length: 12 }, (_, index) => `B-${index}`)],
  ]);
  const allocation = new Map([
    ['cm-a', 7],
    ['cm-b', 3],
  ]);

  it('draws each stratum’s share without replacement', () => {
    const drawn = drawSample(strata, allocation, seeded(7));
    expect(drawn).toHaveLength(10);
    expect(new Set(drawn).size).toBe(10);
    expect(drawn.filter((id) => id.startsWith('A-'))).toHaveLength(7);
    expect(drawn.filter((id) => id.startsWith('B-'))).toHaveLength(3);
  });

  it('draws the same sample from the same seed, and another from another', () => {
    expect(drawSample(strata, allocation, seeded(42))).toEqual(drawSample(strata, allocation, seeded(42)));
    expect(drawSample(strata, allocation, seeded(42))).not.toEqual(drawSample(strata, allocation, seeded(43)));
  });

  it('takes a whole stratum when its share is its size, and leaves the input alone', () => {
    const items = ['x', 'y', 'z'];
    const drawn = drawSample(new Map([['s', items]]), new Map([['s', 5]]), () => 0.999999);
    expect([...drawn].sort()).toEqual(['x', 'y', 'z']);
    expect(items).toEqual(['x', 'y', 'z']);
  });

  it('stays inside the pool even if the generator returns 1', () => {
    expect(drawSample(new Map([['s', ['x', 'y']]]), new Map([['s', 2]]), () => 1)).toHaveLength(2);
  });

  it('gives every item a fair chance', () => {
    const random = seeded(1);
    const counts = new Map<string, number>();
    for (let round = 0; round < 4000; round += 1) {
      for (const id of drawSample(new Map([['s', ['a', 'b', 'c', 'd']]]), new Map([['s', 1]]), random)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of ['a', 'b', 'c', 'd']) expect(counts.get(id)).toBeGreaterThan(900);
  });
});

describe('agreementByCaseManager', () => {
  it('counts verdicts and open reviews per case manager', () => {
    const rows = agreementByCaseManager([
      { ruledBy: 'cm-2', verdict: 'agree' },
      { ruledBy: 'cm-1', verdict: 'agree' },
      { ruledBy: 'cm-1', verdict: 'disagree' },
      { ruledBy: 'cm-1', verdict: 'agree' },
      { ruledBy: 'cm-1', verdict: 'agree' },
      { ruledBy: 'cm-3' },
    ]);
    expect(rows).toEqual([
      { ruledBy: 'cm-1', agree: 3, disagree: 1, rate: 0.75, pending: 0 },
      { ruledBy: 'cm-2', agree: 1, disagree: 0, rate: 1, pending: 0 },
      { ruledBy: 'cm-3', agree: 0, disagree: 0, rate: undefined, pending: 1 },
    ]);
  });
});

describe('reviewerFor', () => {
  const team = [
    { id: 'cm-1', role: 'case_manager' as const },
    { id: 'lead-1', role: 'team_lead' as const },
    { id: 'rev-1', role: 'reviewer' as const },
  ];

  it('keeps the chosen reviewer for someone else’s ruling', () => {
    expect(reviewerFor('cm-1', 'cm-2', team)).toBe('cm-1');
  });

  it('passes a ruling its chosen reviewer made to a reviewer, else a team lead, else a case manager', () => {
    expect(reviewerFor('cm-1', 'cm-1', team)).toBe('rev-1');
    expect(reviewerFor('rev-1', 'rev-1', team)).toBe('lead-1');
    expect(reviewerFor('lead-1', 'lead-1', team.filter((member) => member.role !== 'reviewer'))).toBe('cm-1');
  });

  it('finds nobody when the team is only the case manager who ruled', () => {
    expect(reviewerFor('cm-1', 'cm-1', [team[0]!])).toBeUndefined();
  });
});

describe('sampleSizeWorking', () => {
  it('fills in the formula: expecting 10 % unsound at 90 % ± 10 %, 77 rulings need 19, not 65', () => {
    const working = sampleSizeWorking(77, 0.9, 0.1, 0.1);
    expect(working.z).toBe(1.6449);
    // n0 = 1.6449² · 0.1 · 0.9 / 0.1² = 24.35; n = 24.35 / (1 + 23.35 / 77) = 18.68 → 19.
    expect(working.n0).toBeCloseTo(24.351, 3);
    expect(working.corrected).toBeCloseTo(18.685, 3);
    expect(working.n).toBe(19);
    expect(sampleSize(77, 0.95, 0.05)).toBe(65);
  });

  it('agrees with sampleSize at p = 0.5, and is 0 for an empty population', () => {
    expect(sampleSizeWorking(10_000, 0.95, 0.05).n).toBe(370);
    expect(sampleSizeWorking(0, 0.9, 0.1, 0.1)).toMatchObject({ n: 0, corrected: 0 });
  });

  it('refuses an expected share outside (0, 1)', () => {
    expect(() => sampleSizeWorking(10, 0.9, 0.1, 0)).toThrow(RangeError);
    expect(() => sampleSizeWorking(10, 0.9, 0.1, 1)).toThrow(RangeError);
  });
});
