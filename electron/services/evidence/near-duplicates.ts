import { hashHalves, popcount32 } from '../../../shared/media/perceptual-hash';

/**
 * The largest pHash distance (of 64 bits) at which two pieces of evidence are shown as near
 * duplicates. In this folder's tests a JPEG re-encode at half size or a brightened copy moves the
 * hash by 0 bits and a re-encoded video's frames by at most 2, while unrelated pictures and videos
 * differ in 26 or more (about 32 is the average for unrelated hashes). Krawetz ("Looks Like It")
 * reads 5 as still similar and 10 as probably different: 10 sits at the loose end on purpose,
 * because a match is only a hint for a person to compare, and a missed re-upload (cropped, heavily
 * recompressed, filtered) costs more than a hint that turns out wrong.
 */
export const nearDuplicateMaxDistance = 10;

/** One indexed hash: a 16-hex-digit perceptual hash and what it belongs to, e.g. `${sha256}#${frame}`. */
export interface HashEntry {
  hash: string;
  key: string;
}

/** A hash found near a query, with its distance in bits. */
export interface NearDuplicate extends HashEntry {
  distance: number;
}

/** The 64 bits are cut into this many 16-bit chunks, each with its own bucket table. */
const chunks = 4;
const chunkValues = 1 << 16;

/** All 16-bit values grouped by how many bits they set: the flips that reach a chunk's neighbours. */
const flipsByWeight: number[][] = (() => {
  const groups: number[][] = Array.from({ length: 17 }, () => []);
  for (let value = 0; value < chunkValues; value++) groups[popcount32(value)]!.push(value);
  return groups;
})();

function chunkOf(high: number, low: number, chunk: number): number {
  const word = chunk < 2 ? high : low;
  return chunk % 2 === 0 ? word >>> 16 : word & 0xffff;
}

