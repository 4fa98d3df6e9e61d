import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignedDistances, suggestOffset } from '../../../shared/media/align';
import { ffmpegBinary } from '../../../test/support/ffmpeg';
import { ffmpegFrameHashes } from '../../../test/support/frame-hashes';
import { ffmpegFound } from '../../../test/support/frame-video';

// "Suggest offset" on real media: a clip and a trimmed, re-encoded copy of it, made by ffmpeg,
// hashed frame by frame with the desk's own perceptual hash. The viewer will hash frames it
// decodes itself (issue 19); the arithmetic that aligns them is this one.

const run = promisify(execFile);

async function ffmpeg(...args: string[]): Promise<void> {
  await run(ffmpegBinary, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { timeout: 60_000 });
}


describe.skipIf(!ffmpegFound)('suggesting an offset between real videos', { timeout: 120_000 }, () => {
  let dir: string;
  const clip = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'desk-align-'));
    const h264 = ['-pix_fmt', 'yuv420p', '-c:v', 'libx264'];
    // A scene that keeps changing (a zoom into the Mandelbrot set), 8 s at 25 fps.
    await ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=320x240:rate=25', '-t', '8', ...h264, clip('original.mp4'));
    // What a platform might serve back: 37 frames trimmed off the start, smaller, at a low bitrate.
    await ffmpeg('-i', clip('original.mp4'), '-vf', 'trim=start_frame=37,setpts=PTS-STARTPTS,scale=160:120', '-b:v', '80k', ...h264, clip('trimmed.mp4'));
    // The same copy with two seconds of it replaced by another picture: an edit.
    await ffmpeg(
      '-i', clip('trimmed.mp4'),
      '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=8',
      '-filter_complex', "[0:v][1:v]overlay=enable='between(t,2,4)'",
      ...h264, clip('edited.mp4'),
    );
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds the 37 frames a trimmed, re-encoded copy lacks, with high confidence', async () => {
    const [original, trimmed] = await Promise.all([ffmpegFrameHashes(clip('original.mp4')), ffmpegFrameHashes(clip('trimmed.mp4'))]);
    expect(original).toHaveLength(200);
    expect(trimmed).toHaveLength(163);
    const suggestion = suggestOffset(original, trimmed);
    expect(suggestion).toMatchObject({ offsetFrames: 37, confidence: 'high' });
    // Re-encoded frames stay close along the whole copy: a flat, low difference track.
    const track = alignedDistances(original, trimmed, 37) as number[];
    expect(Math.max(...track)).toBeLessThanOrEqual(12);
  });

  it('still aligns an edited copy, and its difference track rises where the edit is', async () => {
    const [original, edited] = await Promise.all([ffmpegFrameHashes(clip('original.mp4')), ffmpegFrameHashes(clip('edited.mp4'))]);
    expect(suggestOffset(original, edited)).toMatchObject({ offsetFrames: 37 });
    const track = alignedDistances(original, edited, 37) as number[];
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    // Seconds 2 to 4 of the copy are frames 50 to 100; the rest is the re-encoded scene.
    const inside = mean(track.slice(55, 95));
    const outside = mean([...track.slice(0, 45), ...track.slice(105)]);
    expect(inside).toBeGreaterThan(outside + 10);
  });
});
