import { hashHalves, popcount32 } from './perceptual-hash';

// "Suggest offset" (issue 19): two videos of the same event, one perhaps trimmed or re-encoded,
// are aligned by the perceptual hashes of their frames. Every offset within reach is tried; the
// one whose overlapping frames are closest on average wins, and how clearly it wins is the
// confidence a reviewer reads. Pure arithmetic, so a worker in the viewer and a test run it alike.

/** How sure a suggestion is, in words a reviewer can weigh. */
export type OffsetConfidence = 'high' | 'medium' | 'low';

/** The offset at which two frame sequences match best. */
export interface OffsetSuggestion {
  /**
   * Frames to shift the second video by: its frame `i` shows what the first shows at frame
   * `i + offsetFrames`. A trimmed copy that starts 37 frames into the original gets 37.
   */
  offsetFrames: number;
  /** The mean Hamming distance of the aligned frames' hashes, 0 (identical) to 64. */
  meanDistance: number;
  /** How many frame pairs overlap at this offset. */
  overlap: number;
  /**
   * How far the next best offset not next to this one falls behind, in bits: a slowly changing
   * scene matches its neighbouring offsets almost as well, so those are not rivals.
   */
  margin: number;
  confidence: OffsetConfidence;
}

/** Why no offset is suggested. */
export type NoSuggestion = { problem: 'too_few_frames'; minimum: number } | { problem: 'no_overlap' };

export interface AlignOptions {
  /** The largest shift tried either way, in frames; by default as far as the overlap allows. */
  maxOffset?: number;
  /** The fewest overlapping frames an offset must have to count. */
  minOverlap?: number;
}

/** Offsets this close to the best are its neighbours, not rivals (see `margin`). */
const neighbourhood = 2;

/** Hashes as their two 32-bit halves, parsed once: every offset compares every frame. */
function halves(hashes: readonly string[]): Int32Array {
  const out = new Int32Array(hashes.length * 2);
  hashes.forEach((hash, index) => {
    const [high, low] = hashHalves(hash);
    out[index * 2] = high;
    out[index * 2 + 1] = low;
  });
  return out;
}

function distanceAt(a: Int32Array, b: Int32Array, i: number, j: number): number {
  return popcount32(a[i * 2]! ^ b[j * 2]!) + popcount32(a[i * 2 + 1]! ^ b[j * 2 + 1]!);
}

/**
 * The words for a suggestion. High: the aligned frames are close (8 bits of 64 or fewer on
 * average) and every rival offset is at least twice as far (and a whole bit): footage that
 * changes slowly matches nearby offsets nearly as well, so the margin is judged against the
 * match, not in absolute bits. Medium: close enough with some margin. Low: anything else, such as
 * unrelated videos or a still picture that fits every offset alike.
 */
export function confidenceOf(meanDistance: number, margin: number): OffsetConfidence {
  if (meanDistance <= 8 && margin >= Math.max(1, meanDistance)) return 'high';
  if (meanDistance <= 14 && margin >= 0.5) return 'medium';
  return 'low';
}

/**
 * The offset at which `second`'s frames best match `first`'s, from their 64-bit perceptual
 * hashes (16 hex digits each, one per frame in presentation order). Throws on a malformed hash.
 */
export function suggestOffset(first: readonly string[], second: readonly string[], options: AlignOptions = {}): OffsetSuggestion | NoSuggestion {
  const shorter = Math.min(first.length, second.length);
  const minOverlap = Math.max(1, options.minOverlap ?? Math.max(8, Math.floor(shorter / 4)));
  if (shorter < minOverlap) return { problem: 'too_few_frames', minimum: minOverlap };
  const a = halves(first);
  const b = halves(second);
  const reach = options.maxOffset ?? Math.max(first.length, second.length);
  const scores = new Map<number, { mean: number; overlap: number }>();
  for (let offset = -reach; offset <= reach; offset += 1) {
    // Second's frame j meets first's frame j + offset where both exist.
    const start = Math.max(0, -offset);
    const end = Math.min(second.length, first.length - offset);
    const overlap = end - start;
    if (overlap < minOverlap) continue;
    let total = 0;
    for (let j = start; j < end; j += 1) total += distanceAt(a, b, j + offset, j);
    scores.set(offset, { mean: total / overlap, overlap });
  }
  let best: number | undefined;
  for (const [offset, score] of scores) {
    const current = best === undefined ? undefined : scores.get(best)!;
    // Ties go to the smaller shift: with nothing to tell them apart, the least surprising.
    if (current === undefined || score.mean < current.mean || (score.mean === current.mean && Math.abs(offset) < Math.abs(best!))) best = offset;
  }
  if (best === undefined) return { problem: 'no_overlap' };
  const winner = scores.get(best)!;
  let rival = Number.POSITIVE_INFINITY;
  for (const [offset, score] of scores) if (Math.abs(offset - best) > neighbourhood) rival = Math.min(rival, score.mean);
  // With no rival at all (a single offset fits), nothing says the match is better than chance.
  const margin = Number.isFinite(rival) ? rival - winner.mean : 0;
  return { offsetFrames: best, meanDistance: winner.mean, overlap: winner.overlap, margin, confidence: confidenceOf(winner.mean, margin) };
}

/**
 * The distance of each aligned frame pair at `offsetFrames`, indexed by the second video's frame
 * (null where the first has no frame to match): the difference track along the timeline. A
 * re-encoded copy stays low and flat; an edit shows as a run of high values where it was made.
 */
export function alignedDistances(first: readonly string[], second: readonly string[], offsetFrames: number): (number | null)[] {
  const a = halves(first);
  const b = halves(second);
  return second.map((_, j) => {
    const i = j + offsetFrames;
    return i >= 0 && i < first.length ? distanceAt(a, b, i, j) : null;
  });
}
