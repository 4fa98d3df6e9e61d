import { describe, expect, it } from 'vitest';
import { linearScan, nearDuplicateMaxDistance, NearDuplicateIndex, type HashEntry, type NearDuplicate } from './near-duplicates';
import { seededUint32 } from '../../../test/support/random';

function hex(high: number, low: number): string {
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

function randomHash(next: () => number): string {
  return hex(next(), next());
}

/** `hash` with the given bit positions (0 = most significant) flipped. */
function flipBits(hash: string, bits: number[]): string {
  let value = BigInt(`0x${hash}`);
  for (const bit of bits) value ^= 1n << BigInt(63 - bit);
  return value.toString(16).padStart(16, '0');
}

/** `hash` with `count` distinct random bits flipped: exactly `count` bits away. */
function nearby(hash: string, count: number, next: () => number): string {
  const bits = new Set<number>();
  while (bits.size < count) bits.add(next() % 64);
  return flipBits(hash, [...bits]);
}

function asSet(found: NearDuplicate[]): Set<string> {
  return new Set(found.map((match) => `${match.key}|${match.hash}|${match.distance}`));
}

describe('NearDuplicateIndex', () => {
  // 140 linear scans of 100,000 hashes take a few seconds.
  it('finds what a linear scan finds, among 100,000 hashes, at every radius from 0 to 12', { timeout: 30_000 }, () => {
    const next = seededUint32(20240501);
    const entries: HashEntry[] = [];
    const centres: string[] = [];
    for (let i = 0; i < 100_000; i++) entries.push({ hash: randomHash(next), key: `random-${i}` });
    // Clusters of re-uploads around some hashes, at every distance the queries probe and a bit beyond.
    for (let c = 0; c < 300; c++) {
      const centre = randomHash(next);
      centres.push(centre);
      entries.push({ hash: centre, key: `centre-${c}` });
      for (let n = 0; n < 8; n++) entries.push({ hash: nearby(centre, next() % 15, next), key: `near-${c}-${n}` });
    }
    const index = new NearDuplicateIndex();
    for (const entry of entries) index.add(entry.hash, entry.key);
    expect(index.size).toBe(entries.length);

    const queries = [
      ...centres.slice(0, 60).map((centre) => nearby(centre, next() % 7, next)),
      // Stored hashes, random and planted, then hashes that are in no cluster.
      ...entries.slice(99_970, 100_030).map((entry) => entry.hash),
      ...Array.from({ length: 20 }, () => randomHash(next)),
    ];
    let matches = 0;
    for (const query of queries) {
      // A scan at the widest radius, filtered, is the scan at each smaller radius.
      const widest = linearScan(entries, query, 12);
      for (let radius = 0; radius <= 12; radius++) {
        const expected = widest.filter((match) => match.distance <= radius);
        const found = index.query(query, radius);
        expect(asSet(found)).toEqual(asSet(expected));
        expect(found).toEqual(expected);
        matches += found.length;
      }
    }
    expect(matches).toBeGreaterThan(1_000);
  });

  it('finds a hash whose differing bits are spread evenly over the four 16-bit chunks', () => {
    const centre = '0123456789abcdef';
    // 3 + 3 + 2 + 2 bits: at radius 10 only the chunks differing by 2 lead to it.
    const spread = flipBits(centre, [0, 5, 9, 16, 20, 30, 33, 40, 50, 63]);
    // 3 + 3 + 3 + 3 bits: at radius 12 every chunk differs by exactly ⌊12/4⌋.
    const evenly = flipBits(centre, [1, 2, 3, 17, 18, 19, 33, 34, 35, 49, 50, 51]);
    const index = new NearDuplicateIndex();
    // Enough random neighbours that the index visits buckets instead of scanning.
    const next = seededUint32(7);
    for (let i = 0; i < 20_000; i++) index.add(randomHash(next), `random-${i}`);
    index.add(spread, 'spread');
    index.add(evenly, 'evenly');
    expect(index.query(centre, 10).map((match) => [match.key, match.distance])).toEqual([['spread', 10]]);
    expect(index.query(centre, 9).map((match) => match.key)).not.toContain('spread');
    expect(index.query(centre, 12).map((match) => [match.key, match.distance])).toEqual([
      ['spread', 10],
      ['evenly', 12],
    ]);
    expect(index.query(centre, 11).map((match) => match.key)).toEqual(['spread']);
  });

  it('finds hashes added after a query built its tables, before and after the next rebuild', () => {
    const next = seededUint32(11);
    const entries: HashEntry[] = Array.from({ length: 10_000 }, (_, i) => ({ hash: randomHash(next), key: `random-${i}` }));
    const index = new NearDuplicateIndex();
    for (const entry of entries) index.add(entry.hash, entry.key);
    const centre = randomHash(next);
    expect(index.query(centre, 10)).toEqual(linearScan(entries, centre, 10));
    const late = { hash: nearby(centre, 9, next), key: 'late' };
    index.add(late.hash, late.key);
    entries.push(late);
    expect(index.query(centre, 10).map((match) => match.key)).toContain('late');
    // Past the number of unfiled hashes the index will scan, the next query files them all.
    for (let i = 0; i < 5_000; i++) entries.push({ hash: randomHash(next), key: `more-${i}` });
    entries.push({ hash: nearby(centre, 10, next), key: 'later' });
    for (const entry of entries.slice(10_001)) index.add(entry.hash, entry.key);
    for (let radius = 0; radius <= 12; radius++) {
      expect(index.query(centre, radius)).toEqual(linearScan(entries, centre, radius));
    }
    expect(index.query(centre, 10).map((match) => match.key).sort()).toEqual(['late', 'later']);
  });

  it('sorts by distance then key, and keeps the first hash of a key added twice', () => {
    const index = new NearDuplicateIndex();
    index.add('00000000000000ff', 'b');
    index.add('00000000000000ff', 'a');
    index.add('00000000000000FF', 'a');
    index.add('ffffffffffffffff', 'a');
    index.add('0000000000000000', 'c');
    expect(index.size).toBe(3);
    expect(index.query('0000000000000000', 64)).toEqual([
      { key: 'c', hash: '0000000000000000', distance: 0 },
      { key: 'a', hash: '00000000000000ff', distance: 8 },
      { key: 'b', hash: '00000000000000ff', distance: 8 },
    ]);
    expect(index.query('ffffffffffffffff', -1)).toEqual([]);
  });

  it('defaults to the near-duplicate distance and refuses malformed hashes', () => {
    const index = new NearDuplicateIndex();
    const centre = 'fedcba9876543210';
    index.add(flipBits(centre, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 'ten');
    index.add(flipBits(centre, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'eleven');
    expect(nearDuplicateMaxDistance).toBe(10);
    expect(index.query(centre).map((match) => match.key)).toEqual(['ten']);
    expect(() => index.add('xyz', 'bad')).toThrow(/not a 64-bit/);
    expect(() => index.query('0123', 3)).toThrow(/not a 64-bit/);
  });
});
