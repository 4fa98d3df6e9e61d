import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodedFrameAt, endedAt, frameAtSeconds, meanFrameRate, secondsOfFrame, timelineOfDecodedFrame } from './frame-clock';
import { buildFrameIndex } from './frame-index';

// A phone clip: 30 fps, a stall at 15 fps, then 60 fps; and a clip whose first frame is at 0.5 s.
const vfrTimes = [0, 1 / 30, 2 / 30, 3 / 30, 3 / 30 + 1 / 15, 3 / 30 + 2 / 15, 0.3 + 1 / 60, 0.3 + 2 / 60];
const vfr = buildFrameIndex(vfrTimes.map((timestamp, n) => ({ timestamp, duration: 1 / 30, key: n === 0 })));
const late = buildFrameIndex([0.5, 0.6, 0.7, 0.8].map((timestamp, n) => ({ timestamp, duration: 0.1, key: n === 0 })));

describe('a decoded pane on the shared timeline', () => {
  it('shows the frame the container times say, where time × fps would pick another', () => {
    // At 0.25 s a 30 fps guess says frame 7; the picture on screen is frame 5.
    expect(decodedFrameAt(vfr, 0, 0.25)).toBe(5);
    expect(decodedFrameAt(vfr, 0, vfrTimes[4]!)).toBe(4);
  });

  it('shifts by whole frames of its own, and stays inside the video', () => {
    expect(decodedFrameAt(vfr, 2, vfrTimes[3]!)).toBe(5);
    expect(decodedFrameAt(vfr, -2, vfrTimes[1]!)).toBe(0);
    expect(decodedFrameAt(vfr, 3, vfrTimes[7]!)).toBe(7);
  });

  it('counts mean frames before the first and after the last, so an offset moves the start', () => {
    // 4 frames over 0.4 s: a mean frame is 0.1 s.
    expect(meanFrameRate(late)).toBeCloseTo(10, 9);
    expect(frameAtSeconds(late, 0.3)).toBe(-2);
    expect(frameAtSeconds(late, 0.95)).toBe(4);
    expect(secondsOfFrame(late, -2)).toBeCloseTo(0.3, 12);
    expect(secondsOfFrame(late, 5)).toBeCloseTo(1.0, 12);
    expect(endedAt(late, 0, 0.85)).toBe(false);
    expect(endedAt(late, 0, 0.9)).toBe(true);
    expect(endedAt(late, 1, 0.8)).toBe(true);
  });

  it('puts the timeline where a frame starts, and reads the same frame back from it, for any offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: vfrTimes.length - 1 }), (offset, frame) => {
        const timeline = timelineOfDecodedFrame(vfr, offset, frame);
        expect(decodedFrameAt(vfr, offset, timeline)).toBe(frame);
      }),
    );
  });
});
