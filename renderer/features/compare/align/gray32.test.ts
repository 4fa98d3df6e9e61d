import { describe, expect, it } from 'vitest';
import { perceptualHashOfGray32 } from '../../../../shared/media/perceptual-hash';
import { grayOfRgba, lumaWeightsOf } from './gray32';

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
