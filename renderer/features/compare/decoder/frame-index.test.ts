import { describe, expect, it } from 'vitest';
import { buildFrameIndex, decodeRun, frameAtTime, keyframeFor, type TrackSample } from './frame-index';
import { FrameSourceError } from './frame-source-error';

const sample = (timestamp: number, key = false, duration = 0): TrackSample => ({ timestamp, duration, key });

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof FrameSourceError ? error.code : `not a FrameSourceError: ${String(error)}`;
  }
  return undefined;
}

describe('frame index: what a run reads', () => {
  it('counts the bytes of the samples it feeds, from the keyframe', () => {
    const index = buildFrameIndex([0, 1, 2, 3, 4, 5].map((n) => ({ timestamp: n / 30, duration: 1 / 30, key: n % 3 === 0, bytes: 100 * (n + 1) })));
    expect(decodeRun(index, 4).bytes).toBe(400 + 500);
    expect(decodeRun(index, 1, 4).bytes).toBe(100 + 200 + 300 + 400 + 500);
    expect(index.frames[5]!.bytes).toBe(600);
  });
});

describe('frame index: variable frame rate', () => {
  // A phone clip: 30 fps, then a stall (the camera dropped to 15 fps), then 60 fps.
  const times = [0, 1 / 30, 2 / 30, 3 / 30, 3 / 30 + 1 / 15, 3 / 30 + 2 / 15, 0.3 + 1 / 60, 0.3 + 2 / 60];
  const index = buildFrameIndex(times.map((time, n) => sample(time, n === 0 || n === 5, 1 / 30)));

  it('keeps the container times, not time × fps', () => {
    expect(index.frames.map((frame) => frame.timestamp)).toEqual(times);
    expect(index.frames.map((frame) => frame.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives each frame the time until the next one, and the last its container duration', () => {
    expect(index.frames[3]!.duration).toBeCloseTo(1 / 15, 12);
    expect(index.frames[6]!.duration).toBeCloseTo(1 / 60, 12);
    expect(index.frames[7]!.duration).toBeCloseTo(1 / 30, 12);
    expect(index.end).toBeCloseTo(0.3 + 2 / 60 + 1 / 30, 12);
  });

  it('finds the frame shown at a time, where time × fps would be wrong', () => {
    // At 0.25 s a 30 fps guess says frame 7; the picture on screen is frame 5 (shown from 0.2333 s).
    expect(frameAtTime(index, 0.25)).toBe(5);
    expect(frameAtTime(index, times[4]!)).toBe(4);
    expect(frameAtTime(index, times[4]! - 1e-9)).toBe(3);
    expect(frameAtTime(index, -1)).toBe(0);
    expect(frameAtTime(index, 100)).toBe(7);
  });

  it('decodes from the keyframe at or before the frame', () => {
    expect(keyframeFor(index, 0)).toBe(0);
    expect(keyframeFor(index, 4)).toBe(0);
    expect(keyframeFor(index, 5)).toBe(5);
    expect(keyframeFor(index, 7)).toBe(5);
    expect(decodeRun(index, 7)).toEqual({ target: 7, keyframe: 5, firstDecode: 5, lastDecode: 7, yields: [5, 6, 7], bytes: 0 });
  });
});

describe('frame index: B-frames', () => {
  // Display order I0 B1 B2 P3 B4 B5 P6 | I7 B8 P9, 25 fps; decode order I0 P3 B1 B2 P6 B4 B5 I7 P9 B8.
  const fps = 25;
  const decodeOrder = [0, 3, 1, 2, 6, 4, 5, 7, 9, 8];
  const samples = decodeOrder.map((shown) => sample(shown / fps, shown === 0 || shown === 7, 1 / fps));
  const index = buildFrameIndex(samples);

  it('lists frames in presentation order with their decode positions', () => {
    expect(index.frames.map((frame) => frame.decodeIndex)).toEqual([0, 2, 3, 1, 5, 6, 4, 7, 9, 8]);
    expect(index.presentationOf).toEqual(decodeOrder);
    expect(index.frames.map((frame) => frame.key)).toEqual([true, false, false, false, false, false, false, true, false, false]);
  });

  it('feeds decode order up to the frame, and says which frames come out', () => {
    // B2 needs I0, P3 and B1 fed before it; what comes out is I0, B1, B2, P3.
    expect(decodeRun(index, 2)).toEqual({ target: 2, keyframe: 0, firstDecode: 0, lastDecode: 3, yields: [0, 1, 2, 3], bytes: 0 });
    // P3 is decoded second: only I0 and P3 come out.
    expect(decodeRun(index, 3)).toEqual({ target: 3, keyframe: 0, firstDecode: 0, lastDecode: 1, yields: [0, 3], bytes: 0 });
    expect(decodeRun(index, 8)).toEqual({ target: 8, keyframe: 7, firstDecode: 7, lastDecode: 9, yields: [7, 8, 9], bytes: 0 });
    expect(keyframeFor(index, 6)).toBe(0);
  });

  it('runs on through later frames when asked, across a keyframe, without restarting', () => {
    // Through 5: B5 is fed seventh (decode 6), after P6 (decode 4) that it refers to, so 0..6 come out.
    expect(decodeRun(index, 3, 5)).toEqual({ target: 3, keyframe: 0, firstDecode: 0, lastDecode: 6, yields: [0, 1, 2, 3, 4, 5, 6], bytes: 0 });
    expect(decodeRun(index, 6, 8).lastDecode).toBe(9);
    // Past the end it stops at the last frame; before the target it is the plain run.
    expect(decodeRun(index, 8, 99)).toEqual({ target: 8, keyframe: 7, firstDecode: 7, lastDecode: 9, yields: [7, 8, 9], bytes: 0 });
    expect(decodeRun(index, 2, 0)).toEqual(decodeRun(index, 2));
  });

  it('does not depend on the order of equal-time checks: every frame has exactly one decode position', () => {
    const seen = new Set(index.frames.map((frame) => frame.decodeIndex));
    expect(seen.size).toBe(samples.length);
  });
});

describe('frame index: open GOP', () => {
  // I0 P1 P2 | I5 then leading B3 B4 (shown before I5, may refer to P2), then P6.
  // Decode order: I0 P1 P2 I5 B3 B4 P6.
  const samples = [sample(0, true), sample(1), sample(2), sample(5, true), sample(3), sample(4), sample(6)];
  const index = buildFrameIndex(samples);

  it('decodes a leading picture from the keyframe before its own', () => {
    expect(keyframeFor(index, 3)).toBe(0);
    expect(decodeRun(index, 4)).toEqual({ target: 4, keyframe: 0, firstDecode: 0, lastDecode: 5, yields: [0, 1, 2, 3, 4, 5], bytes: 0 });
  });

  it('does not trust leading pictures decoded without the group before', () => {
    expect(decodeRun(index, 6)).toEqual({ target: 6, keyframe: 5, firstDecode: 3, lastDecode: 6, yields: [5, 6], bytes: 0 });
  });
});

describe('frame index: bad tables', () => {
  it('refuses an empty track', () => {
    expect(codeOf(() => buildFrameIndex([]))).toBe('no_frames');
  });

  it('refuses a track that does not start with a keyframe', () => {
    expect(codeOf(() => buildFrameIndex([sample(0), sample(0.1, true)]))).toBe('bad_timestamps');
  });

  it('refuses two frames at the same time and times that are not numbers', () => {
    expect(codeOf(() => buildFrameIndex([sample(0, true), sample(0.1), sample(0.1)]))).toBe('bad_timestamps');
    expect(codeOf(() => buildFrameIndex([sample(0, true), sample(Number.NaN)]))).toBe('bad_timestamps');
  });

  it('sorts timestamps that go backwards in decode order into presentation order', () => {
    const index = buildFrameIndex([sample(0.2, true), sample(0.1), sample(0)]);
    expect(index.frames.map((frame) => frame.timestamp)).toEqual([0, 0.1, 0.2]);
    // Frames shown before the only keyframe can only be decoded from it, and are not trusted.
    expect(decodeRun(index, 0).yields).toEqual([2]);
  });

  it('answers frame_out_of_range for a frame the video does not have', () => {
    const index = buildFrameIndex([sample(0, true), sample(0.1)]);
    expect(codeOf(() => decodeRun(index, 2))).toBe('frame_out_of_range');
    expect(codeOf(() => keyframeFor(index, -1))).toBe('frame_out_of_range');
    expect(codeOf(() => decodeRun(index, 0.5))).toBe('frame_out_of_range');
  });
});
