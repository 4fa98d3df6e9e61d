import { describe, expect, it } from 'vitest';
import { absoluteDifference, differenceSize } from './difference';

describe('the difference view', () => {
  it('writes the absolute difference per channel, opaque', () => {
    const a = new Uint8ClampedArray([10, 200, 0, 255, 50, 50, 50, 0]);
    const b = new Uint8ClampedArray([30, 100, 0, 255, 50, 50, 50, 128]);
    const out = new Uint8ClampedArray(8);
    absoluteDifference(a, b, out);
    expect([...out]).toEqual([20, 100, 0, 255, 0, 0, 0, 255]);
  });

  it('computes at the first picture size, halving a 4K frame', () => {
    expect(differenceSize({ width: 640, height: 360 })).toEqual({ width: 640, height: 360 });
    expect(differenceSize({ width: 3840, height: 2160 })).toEqual({ width: 1920, height: 1080 });
    expect(differenceSize({ width: 0, height: 0 })).toEqual({ width: 0, height: 0 });
  });
});
