import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecodedVideo } from './decoded-video';
import { buildFrameIndex, type FrameIndex } from './decoder/frame-index';
import { PlaybackSync } from './playback-sync';

// The transport with decoded panes, against stand-ins that record what they are asked to show:
// which frame each pane is put on is the arithmetic under test (frame-clock.ts does the mapping;
// this checks the transport uses it for steps, seeks, offsets, previews, notes and play).

/** A decoded pane's stand-in: shows what it is asked at once. */
class FakeDecoded {
  shown: number | undefined;
  played: number[] = [];
  listeners = new Set<(frame: number) => void>();
  constructor(readonly index: FrameIndex) {}
  show(frame: number): Promise<void> {
    this.shown = frame;
    for (const listener of this.listeners) listener(frame);
    return Promise.resolve();
  }
  playTo(frame: number): void {
    this.played.push(frame);
    this.shown = frame;
  }
  stopPlaying(): void {}
  prefetch(): void {}
  onDrawn(listener: (frame: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const asDecoded = (fake: FakeDecoded) => fake as unknown as DecodedVideo;

/** 10 frames at 30 fps, 10 at 15 fps, 20 at 60 fps; keyframes every 12th sample. */
const vfrTimes = Array.from({ length: 40 }, (_, n) => (n < 10 ? n / 30 : n < 20 ? 10 / 30 + (n - 10) / 15 : 10 / 30 + 10 / 15 + (n - 20) / 60));
const vfr = buildFrameIndex(vfrTimes.map((timestamp, n) => ({ timestamp, duration: 1 / 60, key: n % 12 === 0 })));
/** 2 s at 30 fps, a keyframe a second. */
const cfr = buildFrameIndex(Array.from({ length: 60 }, (_, n) => ({ timestamp: n / 30, duration: 1 / 30, key: n % 30 === 0 })));

async function settled(sync: PlaybackSync): Promise<void> {
  await sync.whenSettled();
  await Promise.resolve();
}

describe('the transport with decoded panes', () => {
  let sync: PlaybackSync;
  let leader: FakeDecoded;
  let follower: FakeDecoded;

  beforeEach(async () => {
    sync = new PlaybackSync();
    leader = new FakeDecoded(vfr);
    follower = new FakeDecoded(cfr);
    sync.setOrder(['vfr', 'cfr']);
    sync.registerDecoded('vfr', asDecoded(leader));
    sync.registerDecoded('cfr', asDecoded(follower));
    await settled(sync);
  });

  afterEach(() => sync.dispose());

  it("steps the leader by its samples and names each frame's container time", async () => {
    sync.step(12);
    await settled(sync);
    expect(leader.shown).toBe(12);
    expect(sync.getState()).toMatchObject({ leaderFrame: 12, leaderKey: 'vfr' });
    expect(sync.getState().leaderTime).toBeCloseTo(vfrTimes[12]!, 9);
    // The 30 fps pane shows its frame at 0.4667 s: 14 (its frame 14 starts then).
    expect(follower.shown).toBe(14);
    sync.step(-100);
    await settled(sync);
    expect(leader.shown).toBe(0);
  });

  it('moves a pane by its offset in its own frames, the leader staying', async () => {
    sync.step(25);
    await settled(sync);
    sync.setOffset('cfr', 3);
    await settled(sync);
    expect(leader.shown).toBe(25);
    // 1.0833 s is the 30 fps pane's frame 32; three of its frames on is 35.
    expect(follower.shown).toBe(35);
    // An offset on the leader moves the leader, not the timeline.
    sync.setOffset('vfr', -2);
    await settled(sync);
    expect(leader.shown).toBe(23);
    expect(follower.shown).toBe(35);
  });

  it('seeks by time to the frame on screen then, and previews with the keyframe before it', async () => {
    sync.seek(0.5);
    await settled(sync);
    expect(leader.shown).toBe(12);
    sync.seek(1.25, { preview: true });
    await settled(sync);
    // 1.25 s is frame 35; the keyframe before it is 24, and the follower shows its own keyframe.
    expect(leader.shown).toBe(24);
    expect(follower.shown).toBe(30);
    sync.seek(1.25);
    await settled(sync);
    expect(leader.shown).toBe(35);
  });

  it("puts a pane on a note's frame, and says the frame a decoded pane is on", async () => {
    expect(sync.showPaneFrame('cfr', 40)).toBe(true);
    await settled(sync);
    expect(follower.shown).toBe(40);
    expect(sync.exactFrame('cfr')).toBe(40);
    // The leader shows what is on screen at the follower's 1.333 s: its last frame, 39.
    expect(leader.shown).toBe(39);
    expect(sync.paneTime('cfr')).toBeCloseTo(40 / 30, 9);
    expect(sync.showPaneFrame('nobody', 3)).toBe(false);
  });
});

describe('playing decoded panes', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'performance', 'setTimeout'] });
  });
  afterEach(() => vi.useRealTimers());

  it('runs the wall clock at the chosen speed, and pauses on the frame it reached', async () => {
    const sync = new PlaybackSync();
    const leader = new FakeDecoded(cfr);
    const follower = new FakeDecoded(vfr);
    sync.setOrder(['cfr', 'vfr']);
    sync.registerDecoded('cfr', asDecoded(leader));
    sync.registerDecoded('vfr', asDecoded(follower));
    sync.setRate(2);
    sync.play();
    vi.advanceTimersByTime(250);
    // Half a second of video in a quarter of a second: frame 15 of the 30 fps leader, about.
    expect(leader.played.at(-1)).toBeGreaterThanOrEqual(14);
    expect(leader.played.at(-1)).toBeLessThanOrEqual(16);
    sync.pause();
    await settled(sync);
    const paused = leader.shown!;
    expect(sync.getState()).toMatchObject({ playing: false, leaderFrame: paused });
    // The follower is on its frame for the same moment.
    expect(follower.shown).toBe(vfr.frames.findLastIndex((frame) => frame.timestamp <= paused / 30 + 1e-9));
    // Past the end it stops on the last frame.
    sync.play();
    vi.advanceTimersByTime(2_000);
    await settled(sync);
    expect(sync.getState().playing).toBe(false);
    expect(leader.shown).toBe(59);
    sync.dispose();
  });
});
