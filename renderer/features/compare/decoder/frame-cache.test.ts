import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameCache, frameBytes } from './frame-cache';

/** A stand-in for a VideoFrame that counts how often it is closed. */
class FakeFrame {
  closes = 0;
  constructor(
    readonly id: number,
    readonly codedWidth = 100,
    readonly codedHeight = 100,
    readonly size?: number,
  ) {}

  allocationSize(): number {
    if (this.size === undefined) throw new DOMException('no format', 'NotSupportedError');
    return this.size;
  }

  close(): void {
    this.closes += 1;
  }
}

describe('frame bytes', () => {
  it('uses allocationSize, and width × height × 1.5 when a frame cannot say', () => {
    expect(frameBytes(new FakeFrame(0, 100, 100, 40_000))).toBe(40_000);
    expect(frameBytes(new FakeFrame(0, 1920, 1080))).toBe(1920 * 1080 * 1.5);
    expect(frameBytes({ codedWidth: 2, codedHeight: 2, close: () => undefined })).toBe(6);
  });
});

describe('frame cache', () => {
  const bytesEach = 100 * 100 * 1.5;

  it('evicts the frame farthest from the playhead first, closing it at once', () => {
    const cache = new FrameCache<FakeFrame>(bytesEach * 3);
    cache.setPlayhead(10);
    const frames = [8, 10, 12].map((index) => new FakeFrame(index));
    frames.forEach((frame) => cache.put(frame.id, frame));
    const near = new FakeFrame(11);
    expect(cache.put(11, near)).toBe(true);
    // 8 and 12 are both two away: the one behind the playhead goes.
    expect(cache.indices()).toEqual([10, 11, 12]);
    expect(frames.map((frame) => frame.closes)).toEqual([1, 0, 0]);
    const far = new FakeFrame(40);
    expect(cache.put(40, far)).toBe(false);
    expect(far.closes).toBe(1);
    expect(cache.bytes).toBe(bytesEach * 3);
  });

  it('closes a replaced frame, but not when the same frame is put again', () => {
    const cache = new FrameCache<FakeFrame>(bytesEach * 4);
    const first = new FakeFrame(1);
    const second = new FakeFrame(1);
    cache.put(1, first);
    cache.put(1, first);
    expect(first.closes).toBe(0);
    cache.put(1, second);
    expect(first.closes).toBe(1);
    expect(cache.get(1)).toBe(second);
    expect(cache.bytes).toBe(bytesEach);
  });

  it('closes every frame on delete and clear, and is empty after', () => {
    const cache = new FrameCache<FakeFrame>(bytesEach * 4);
    const frames = [0, 1, 2].map((index) => new FakeFrame(index));
    frames.forEach((frame) => cache.put(frame.id, frame));
    cache.delete(1);
    cache.delete(7);
    expect(frames.map((frame) => frame.closes)).toEqual([0, 1, 0]);
    cache.clear();
    expect(frames.map((frame) => frame.closes)).toEqual([1, 1, 1]);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('closes a frame larger than the whole budget instead of keeping it', () => {
    const cache = new FrameCache<FakeFrame>(1000);
    const huge = new FakeFrame(0, 4000, 4000);
    expect(cache.put(0, huge)).toBe(false);
    expect(huge.closes).toBe(1);
    expect(cache.size).toBe(0);
  });

  it('refuses a budget that is not positive', () => {
    expect(() => new FrameCache(0)).toThrow(RangeError);
  });

  it('over 1000 random operations leaks no frame, closes none twice, and stays within budget', () => {
    type Step =
      | { kind: 'put'; index: number; width: number; height: number; sized: boolean }
      | { kind: 'playhead'; index: number }
      | { kind: 'delete'; index: number }
      | { kind: 'reput'; index: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 8, arbitrary: fc.record({ kind: fc.constant('put' as const), index: fc.integer({ min: 0, max: 300 }), width: fc.integer({ min: 16, max: 640 }), height: fc.integer({ min: 16, max: 480 }), sized: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('playhead' as const), index: fc.integer({ min: 0, max: 300 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), index: fc.integer({ min: 0, max: 300 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('reput' as const), index: fc.integer({ min: 0, max: 300 }) }) },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1000, maxLength: 1000 }), fc.integer({ min: 200_000, max: 3_000_000 }), (steps, budget) => {
        const cache = new FrameCache<FakeFrame>(budget);
        const made: FakeFrame[] = [];
        let puts = 0;
        for (const [n, action] of steps.entries()) {
          switch (action.kind) {
            case 'put': {
              const frame = new FakeFrame(n, action.width, action.height, action.sized ? action.width * action.height * 1.5 + 64 : undefined);
              made.push(frame);
              const before = new Map(cache.indices().map((index) => [index, cache.get(index)!]));
              const kept = cache.put(action.index, frame);
              puts += 1;
              // What a put evicts is never nearer the playhead than what it keeps.
              const distance = (index: number) => Math.abs(index - cache.playhead);
              const evicted = [...before].filter(([index, held]) => index !== action.index && cache.get(index) !== held).map(([index]) => distance(index));
              if (!kept) evicted.push(distance(action.index));
              const keptDistances = cache.indices().map(distance);
              if (evicted.length > 0 && keptDistances.length > 0) expect(Math.min(...evicted)).toBeGreaterThanOrEqual(Math.max(...keptDistances));
              expect(kept).toBe(cache.get(action.index) === frame);
              if (!kept) expect(frame.closes).toBe(1);
              break;
            }
            case 'playhead':
              cache.setPlayhead(action.index);
              break;
            case 'delete':
              cache.delete(action.index);
              expect(cache.has(action.index)).toBe(false);
              break;
            case 'reput': {
              const held = cache.get(action.index);
              if (held) expect(cache.put(action.index, held)).toBe(true);
              break;
            }
          }
          expect(cache.bytes).toBeLessThanOrEqual(budget);
          const held = new Set(cache.indices().map((index) => cache.get(index)!));
          expect(cache.bytes).toBe([...held].reduce((sum, frame) => sum + frameBytes(frame), 0));
          // One expect per step: every frame made is either held and open, or gone and closed once.
          const wrong = made.filter((frame) => frame.closes !== (held.has(frame) ? 0 : 1)).map((frame) => [frame.id, frame.closes]);
          expect(wrong).toEqual([]);
        }
        expect(puts).toBe(made.length);
        cache.clear();
        for (const frame of made) expect(frame.closes).toBe(1);
      }),
      { numRuns: 5 },
    );
  });
});
