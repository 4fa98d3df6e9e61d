import { performance } from 'node:perf_hooks';
import { hashHalves, popcount32 } from '../../shared/media/perceptual-hash';
import { linearScan, nearDuplicateMaxDistance, NearDuplicateIndex, type HashEntry } from '../../electron/services/evidence/near-duplicates';
import { percentile, round, spreadOf, type Bench } from './harness';
import { seededUint32 } from '../support/random';

function randomHash(next: () => number): string {
  return next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0');
}

/** `hash` with `count` distinct random bits flipped. */
function nearby(hash: string, count: number, next: () => number): string {
  let [high, low] = hashHalves(hash);
  const bits = new Set<number>();
  while (bits.size < count) bits.add(next() % 64);
  for (const bit of bits) {
    if (bit < 32) high ^= 1 << bit;
    else low ^= 1 << (bit - 32);
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

/**
 * The baseline: the plainest fast scan, every hash pre-split into two 32-bit halves so a
 * comparison is two XORs and two popcounts. Returns the matching keys.
 */
function packedScan(highs: Int32Array, lows: Int32Array, keys: string[], hash: string, radius: number): string[] {
  const [high, low] = hashHalves(hash);
  const found: string[] = [];
  for (let id = 0; id < keys.length; id++) {
    if (popcount32(highs[id]! ^ high) + popcount32(lows[id]! ^ low) <= radius) found.push(keys[id]!);
  }
  return found;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedA = [...a].sort();
  const sortedB = [...b].sort();
  return sortedA.every((key, i) => key === sortedB[i]);
}

/**
 * Near-duplicate lookup of an evidence hash among the stored ones, at the near-duplicate radius:
 * p95 of `NearDuplicateIndex.query` against p95 of a linear scan of the same hashes.
 */
export const nearDuplicateQuery: Bench = {
  name: 'near-duplicate-query',
  async run(size) {
    const count = size === 'small' ? 10_000 : 100_000;
    const queryCount = 1_000;
    const warmUp = 200;
    const radius = nearDuplicateMaxDistance;
    const next = seededUint32(0x5eed);

    // 1 % of the hashes are clusters of re-uploads (0 to 12 bits apart), as evidence re-submitted.
    const entries: HashEntry[] = [];
    const centres: string[] = [];
    while (entries.length < count) {
      if (next() % 100 === 0) {
        const centre = randomHash(next);
        centres.push(centre);
        for (let n = 0; n < 5; n++) entries.push({ hash: nearby(centre, next() % 13, next), key: `near-${centres.length}-${n}` });
      } else {
        entries.push({ hash: randomHash(next), key: `evidence-${entries.length}` });
      }
    }
    const index = new NearDuplicateIndex();
    const highs = new Int32Array(entries.length);
    const lows = new Int32Array(entries.length);
    const keys: string[] = [];
    for (const [id, entry] of entries.entries()) {
      index.add(entry.hash, entry.key);
      [highs[id], lows[id]] = hashHalves(entry.hash);
      keys.push(entry.key);
    }
    // Half the queries land near a cluster (a re-upload), half nowhere (new evidence).
    const queries = Array.from({ length: warmUp + queryCount }, (_, i) =>
      i % 2 === 0 ? nearby(centres[next() % centres.length]!, next() % 7, next) : randomHash(next),
    );

    const indexMs: number[] = [];
    const scanMs: number[] = [];
    const indexKeys: string[][] = [];
    for (const [i, query] of queries.entries()) {
      const started = performance.now();
      const found = index.query(query, radius);
      const elapsed = performance.now() - started;
      if (i >= warmUp) {
        indexMs.push(elapsed);
        indexKeys.push(found.map((match) => match.key));
      }
    }
    let matches = 0;
    for (const [i, query] of queries.entries()) {
      const started = performance.now();
      const found = packedScan(highs, lows, keys, query, radius);
      const elapsed = performance.now() - started;
      if (i < warmUp) continue;
      scanMs.push(elapsed);
      matches += found.length;
      if (!sameKeys(found, indexKeys[i - warmUp]!)) {
        throw new Error(`the index and the linear scan disagree on ${query}: ${indexKeys[i - warmUp]!.join(',')} vs ${found.join(',')}`);
      }
    }
    if (matches === 0) throw new Error('no query found a near duplicate: the benchmark measures nothing');
    // The packed scan above is checked against the reference scan too, on a slice (it reads strings, so it is slow).
    for (const query of queries.slice(warmUp, warmUp + 50)) {
      const expected = linearScan(entries, query, radius).map((match) => match.key);
      if (!sameKeys(expected, packedScan(highs, lows, keys, query, radius))) throw new Error(`the scans disagree on ${query}`);
    }

    const value = percentile(indexMs, 95);
    const baseline = percentile(scanMs, 95);
    return {
      bench: 'near-duplicate-query',
      value: round(value),
      unit: 'ms',
      baseline: round(baseline),
      ratio: round(value / baseline),
      target: 5,
      size,
      samples: indexMs.length,
      spread: { value: spreadOf(indexMs), baseline: spreadOf(scanMs) },
    };
  },
};
