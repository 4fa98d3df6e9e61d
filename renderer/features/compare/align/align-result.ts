// What "Suggest offset" answers, and how two windows of hashes become that answer. Pure, so the
// arithmetic of windows and signs is tested without a browser; the worker calls it.
import { alignedDistances, suggestOffset, type OffsetConfidence } from '../../../../shared/media/align';
import type { FrameSourceErrorCode, FrameSourceErrorParams } from '../decoder/frame-source-error';
import type { VideoHashes } from './hash-video';

/** Which of the two videos a problem is about: the first or the second given. */
export type WhichVideo = 'a' | 'b';

/**
 * Why no offset is suggested:
 * - too_few_frames: a window has fewer frames than an offset must overlap (`minimum`);
 * - no_overlap: no offset leaves enough frames of both windows side by side;
 * - frame_rates_differ: the videos show different numbers of frames a second (`a` and `b`), so
 *   frames cannot be lined up one for one;
 * - cancelled: the caller's signal aborted;
 * - worker_failed: the worker could not start or stopped without answering (a bug or no memory);
 * - a frame source code (codec_unsupported, truncated, …): that video cannot be read, as the
 *   player would say, with whether the playable copy helps.
 */
export type AlignProblem =
  | { code: 'too_few_frames'; minimum: number }
  | { code: 'no_overlap' }
  | { code: 'frame_rates_differ'; a: number; b: number }
  | { code: 'cancelled' }
  | { code: 'worker_failed' }
  | { code: FrameSourceErrorCode; video: WhichVideo; params: FrameSourceErrorParams; offerPlayableCopy: boolean };

/** The offset found, in whole videos' frame numbers (not the windows'). */
export interface OffsetFound {
  /**
   * Frame `f` of the second video shows what the first shows at frame `f + offsetFrames`. In the
   * viewer's terms (frame-math.ts: a pane shows timeline frame + its offsetFrames) the two line up
   * when the first pane's offsetFrames minus the second's equals this: keep the first pane's and
   * set the second's to (first's − offsetFrames). A copy trimmed 37 frames into the original,
   * given second, gets 37, and its pane −37 against the original's 0.
   */
  offsetFrames: number;
  /** The mean distance of the aligned frames' hashes in bits, 0 (identical) to 64. */
  meanDistance: number;
  /** How many frame pairs were compared at this offset. */
  overlap: number;
  /** How far, in bits, the best offset not next to this one falls behind (align.ts). */
  margin: number;
  confidence: OffsetConfidence;
}

/** The difference track for a timeline strip: one distance per frame of the second video's window. */
export interface DifferenceTrack {
  /** The second video's frame that `distances[0]` is about; `distances[k]` is frame `startFrame + k`. */
  startFrame: number;
  /** Bits differing between that frame and the first video's frame it lines up with; null where there is none. */
  distances: (number | null)[];
}

/** How much work a suggestion took, for the decision record and the slow-machine reports. */
export interface AlignCost {
  framesHashed: number;
  hashMilliseconds: number;
}

/** `suggestOffsetBetween`'s answer. Bad input is an answer, never an exception. */
export type SuggestOffsetResult =
  | { ok: true; suggestion: OffsetFound; track: DifferenceTrack; cost: AlignCost }
  | { ok: false; problem: AlignProblem };

/**
 * Aligns two hashed windows: align.ts compares the windows from their own first frames, so its
 * offset is moved by where each window starts to count in whole videos' frames.
 */
export function alignWindows(first: VideoHashes, second: VideoHashes, cost: AlignCost): SuggestOffsetResult {
  const found = suggestOffset(first.hashes, second.hashes);
  if ('problem' in found) {
    return { ok: false, problem: found.problem === 'too_few_frames' ? { code: 'too_few_frames', minimum: found.minimum } : { code: 'no_overlap' } };
  }
  const distances = alignedDistances(first.hashes, second.hashes, found.offsetFrames);
  const { meanDistance, overlap, margin, confidence } = found;
  return {
    ok: true,
    suggestion: { offsetFrames: found.offsetFrames + first.startFrame - second.startFrame, meanDistance, overlap, margin, confidence },
    track: { startFrame: second.startFrame, distances },
    cost,
  };
}
