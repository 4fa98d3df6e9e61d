import { describe, expect, it } from 'vitest';
import { chooseWindow, defaultWindowFrames, maxWindowFrames, progressFraction } from './hash-window';

describe('the window of frames hashed', () => {
  it('is the first 900 frames by default, or the whole of a shorter video', () => {
    expect(chooseWindow(10_000)).toEqual({ startFrame: 0, frames: defaultWindowFrames });
    expect(chooseWindow(300)).toEqual({ startFrame: 0, frames: 300 });
  });

  it('starts where asked and stops at the end of the video', () => {
    expect(chooseWindow(10_000, { startFrame: 4_000, frames: 120 })).toEqual({ startFrame: 4_000, frames: 120 });
    expect(chooseWindow(1_000, { startFrame: 950 })).toEqual({ startFrame: 950, frames: 50 });
  });

  it('keeps the last frame for a start past the end, and never hashes nothing', () => {
    expect(chooseWindow(1_000, { startFrame: 5_000 })).toEqual({ startFrame: 999, frames: 1 });
    expect(chooseWindow(1_000, { frames: 0 })).toEqual({ startFrame: 0, frames: 1 });
    expect(chooseWindow(1_000, { startFrame: -20, frames: 10.7 })).toEqual({ startFrame: 0, frames: 10 });
  });

  it('is bounded whatever is asked, so a long video never means decoding all of it', () => {
    expect(chooseWindow(10_000_000, { frames: 1e9 })).toEqual({ startFrame: 0, frames: maxWindowFrames });
    expect(chooseWindow(10_000, { startFrame: Number.NaN, frames: Number.POSITIVE_INFINITY })).toEqual({ startFrame: 0, frames: defaultWindowFrames });
  });

  it('is empty only for a video with no frames', () => {
    expect(chooseWindow(0)).toEqual({ startFrame: 0, frames: 0 });
  });
});

describe('progress', () => {
  it('is the share of both windows hashed, 0 while opening and 1 once aligning', () => {
    expect(progressFraction({ stage: 'opening', done: 0, total: 0 })).toBe(0);
    expect(progressFraction({ stage: 'hashing', done: 0, total: 1_800 })).toBe(0);
    expect(progressFraction({ stage: 'hashing', done: 450, total: 1_800 })).toBe(0.25);
    expect(progressFraction({ stage: 'hashing', done: 1_800, total: 1_800 })).toBe(1);
    expect(progressFraction({ stage: 'aligning', done: 1_800, total: 1_800 })).toBe(1);
  });

  it('stays between 0 and 1 whatever the counts say', () => {
    expect(progressFraction({ stage: 'hashing', done: 10, total: 0 })).toBe(0);
    expect(progressFraction({ stage: 'hashing', done: 20, total: 10 })).toBe(1);
  });
});
