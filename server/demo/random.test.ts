import { describe, expect, it } from 'vitest';
import { Random } from './random';

function draw(r: Random, count: number): number[] {
  return Array.from({ length: count }, () => r.uint32());
}

describe('the demo random stream', () => {
  it('gives the same numbers for the same seed and path, and different ones otherwise', () => {
    expect(draw(new Random(42, 1, 7), 20)).toEqual(draw(new Random(42, 1, 7), 20));
    expect(draw(new Random(42, 1, 7), 20)).not.toEqual(draw(new Random(43, 1, 7), 20));
    expect(draw(new Random(42, 1, 7), 20)).not.toEqual(draw(new Random(42, 1, 8), 20));
    expect(draw(new Random(42, 1, 7), 20)).not.toEqual(draw(new Random(42, 2, 7), 20));
  });

  it('keeps every helper inside its range', () => {
    const r = new Random(1);
    for (let i = 0; i < 5000; i++) {
      const n = r.next();
      expect(n >= 0 && n < 1).toBe(true);
      const k = r.int(-3, 3);
      expect(Number.isInteger(k) && k >= -3 && k <= 3).toBe(true);
      const x = r.between(10, 20);
      expect(x >= 10 && x < 20).toBe(true);
    }
  });

  it('reaches both ends of an integer range about evenly', () => {
    const r = new Random(2);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[r.int(0, 3)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(9_000);
  });

  it('picks, shuffles and weighs without inventing or losing values', () => {
    const r = new Random(3);
    const items = ['a', 'b', 'c', 'd', 'e'];
    const shuffled = r.shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (let i = 0; i < 200; i++) {
      expect(items).toContain(r.pick(items));
      expect(r.weighted([['never', 0], ['always', 1]] as const)).toBe('always');
    }
    expect(() => r.pick([])).toThrow();
  });

  it('makes chance(p) true about p of the time', () => {
    const r = new Random(4);
    let hits = 0;
    for (let i = 0; i < 20_000; i++) if (r.chance(0.25)) hits += 1;
    expect(hits / 20_000).toBeCloseTo(0.25, 1);
  });

  it('writes hex and decimal digits of the asked length', () => {
    const r = new Random(5);
    expect(r.hex(64)).toMatch(/^[0-9a-f]{64}$/);
    expect(r.hex(15)).toMatch(/^[0-9a-f]{15}$/);
    expect(r.digits(16)).toMatch(/^[0-9]{16}$/);
  });
});
