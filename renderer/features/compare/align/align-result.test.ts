import { describe, expect, it } from 'vitest';
import { alignWindows } from './align-result';

/** A scene of `length` unrelated pictures, as hashes: frame t of the event shows scene[t]. */
function scene(length: number, seed: number): string[] {
  // mulberry32, as test/support/random.ts (which the renderer's tests may not import).
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  return Array.from({ length }, () => next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0'));
}

const cost = { framesHashed: 0, hashMilliseconds: 0 };

describe('aligning two hashed windows', () => {
  const event = scene(600, 19);
  // The original shows event frame i as its frame i; the trimmed copy starts 37 frames in.
  const original = (from: number, count: number) => ({ startFrame: from, hashes: event.slice(from, from + count) });
  const trimmed = (from: number, count: number) => ({ startFrame: from, hashes: event.slice(from + 37, from + 37 + count) });

  it('finds a copy trimmed 37 frames in at +37: its frame f shows the original’s frame f + 37', () => {
    const result = alignWindows(original(0, 300), trimmed(0, 300), cost);
    expect(result).toMatchObject({ ok: true, suggestion: { offsetFrames: 37, meanDistance: 0, overlap: 263, confidence: 'high' } });
  });

  it('counts the offset in whole videos’ frames, wherever each window starts', () => {
    const result = alignWindows(original(100, 300), trimmed(10, 300), cost);
    expect(result).toMatchObject({ ok: true, suggestion: { offsetFrames: 37, confidence: 'high' } });
    // Given the other way round, the sign turns: the original's frame f is the copy's f − 37.
    expect(alignWindows(trimmed(10, 300), original(100, 300), cost)).toMatchObject({ ok: true, suggestion: { offsetFrames: -37 } });
  });

  it('gives the difference track by the second video’s frames, null where the first has none', () => {
    const result = alignWindows(original(100, 300), trimmed(10, 300), cost);
    if (!result.ok) throw new Error(result.problem.code);
    expect(result.track.startFrame).toBe(10);
    expect(result.track.distances).toHaveLength(300);
    // The copy's frame 10 + k is the original's 47 + k, which the window from 100 has for k ≥ 53.
    expect(result.track.distances.slice(0, 53).every((distance) => distance === null)).toBe(true);
    expect(result.track.distances.slice(53).every((distance) => distance === 0)).toBe(true);
  });

  it('answers too few frames as a problem, not an exception', () => {
    expect(alignWindows(original(0, 5), trimmed(0, 300), cost)).toEqual({ ok: false, problem: { code: 'too_few_frames', minimum: 8 } });
  });

  it('says low for unrelated videos', () => {
    const other = scene(300, 7);
    expect(alignWindows(original(0, 300), { startFrame: 0, hashes: other }, cost)).toMatchObject({ ok: true, suggestion: { confidence: 'low' } });
  });
});
