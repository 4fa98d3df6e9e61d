import type { EvidenceFlag } from '../../../shared/domain/evidence-checks';
import type { Analysis } from './analysis';
import type { EvidenceIndex } from './evidence-index';
import { NearDuplicateIndex, nearDuplicateMaxDistance } from './near-duplicates';

/** A video is a near duplicate when at least this share of its sampled frames match the other's. */
const matchingFrameShare = 0.6;

/** Keys say which object and which sample: `<sha256>#p` for a photo, `<sha256>#v<n>` for frame n. */
function keyOf(sha256: string, kind: 'photo' | 'video', sample: number): string {
  return kind === 'photo' ? `${sha256}#p` : `${sha256}#v${sample}`;
}

/**
 * Every perceptual hash the index holds, in memory, searchable by Hamming distance across all
 * cases. Loaded from the evidence index at start-up and kept current as objects are added.
 */
export class NearDuplicates {
  private readonly seen = new Set<string>();

  private constructor(private readonly hashes: NearDuplicateIndex) {}

  /** Builds the in-memory index from every hash the evidence index stores. */
  static load(index: EvidenceIndex): NearDuplicates {
    const nearDuplicates = new NearDuplicates(new NearDuplicateIndex());
    for (const { sha256, sample, hash } of index.perceptualHashes()) {
      const kind = index.object(sha256)?.analysis.kind === 'video' ? 'video' : 'photo';
      nearDuplicates.add(keyOf(sha256, kind, sample), hash);
    }
    return nearDuplicates;
  }

  private add(key: string, hash: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.hashes.add(hash, key);
  }

  /** Adds an object's hashes (once). */
  addObject(sha256: string, analysis: Analysis): void {
    if (analysis.kind !== 'photo' && analysis.kind !== 'video') return;
    const kind = analysis.kind;
    analysis.perceptualHashes.forEach((hash, sample) => this.add(keyOf(sha256, kind, sample), hash));
  }

  /**
   * Other objects that look the same as this one: photos within the distance threshold; videos
   * whose frames at the same sampled times match for most samples. Closest first.
   */
  similarTo(sha256: string, analysis: Analysis): { sha256: string; distance: number }[] {
    if (analysis.perceptualHashes.length === 0 || (analysis.kind !== 'photo' && analysis.kind !== 'video')) return [];
    const kind = analysis.kind;
    const best = new Map<string, { matches: number; total: number }>();
    analysis.perceptualHashes.forEach((hash, sample) => {
      for (const hit of this.hashes.query(hash, nearDuplicateMaxDistance)) {
        const other = hit.key.slice(0, 64);
        if (other === sha256 || hit.key !== keyOf(other, kind, sample)) continue;
        const seen = best.get(other) ?? { matches: 0, total: 0 };
        best.set(other, { matches: seen.matches + 1, total: seen.total + hit.distance });
      }
    });
    const needed = kind === 'photo' ? 1 : Math.ceil(analysis.perceptualHashes.length * matchingFrameShare);
    return [...best.entries()]
      .filter(([, score]) => score.matches >= needed)
      .map(([other, score]) => ({ sha256: other, distance: Math.round(score.total / score.matches) }))
      .sort((a, b) => a.distance - b.distance);
  }
}

/** `near_duplicate`: visually the same as another item, named by its file, case and party. */
export function nearDuplicateFlag(nearDuplicates: NearDuplicates, index: EvidenceIndex, sha256: string, analysis: Analysis): EvidenceFlag | null {
  const closest = nearDuplicates.similarTo(sha256, analysis)[0];
  if (closest === undefined) return null;
  const submission = index.submissionsOf(closest.sha256)[0];
  const name = submission ? `${submission.fileName} (case ${submission.disputeId}, ${submission.party})` : closest.sha256.slice(0, 12);
  return {
    code: 'near_duplicate',
    reason: `Looks the same as ${name}: ${closest.distance} of 64 perceptual-hash bits differ. Compare the two side by side.`,
    details: {
      otherSha256: closest.sha256,
      otherFileName: submission?.fileName ?? '',
      otherDisputeId: submission?.disputeId ?? '',
      otherParty: submission?.party ?? '',
      distance: closest.distance,
    },
  };
}
