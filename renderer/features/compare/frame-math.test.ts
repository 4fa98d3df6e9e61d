import { describe, expect, it } from 'vitest';
import {
  fallbackFrameRate,
  followerCorrection,
  formatClock,
  frameAt,
  frameRateOf,
  framesOfSeconds,
  lastFrame,
  midFrameTime,
  nextSpeed,
  paneFrameAt,
  panePlayTime,
  paneSeekTarget,
  timelineAt,
  timelineOfLeaderFrame,
} from './frame-math';

describe('frames and times', () => {
  it('counts frame 125 at 5 s of 25 fps video, even when the time comes back a hair short', () => {
    expect(frameAt(5, 25)).toBe(125);
    expect(frameAt(125 / 25 - 1e-9, 25)).toBe(125);
    expect(frameAt(5.039, 25)).toBe(125);
    expect(frameAt(5.04, 25)).toBe(126);
    // 29.97 fps: frame 300 starts at 10.01 s.
    expect(frameAt(300 / (30000 / 1001), 30000 / 1001)).toBe(300);
  });

  it('seeks to the middle of a frame, so rounded container timestamps cannot land on its neighbour', () => {
    expect(midFrameTime(125, 25)).toBeCloseTo(5.02, 10);
    expect(frameAt(midFrameTime(125, 25), 25)).toBe(125);
    expect(midFrameTime(-3, 25)).toBeCloseTo(0.02, 10);
  });

  it('knows the last frame of a video', () => {
    expect(lastFrame(10, 25)).toBe(249);
    expect(lastFrame(10.02, 25)).toBe(250);
    expect(lastFrame(0, 25)).toBe(0);
  });

  it('uses the metadata frame rate, else 30', () => {
    expect(frameRateOf({ frameRate: 25 })).toBe(25);
    expect(frameRateOf({ frameRate: null })).toBe(fallbackFrameRate);
    expect(frameRateOf(null)).toBe(30);
    expect(frameRateOf({ frameRate: Number.NaN })).toBe(30);
  });
});

describe('the shared timeline with offsets', () => {
  const leader = { fps: 25, offsetFrames: 0 };

  it('shows frame n + 5 in a pane offset by +5 frames when the leader shows frame n', () => {
    const timeline = timelineOfLeaderFrame(100, leader);
    expect(paneFrameAt(timeline, leader)).toBe(100);
    expect(paneFrameAt(timeline, { fps: 25, offsetFrames: 5 })).toBe(105);
    expect(frameAt(paneSeekTarget(timeline, { fps: 25, offsetFrames: 5 }, 60), 25)).toBe(105);
    expect(frameAt(paneSeekTarget(timeline, { fps: 25, offsetFrames: -5 }, 60), 25)).toBe(95);
  });

  it("keeps the timeline when the leader's own offset moves it", () => {
    const shifted = { fps: 25, offsetFrames: 3 };
    const timeline = timelineAt(midFrameTime(50, 25), shifted);
    expect(paneFrameAt(timeline, shifted)).toBe(50);
    expect(paneFrameAt(timeline, { fps: 25, offsetFrames: 0 })).toBe(47);
  });

  it('steps each pane by its own frame rate while the leader sets the time', () => {
    const timeline = timelineOfLeaderFrame(60, leader); // 2.42 s
    const fast = { fps: 60, offsetFrames: 0 };
    expect(paneFrameAt(timeline, fast)).toBe(145);
    expect(frameAt(paneSeekTarget(timeline, fast, 30), 60)).toBe(145);
    // The target is the middle of that 60 fps frame, not of the leader's.
    expect(paneSeekTarget(timeline, fast, 30)).toBeCloseTo(145.5 / 60, 10);
  });

  it('holds a pane at its first and last frames when the offset reaches past either end', () => {
    expect(paneSeekTarget(timelineOfLeaderFrame(2, leader), { fps: 25, offsetFrames: -10 }, 10)).toBeCloseTo(0.02, 10);
    expect(frameAt(paneSeekTarget(timelineOfLeaderFrame(245, leader), { fps: 25, offsetFrames: 10 }, 10), 25)).toBe(249);
  });

  it('places a playing pane continuously, offset by its own frames', () => {
    expect(panePlayTime(4, { fps: 25, offsetFrames: 5 })).toBeCloseTo(4.2, 10);
    expect(panePlayTime(4, { fps: 50, offsetFrames: 5 })).toBeCloseTo(4.1, 10);
  });

  it('turns a typed offset in seconds into whole frames of that pane', () => {
    expect(framesOfSeconds(0.2, 25)).toBe(5);
    expect(framesOfSeconds(-0.21, 25)).toBe(-5);
    expect(framesOfSeconds(1, 29.97)).toBe(30);
  });
});

describe('keeping a playing follower in sync', () => {
  const base = { duration: 60, fps: 25, rate: 1, currentRate: 1, seeking: false };

  it('leaves a follower alone within half a frame, and puts its rate back once it is there', () => {
    expect(followerCorrection({ ...base, followerTime: 10.015, target: 10 })).toEqual({ kind: 'none' });
    expect(followerCorrection({ ...base, followerTime: 10.015, target: 10, currentRate: 0.9 })).toEqual({ kind: 'nudge', playbackRate: 1 });
  });

  it('nudges a follower a little behind to play faster, and one a little ahead to play slower', () => {
    const behind = followerCorrection({ ...base, followerTime: 9.95, target: 10 });
    const ahead = followerCorrection({ ...base, followerTime: 10.05, target: 10 });
    expect(behind.kind).toBe('nudge');
    expect(ahead.kind).toBe('nudge');
    expect(behind.kind === 'nudge' && behind.playbackRate).toBeGreaterThan(1);
    expect(ahead.kind === 'nudge' && ahead.playbackRate).toBeLessThan(1);
    // Never by more than a quarter of the chosen speed, at any speed.
    const slow = followerCorrection({ ...base, rate: 0.1, currentRate: 0.1, followerTime: 9.9, target: 10 });
    expect(slow.kind === 'nudge' && slow.playbackRate).toBeCloseTo(0.125, 10);
  });

  it('moves a follower that is far off, rather than racing to catch up', () => {
    expect(followerCorrection({ ...base, followerTime: 8, target: 10 })).toEqual({ kind: 'seek', to: 10 });
  });

  it('waits for a follower still seeking, and holds one whose time is outside its video', () => {
    expect(followerCorrection({ ...base, followerTime: 8, target: 10, seeking: true })).toEqual({ kind: 'none' });
    expect(followerCorrection({ ...base, followerTime: 0, target: -0.4 })).toEqual({ kind: 'hold', at: 0 });
    expect(followerCorrection({ ...base, followerTime: 60, target: 61 })).toEqual({ kind: 'hold', at: 60 });
  });
});

describe('speeds and the readout', () => {
  it('steps through the offered speeds and stops at 0.1× and 4×', () => {
    expect(nextSpeed(1, 1)).toBe(1.5);
    expect(nextSpeed(1, -1)).toBe(0.75);
    expect(nextSpeed(4, 1)).toBe(4);
    expect(nextSpeed(0.1, -1)).toBe(0.1);
    expect(nextSpeed(1.2, 1)).toBe(1.5);
  });

  it('writes times as mm:ss.mmm, with hours when there are any', () => {
    expect(formatClock(5)).toBe('00:05.000');
    expect(formatClock(65.0204)).toBe('01:05.020');
    expect(formatClock(3725.5)).toBe('1:02:05.500');
    expect(formatClock(-1)).toBe('00:00.000');
  });
});
