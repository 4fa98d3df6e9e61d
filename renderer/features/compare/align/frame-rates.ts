// Suggest offset lines frames up one for one, so it only means something when both videos show
// the same number of frames a second. A platform that re-times a copy (60 to 30, 30 to 25) makes
// every offset wrong by a growing amount; saying so beats a low-confidence guess after a wait.
import type { FrameIndex } from '../decoder/frame-index';
import type { FrameWindow } from './hash-window';

/**
 * Rates further apart than this share are different. 3 % keeps 29.97 and 30 together (0.1 %) and
 * the jitter of a phone's variable rate, and parts 24 from 25 (4 %), which drifts a frame a second.
 */
const tolerance = 0.03;

/**
 * The frame rate of a window, frames a second, from the median of its frames' durations (the
 * median, so a phone's odd long frame does not move it); null when no frame in it has a duration.
 */
export function windowFrameRate(index: FrameIndex, window: FrameWindow): number | null {
  const durations = index.frames
    .slice(window.startFrame, window.startFrame + window.frames)
    .map((frame) => frame.duration)
    .filter((duration) => duration > 0)
    .sort((x, y) => x - y);
  if (durations.length === 0) return null;
  return 1 / durations[durations.length >> 1]!;
}

/** Whether two frame rates are too far apart to line frames up one for one; unknown ones are let be. */
export function frameRatesDiffer(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return false;
  return Math.abs(a - b) / Math.max(a, b) > tolerance;
}
