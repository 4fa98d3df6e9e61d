import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegBinary } from './ffmpeg';
import { decodeFrameIndex, ffmpegFound, frameIndexPixels, writeFrameVideo, writeLargeFrameVideo } from './frame-video';
import { scenePixels } from './media';

const run = promisify(execFile);

/** Grey pixels as RGBA, as a canvas hands them over. */
function rgbaOfGrey(grey: Buffer): Buffer {
  const rgba = Buffer.alloc(grey.length * 4, 255);
  for (let i = 0; i < grey.length; i += 1) rgba.fill(grey[i]!, i * 4, i * 4 + 3);
  return rgba;
}

/** Frame `index` of a video, decoded by ffmpeg to RGBA at `size` (the video's own by default). */
async function frameOf(file: string, index: number, size?: { width: number; height: number }): Promise<Buffer> {
  const scale = size ? [`scale=${size.width}:${size.height}`] : [];
  const { stdout } = await run(
    ffmpegBinary,
    ['-v', 'error', '-i', file, '-vf', [`select=eq(n\\,${index})`, ...scale].join(','), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

describe('decodeFrameIndex', () => {
  it('reads back every index it is given, and wraps past 4095', () => {
    for (const index of [0, 1, 7, 255, 1000, 4095]) {
      expect(decodeFrameIndex(rgbaOfGrey(frameIndexPixels(index, 320, 180)), 320, 180)).toBe(index);
    }
    expect(decodeFrameIndex(rgbaOfGrey(frameIndexPixels(4100, 320, 180)), 320, 180)).toBe(4);
  });

  it('reads nothing from a picture that is not a frame-indexed frame', () => {
    const scene = scenePixels(4, 320, 180);
    const rgba = Buffer.alloc(320 * 180 * 4, 255);
    for (let i = 0; i < 320 * 180; i += 1) scene.copy(rgba, i * 4, i * 3, i * 3 + 3);
    expect(decodeFrameIndex(rgba, 320, 180)).toBeNull();
    expect(decodeFrameIndex(Buffer.alloc(320 * 180 * 4), 320, 180)).toBeNull();
  });

  it('reads nothing from two frames blended, as a frame caught half-painted would be', () => {
    const a = frameIndexPixels(5, 320, 180);
    const b = frameIndexPixels(6, 320, 180);
    const blend = Buffer.from(a.map((value, i) => Math.round((value + b[i]!) / 2)));
    expect(decodeFrameIndex(rgbaOfGrey(blend), 320, 180)).toBeNull();
  });
});

describe.skipIf(!ffmpegFound)('writeFrameVideo', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'frame-video-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips each frame index through H.264, at its own size and scaled', async () => {
    const file = path.join(dir, 'thirty.mp4');
    await writeFrameVideo(file, { frames: 30, fps: 30 });
    for (const index of [0, 7, 29]) {
      expect(decodeFrameIndex(await frameOf(file, index), 320, 180)).toBe(index);
    }
    expect(decodeFrameIndex(await frameOf(file, 7, { width: 1280, height: 720 }), 1280, 720)).toBe(7);
    expect(decodeFrameIndex(await frameOf(file, 29, { width: 288, height: 100 }), 288, 100)).toBe(29);
  });

  it('starts at the first index asked, in each codec', async () => {
    for (const codec of ['hevc', 'mpeg4'] as const) {
      const file = path.join(dir, `${codec}.mp4`);
      await writeFrameVideo(file, { frames: 12, fps: 25, width: 480, height: 270, codec, firstIndex: 1000 });
      expect(decodeFrameIndex(await frameOf(file, 11), 480, 270)).toBe(1011);
    }
  });

  it('refuses a frame too small for the blocks to survive compression', async () => {
    await expect(writeFrameVideo(path.join(dir, 'tiny.mp4'), { frames: 1, fps: 1, width: 200, height: 100 })).rejects.toThrow(/at least 288×96/);
  });

  it('pads a large video to the size asked, and it still reads', async () => {
    const file = path.join(dir, 'large.mp4');
    const made = await writeLargeFrameVideo(file, 16 * 1024 * 1024);
    expect((await stat(file)).size).toBeGreaterThanOrEqual(16 * 1024 * 1024);
    const last = made.frames - 1;
    expect(decodeFrameIndex(await frameOf(file, last), made.width, made.height)).toBe(last % 4096);
  });
});