/** Orders matches nearest first, then by key, so the order does not depend on insertion. */
function byDistanceThenKey(a: NearDuplicate, b: NearDuplicate): number {
  return a.distance - b.distance || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** One chunk's buckets, laid out flat: bucket v holds rows starts[v] .. starts[v + 1] - 1. */
interface ChunkTable {
  starts: Int32Array;
  ids: Int32Array;
  /** Each row's hash, copied in so checking a candidate reads memory next to the previous one. */
  highs: Int32Array;
  lows: Int32Array;
}

/**
 * Hashes added since the tables were last built are scanned instead; past this many, the next
 * query rebuilds the tables. A scan of 4,096 costs ~20 µs, a rebuild of 100,000 hashes ~15 ms.
 */
const unfiledLimit = 4_096;

/**
 * An in-memory index of 64-bit perceptual hashes answering "which are within r bits of this one"
 * without scanning them all: multi-index hashing (Norouzi, Punjani & Fleet, 2012). Each hash is
 * filed under its four 16-bit chunks. If two hashes differ in at most r bits, some chunk differs
 * in at most ⌊r/4⌋ bits (pigeonhole), so a query only visits the buckets within ⌊r/4⌋ bits of its
 * own chunks — 137 of 65,536 per chunk at r = 10 — and checks the full distance of what it finds.
 */
export class NearDuplicateIndex {
  private highs: Int32Array = new Int32Array(1024);
  private lows: Int32Array = new Int32Array(1024);
  private readonly hashes: string[] = [];
  private readonly keys: string[] = [];
  private readonly keySet = new Set<string>();
  /** Entries 0 .. filed - 1 are in the tables; the rest are scanned. */
  private filed = 0;
  private tables: ChunkTable[] = [];

  /** How many entries the index holds. */
  get size(): number {
    return this.keys.length;
  }

  /**
   * Files `hash` under `key`. A key already in the index is left as it is: keys name content
   * (`${sha256}#${frame}`), so the same key always comes with the same hash.
   */
  add(hash: string, key: string): void {
    const [high, low] = hashHalves(hash);
    if (this.keySet.has(key)) return;
    const id = this.keys.length;
    if (id === this.highs.length) {
      this.highs = grow(this.highs);
      this.lows = grow(this.lows);
    }
    this.highs[id] = high;
    this.lows[id] = low;
    this.hashes.push(hash.toLowerCase());
    this.keys.push(key);
    this.keySet.add(key);
  }

  /** Every entry within `maxDistance` bits of `hash`, nearest first (ties by key). */
  query(hash: string, maxDistance: number = nearDuplicateMaxDistance): NearDuplicate[] {
    const [high, low] = hashHalves(hash);
    const radius = Math.floor(maxDistance);
    if (radius < 0) return [];
    const perChunk = Math.floor(radius / chunks);
    let found: NearDuplicate[];
    if (this.worthIndexing(perChunk)) {
      if (this.size - this.filed > unfiledLimit) this.file();
      found = this.probe(high, low, radius, perChunk);
      this.scan(high, low, radius, this.filed, found);
    } else {
      found = [];
      this.scan(high, low, radius, 0, found);
    }
    return found.sort(byDistanceThenKey);
  }

  /**
   * Whether visiting the buckets beats checking every entry: at wide radii the buckets to visit
   * (and the entries in them) outnumber the entries, and a small index is quicker to scan.
   */
  private worthIndexing(perChunk: number): boolean {
    let buckets = 0;
    for (let weight = 0; weight <= Math.min(perChunk, 16); weight++) buckets += flipsByWeight[weight]!.length;
    return chunks * buckets * (1 + this.size / chunkValues) < this.size;
  }

  /** Rebuilds the four tables over every entry: a counting sort of the entries by each chunk. */
  private file(): void {
    const count = this.size;
    this.tables = [];
    for (let chunk = 0; chunk < chunks; chunk++) {
      const starts = new Int32Array(chunkValues + 1);
      for (let id = 0; id < count; id++) starts[chunkOf(this.highs[id]!, this.lows[id]!, chunk) + 1]!++;
      for (let value = 0; value < chunkValues; value++) starts[value + 1]! += starts[value]!;
      const next = starts.slice(0, chunkValues);
      const table: ChunkTable = { starts, ids: new Int32Array(count), highs: new Int32Array(count), lows: new Int32Array(count) };
      for (let id = 0; id < count; id++) {
        const row = next[chunkOf(this.highs[id]!, this.lows[id]!, chunk)]!++;
        table.ids[row] = id;
        table.highs[row] = this.highs[id]!;
        table.lows[row] = this.lows[id]!;
      }
      this.tables.push(table);
    }
    this.filed = count;
  }

  private probe(high: number, low: number, radius: number, perChunk: number): NearDuplicate[] {
    const found: NearDuplicate[] = [];
    for (const [chunk, table] of this.tables.entries()) {
      const { starts, ids, highs, lows } = table;
      const own = chunkOf(high, low, chunk);
      for (let weight = 0; weight <= perChunk; weight++) {
        for (const flip of flipsByWeight[weight]!) {
          const end = starts[(own ^ flip) + 1]!;
          for (let row = starts[own ^ flip]!; row < end; row++) {
            const highDiff = highs[row]! ^ high;
            const lowDiff = lows[row]! ^ low;
            const distance = popcount32(highDiff) + popcount32(lowDiff);
            // An entry is reached through every chunk within perChunk bits; report it only from the first.
            if (distance > radius || reachedEarlier(highDiff, lowDiff, chunk, perChunk)) continue;
            const id = ids[row]!;
            found.push({ key: this.keys[id]!, hash: this.hashes[id]!, distance });
          }
        }
      }
    }
    return found;
  }

  /** Adds to `found` the entries from `first` on within `radius` bits, by checking each. */
  private scan(high: number, low: number, radius: number, first: number, found: NearDuplicate[]): void {
    for (let id = first; id < this.keys.length; id++) {
      const distance = popcount32(this.highs[id]! ^ high) + popcount32(this.lows[id]! ^ low);
      if (distance <= radius) found.push({ key: this.keys[id]!, hash: this.hashes[id]!, distance });
    }
  }
}

function reachedEarlier(highDiff: number, lowDiff: number, chunk: number, perChunk: number): boolean {
  for (let earlier = 0; earlier < chunk; earlier++) {
    if (popcount32(chunkOf(highDiff, lowDiff, earlier)) <= perChunk) return true;
  }
  return false;
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * The reference answer: every entry within `maxDistance` of `hash`, by comparing with each one,
 * in the index's order. Tests and the benchmark check `NearDuplicateIndex.query` against it.
 */
export function linearScan(entries: Iterable<HashEntry>, hash: string, maxDistance: number): NearDuplicate[] {
  const [high, low] = hashHalves(hash);
  const found: NearDuplicate[] = [];
  for (const entry of entries) {
    const [entryHigh, entryLow] = hashHalves(entry.hash);
    const distance = popcount32(entryHigh ^ high) + popcount32(entryLow ^ low);
    if (distance <= maxDistance) found.push({ key: entry.key, hash: entry.hash.toLowerCase(), distance });
  }
  return found.sort(byDistanceThenKey);
}
