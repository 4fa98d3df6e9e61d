import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { setLogSink, type LogSink } from '../../shared/logger';
import { generateDemoMedia } from './media';
import { defaultFfmpeg } from './videos';

const MiB = 1024 * 1024;
const ffmpegFound = spawnSync(defaultFfmpeg(), ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout?.includes('libx264') ?? false;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('generateDemoMedia photos', () => {
  // Six photos: 0 to 3 regular (1 and 3 "edited"), 4 the oversized original, 5 the near-duplicate of 0.
  let made: Awaited<ReturnType<typeof generateDemoMedia>>;
  beforeAll(async () => {
    made = await generateDemoMedia({ seed: 7, photos: 6, videos: 0 });
  }, 30_000);

  it('are real JPEGs of the documented sizes, named by the SHA-256 of their bytes', async () => {
    const { items } = made;
    expect(items).toHaveLength(6);
    const sizes = [[800, 600], [800, 600], [800, 600], [800, 600], [3264, 2448], [640, 480]];
    for (const [index, item] of items.entries()) {
      const metadata = await sharp(item.bytes).metadata();
      expect(metadata.format).toBe('jpeg');
      expect([metadata.width, metadata.height]).toEqual(sizes[index]);
      expect(item).toMatchObject({ kind: 'photo', mediaType: 'image/jpeg', sizeBytes: item.bytes.length, sha256: sha256(item.bytes) });
      expect(item.fileName).toMatch(/\.jpg$/);
    }
    expect(new Set(items.map((item) => item.sha256)).size).toBe(items.length);
  });

  it('include one over the 2 MB upload limit and the rest well under it', async () => {
    const { items } = made;
    expect(items[4]!.sizeBytes).toBeGreaterThan(2 * MiB);
    for (const item of items.filter((_, index) => index !== 4)) expect(item.sizeBytes).toBeLessThan(500_000);
  });

  it('name editing software in the EXIF of photos 1 and 3 only', async () => {
    const { items } = made;
    const software = await Promise.all(items.map(async (item) => (await sharp(item.bytes).metadata()).exif?.toString('latin1') ?? ''));
    expect(software[1]).toContain('Photoshop');
    expect(software[3]).toContain('GIMP');
    for (const index of [0, 2, 4, 5]) expect(software[index]).not.toMatch(/Photoshop|GIMP/);
  });

  it('make the last photo a near-duplicate of the first: other bytes, the same picture', async () => {
    const { items } = made;
    const [first, last] = [items[0]!, items[5]!];
    expect(last.bytes.equals(first.bytes)).toBe(false);
    const thumbnail = (bytes: Buffer) => sharp(bytes).resize(32, 24).greyscale().raw().toBuffer();
    const [a, b] = await Promise.all([thumbnail(first.bytes), thumbnail(last.bytes)]);
    const meanDifference = a.reduce((sum, value, index) => sum + Math.abs(value - b[index]!), 0) / a.length;
    expect(meanDifference).toBeLessThan(6);
    const other = await thumbnail(items[2]!.bytes);
    expect(other.reduce((sum, value, index) => sum + Math.abs(value - a[index]!), 0) / a.length).toBeGreaterThan(meanDifference);
  });

  it('come out byte for byte the same for the same seed and differ for another', { timeout: 30_000 }, async () => {
    const again = await generateDemoMedia({ seed: 7, photos: 3, videos: 0 });
    const other = await generateDemoMedia({ seed: 8, photos: 3, videos: 0 });
    const first = made.items.slice(0, 2).map((item) => item.sha256);
    expect(again.items.slice(0, 2).map((item) => item.sha256)).toEqual(first);
    expect(other.items.slice(0, 2).map((item) => item.sha256)).not.toEqual(first);
  });
});

describe('generateDemoMedia videos', () => {
  it('are skipped, and said to be, when ffmpeg is missing', async () => {
    const records: Parameters<LogSink>[0][] = [];
    const previous = setLogSink((record) => records.push(record));
    try {
      const result = await generateDemoMedia({ seed: 1, photos: 1, videos: 2, ffmpegPath: '/nonexistent/ffmpeg' });
      expect(result.ffmpeg).toBe(false);
      expect(result.items.map((item) => item.kind)).toEqual(['photo']);
    } finally {
      setLogSink(previous);
    }
    expect(records).toEqual([expect.objectContaining({ level: 'warn', module: 'demo-media', message: expect.stringContaining('no videos') })]);
  });

  it.skipIf(!ffmpegFound)('are real MP4 files, the last over 2 MB, when ffmpeg with libx264 comes with the desk or is on the PATH', { timeout: 60_000 }, async () => {
    const result = await generateDemoMedia({ seed: 3, photos: 0, videos: 3 });
    expect(result.ffmpeg).toBe(true);
    expect(result.items).toHaveLength(3);
    for (const item of result.items) {
      expect(item).toMatchObject({ kind: 'video', mediaType: 'video/mp4', sizeBytes: item.bytes.length, sha256: sha256(item.bytes) });
      expect(item.bytes.length).toBeGreaterThan(1000);
      expect(item.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    }
    expect(result.items[2]!.sizeBytes).toBeGreaterThan(2 * MiB);
    expect(result.items[0]!.sizeBytes).toBeLessThan(2_000_000);
  });
});
