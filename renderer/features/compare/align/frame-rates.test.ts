import { describe, expect, it } from 'vitest';
import { buildFrameIndex } from '../decoder/frame-index';
import { frameRatesDiffer, windowFrameRate } from './frame-rates';

/** A video's frame index whose frame n starts at `time(n)`. */
function indexOf(count: number, time: (n: number) => number) {
  return buildFrameIndex(Array.from({ length: count }, (_, n) => ({ timestamp: time(n), duration: time(n + 1) - time(n), key: n === 0 })));
}

describe('frame rates', () => {
  it('is the median duration’s rate, so an odd long frame does not move it', () => {
    expect(windowFrameRate(indexOf(100, (n) => n / 30), { startFrame: 0, frames: 100 })).toBeCloseTo(30, 6);
    expect(windowFrameRate(indexOf(100, (n) => (n < 50 ? n / 30 : 0.5 + n / 30)), { startFrame: 0, frames: 100 })).toBeCloseTo(30, 6);
  });

  it('is the window’s, not the whole video’s', () => {
    const index = indexOf(200, (n) => (n < 100 ? n / 60 : 100 / 60 + (n - 100) / 25));
    expect(windowFrameRate(index, { startFrame: 120, frames: 50 })).toBeCloseTo(25, 6);
  });

  it('parts 30 from 25 and 24 from 25, keeps 29.97 with 30, and lets an unknown rate be', () => {
    expect(frameRatesDiffer(30, 25)).toBe(true);
    expect(frameRatesDiffer(24, 25)).toBe(true);
    expect(frameRatesDiffer(30000 / 1001, 30)).toBe(false);
    expect(frameRatesDiffer(null, 30)).toBe(false);
  });
});
