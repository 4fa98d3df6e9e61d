import { describe, expect, it } from 'vitest';
import { perceptualHashOfGray32 } from '../../../../shared/media/perceptual-hash';
import { areaGray32, grayOfRgba, lumaWeightsOf } from './gray32';

function rgbaOf(pixel: (x: number, y: number) => [number, number, number]): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(32 * 32 * 4);
  for (let y = 0; y < 32; y += 1) {
    for (let x = 0; x < 32; x += 1) rgba.set([...pixel(x, y), 255], (y * 32 + x) * 4);
  }
  return rgba;
}

describe('gray of a 32 × 32 frame', () => {
  it('weighs R, G and B by the matrix the video was coded with, BT.601 when it names none', () => {
    expect(lumaWeightsOf('bt709')).toEqual([0.2126, 0.7152, 0.0722]);
    expect(lumaWeightsOf('smpte170m')).toEqual([0.299, 0.587, 0.114]);
    expect(lumaWeightsOf(null)).toEqual([0.299, 0.587, 0.114]);
    expect(lumaWeightsOf('rgb')).toEqual([0.299, 0.587, 0.114]);
  });

  it('gives gray pixels their own value and pure green most of its weight', () => {
    const gray = grayOfRgba(rgbaOf((x) => (x < 16 ? [100, 100, 100] : [0, 255, 0])), lumaWeightsOf('bt709'));
    expect(gray[0]).toBeCloseTo(100, 6);
    expect(gray[31]).toBeCloseTo(0.7152 * 255, 6);
  });

  it('hashes the same whatever the brightness scale, as ffmpeg’s limited-range luma and the canvas’s full range differ', () => {
    const scene = (x: number, y: number): [number, number, number] => [(x * 7 + y * 3) % 200, (x * y) % 180, (x + 2 * y) % 160];
    const full = perceptualHashOfGray32(grayOfRgba(rgbaOf(scene), lumaWeightsOf('bt709')));
    const limited = perceptualHashOfGray32(grayOfRgba(rgbaOf(scene), lumaWeightsOf('bt709')).map((value) => 16 + (value * 219) / 255));
    expect(limited).toBe(full);
  });

  it('refuses a picture of the wrong size', () => {
    expect(() => grayOfRgba(new Uint8ClampedArray(16), lumaWeightsOf(null))).toThrow(/1024 RGBA pixels/);
  });
});

describe('area average of a luma plane', () => {
  function plane(width: number, height: number, value: (x: number, y: number) => number, stride = width, offset = 0) {
    const data = new Uint8Array(offset + stride * height);
    for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data[offset + y * stride + x] = value(x, y);
    return { data, offset, stride, width, height };
  }

  it('averages whole blocks when the size is a multiple of 32, reading past the stride padding', () => {
    // 64 × 64: each output pixel is a 2 × 2 block; the block at (x, y) holds x + y and x + y + 2.
    const gray = areaGray32(plane(64, 64, (x, y) => Math.floor(x / 2) + Math.floor(y / 2) + (x % 2) * 2, 80, 16));
    expect(gray[0]).toBeCloseTo(1, 9);
    expect(gray[5 * 32 + 7]).toBeCloseTo(13, 9);
  });

  it('counts a pixel split between two outputs by the share in each, as ffmpeg’s area scaling does', () => {
    // 48 wide: each output column is 1.5 source columns. Columns alternate 0 and 90.
    const gray = areaGray32(plane(48, 32, (x) => (x % 2) * 90));
    // Output 0 covers column 0 (0) and half of column 1 (90): (0 + 45) / 1.5 = 30.
    expect(gray[0]).toBeCloseTo(30, 9);
    // Output 1 covers the other half of column 1 (90) and column 2 (0): 45 / 1.5 = 30.
    expect(gray[1]).toBeCloseTo(30, 9);
    // A flat picture stays flat at any size.
    expect([...areaGray32(plane(1920, 1080, () => 77))].every((value) => Math.abs(value - 77) < 1e-9)).toBe(true);
  });

  it('stretches a picture smaller than 32 to the square', () => {
    const gray = areaGray32(plane(16, 8, (x, y) => x * 10 + y));
    expect(gray[0]).toBeCloseTo(0, 9);
    expect(gray[1]).toBeCloseTo(0, 9);
    expect(gray[31 * 32 + 31]).toBeCloseTo(157, 9);
  });
});
