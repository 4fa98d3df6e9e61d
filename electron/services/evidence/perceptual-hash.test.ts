import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { hammingDistance, hashHalves, perceptualHashOfGray32, popcount32 } from '../../../shared/media/perceptual-hash';
import { imagePerceptualHash } from './perceptual-hash';
import { seededFraction } from '../../../test/support/random';

const width = 640;
const height = 480;

type Paint = (x: number, y: number) => [number, number, number];

/** A PNG painted from coordinates in 0..1, with seeded noise so it is not a flat drawing. */
async function scene(paint: Paint, seed: number): Promise<Buffer> {
  const random = seededFraction(seed);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const noise = (random() - 0.5) * 40;
      const colour = paint(x / width, y / height).map((channel) => Math.max(0, Math.min(255, channel + noise)));
      pixels.set(colour, (y * width + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

function inEllipse(x: number, y: number, cx: number, cy: number, r: number): boolean {
  return (x - cx) ** 2 + ((y - cy) * 0.75) ** 2 < r * r;
}

/** A gradient with a yellow disc and a dark box: stands in for a product photo. */
const product: Paint = (x, y) =>
  inEllipse(x, y, 0.3, 0.45, 0.2) ? [250, 220, 40] : x > 0.6 && x < 0.85 && y > 0.6 && y < 0.9 ? [20, 30, 90] : [255 * x, 80 + 100 * y, 120];

/** Sky, grass and a dark sun: a different picture altogether. */
const landscape: Paint = (x, y) => (inEllipse(x, y, 0.7, 0.3, 0.15) ? [20, 20, 20] : y > 0.55 ? [40, 110, 40] : [120 + 100 * y, 170, 235]);

/** The DCT-II written straight from its definition, to check the separable one in the module. */
function referenceHash(pixels: Uint8Array): string {
  const n = 32;
  const alpha = (k: number) => (k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n));
  const corner: number[] = [];
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let sum = 0;
      for (let y = 0; y < n; y++) {
        for (let x = 0; x < n; x++) {
          sum += pixels[y * n + x]! * Math.cos((Math.PI * (2 * y + 1) * u) / (2 * n)) * Math.cos((Math.PI * (2 * x + 1) * v) / (2 * n));
        }
      }
      corner.push(alpha(u) * alpha(v) * sum);
    }
  }
  const median = corner.slice(1).sort((a, b) => a - b)[31]!;
  const bits = corner.map((value) => (value > median ? '1' : '0')).join('');
  return BigInt(`0b${bits}`).toString(16).padStart(16, '0');
}

describe('perceptualHashOfGray32', () => {
  it('matches the DCT-II computed from its definition', () => {
    const random = seededFraction(3);
    for (let trial = 0; trial < 5; trial++) {
      const pixels = Uint8Array.from({ length: 1024 }, (_, i) => Math.round(127 + 60 * Math.sin(i / (7 + trial)) + 60 * random()));
      expect(perceptualHashOfGray32(pixels)).toBe(referenceHash(pixels));
    }
  });

  it('sets the DC bit and 31 of the 63 other bits, and ignores brightness and contrast', () => {
    const random = seededFraction(4);
    const pixels = Uint8Array.from({ length: 1024 }, () => Math.floor(200 * random()));
    const hash = perceptualHashOfGray32(pixels);
    const [high, low] = hashHalves(hash);
    expect(popcount32(high) + popcount32(low)).toBe(32);
    expect(high >>> 31).toBe(1);
    expect(perceptualHashOfGray32(Float64Array.from(pixels, (value) => 0.5 * value + 40))).toBe(hash);
  });

  it('gives every flat picture the same hash, and a black one no bits', () => {
    expect(perceptualHashOfGray32(new Uint8Array(1024).fill(137))).toBe('8000000000000000');
    expect(perceptualHashOfGray32(new Uint8Array(1024).fill(255))).toBe('8000000000000000');
    expect(perceptualHashOfGray32(new Uint8Array(1024))).toBe('0000000000000000');
  });

  it('refuses anything but 32 × 32 pixels', () => {
    expect(() => perceptualHashOfGray32(new Uint8Array(1000))).toThrow(/1024/);
  });
});

describe('hammingDistance', () => {
  it('counts differing bits across both halves, in either case', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance('00000000ffffffff', 'ffffffff00000000')).toBe(64);
    expect(hammingDistance('C9163F699468C7C3', 'c9163f699468c7c3')).toBe(0);
    expect(hammingDistance('0f0f0f0f0f0f0f0f', '0f0f0f0f0f0f0f0e')).toBe(1);
  });

  it('throws on something that is not a 64-bit hash', () => {
    expect(() => hammingDistance('abc', '0000000000000000')).toThrow(/not a 64-bit/);
    expect(() => hammingDistance('000000000000000g', '0000000000000000')).toThrow(/not a 64-bit/);
  });
});

describe('imagePerceptualHash', () => {
  let original: Buffer;
  let originalHash: string;
  beforeAll(async () => {
    original = await scene(product, 1);
    originalHash = await imagePerceptualHash(original);
  });

  it('returns 16 lowercase hex digits, the same for a file and its bytes', async () => {
    expect(originalHash).toMatch(/^[0-9a-f]{16}$/);
    expect(await imagePerceptualHash(Buffer.from(original))).toBe(originalHash);
  });

  it('stays within 10 bits when the picture is re-encoded as JPEG at quality 60 and halved', async () => {
    const copy = await sharp(original).resize(width / 2, height / 2).jpeg({ quality: 60 }).toBuffer();
    expect(hammingDistance(originalHash, await imagePerceptualHash(copy))).toBeLessThanOrEqual(10);
  });

  it('barely moves for a brightened copy or fresh noise', async () => {
    const brighter = await sharp(original).linear(1.1, 15).png().toBuffer();
    expect(hammingDistance(originalHash, await imagePerceptualHash(brighter))).toBeLessThanOrEqual(4);
    const renoised = await scene(product, 99);
    expect(hammingDistance(originalHash, await imagePerceptualHash(renoised))).toBeLessThanOrEqual(4);
  });

  it('is far from a different picture', async () => {
    const other = await imagePerceptualHash(await scene(landscape, 2));
    expect(hammingDistance(originalHash, other)).toBeGreaterThan(20);
  });

  it('hashes the picture upright, as its EXIF orientation says', async () => {
    const sideways = sharp(original).rotate(-90);
    const tagged = await sideways.clone().jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
    const untagged = await sideways.clone().jpeg({ quality: 90 }).toBuffer();
    expect(hammingDistance(originalHash, await imagePerceptualHash(tagged))).toBeLessThanOrEqual(4);
    expect(hammingDistance(originalHash, await imagePerceptualHash(untagged))).toBeGreaterThan(20);
  });

  it('flattens transparency onto white', async () => {
    const withAlpha = await sharp(original).ensureAlpha(1).png().toBuffer();
    expect(await imagePerceptualHash(withAlpha)).toBe(originalHash);
  });

  it('refuses, from the header alone, a picture claiming more than 100 megapixels', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer();
    // IHDR's width and height start at byte 16; its CRC covers the chunk type and data (bytes 12..28).
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    await expect(imagePerceptualHash(png)).rejects.toThrow(/pixel limit/i);
  });

  it('rejects bytes that are not a picture', async () => {
    await expect(imagePerceptualHash(Buffer.from('not a picture at all'))).rejects.toThrow();
  });
});
