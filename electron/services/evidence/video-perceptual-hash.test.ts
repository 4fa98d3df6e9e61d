import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink, type LogSink } from '../../../shared/logger';
import { ffmpegBinary } from '../../../test/support/ffmpeg';
import { hammingDistance } from '../../../shared/media/perceptual-hash';
import { videoPerceptualHashes } from './perceptual-hash';

const run = promisify(execFile);
const ffmpegFound = spawnSync(ffmpegBinary, ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout?.includes('libx264') ?? false;

async function ffmpeg(...args: string[]): Promise<void> {
  await run(ffmpegBinary, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { timeout: 30_000 });
}

/** Runs `body` with log records captured instead of printed, and returns them. */
async function capturingLogs(body: () => Promise<void>): Promise<Parameters<LogSink>[0][]> {
  const records: Parameters<LogSink>[0][] = [];
  const previous = setLogSink((record) => records.push(record));
  try {
    await body();
  } finally {
    setLogSink(previous);
  }
  return records;
}

describe.skipIf(!ffmpegFound)('videoPerceptualHashes', { timeout: 60_000 }, () => {
  let dir: string;
  const clip = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'desk-video-hash-'));
    const h264 = ['-pix_fmt', 'yuv420p', '-c:v', 'libx264'];
    await Promise.all([
      ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=3', ...h264, clip('testsrc2.mp4')),
      ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=320x240:rate=25', '-t', '3', ...h264, clip('mandelbrot.mp4')),
    ]);
    // The same clip as a platform would re-serve it: smaller, at a much lower bitrate.
    await ffmpeg('-i', clip('testsrc2.mp4'), '-vf', 'scale=160:120', '-b:v', '60k', ...h264, clip('testsrc2-small.mp4'));
    await writeFile(clip('not-a-video.mp4'), 'these bytes are not a video');
  }, 60_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('hashes five frames, each within 10 bits of the same frame of a re-encoded copy', async () => {
    const original = await videoPerceptualHashes(clip('testsrc2.mp4'), 3, { ffmpegPath: ffmpegBinary });
    const copy = await videoPerceptualHashes(clip('testsrc2-small.mp4'), 3, { ffmpegPath: ffmpegBinary });
    expect(original).toHaveLength(5);
    expect(copy).toHaveLength(5);
    for (const hash of [...original, ...copy]) expect(hash).toMatch(/^[0-9a-f]{16}$/);
    original.forEach((hash, frame) => expect(hammingDistance(hash, copy[frame]!)).toBeLessThanOrEqual(10));
    // The frames differ from each other: the samples are spread over the clip, not one frame five times.
    expect(new Set(original).size).toBe(5);
  });

  it('gives a different video far hashes', async () => {
    const original = await videoPerceptualHashes(clip('testsrc2.mp4'), 3, { ffmpegPath: ffmpegBinary });
    const other = await videoPerceptualHashes(clip('mandelbrot.mp4'), 3, { ffmpegPath: ffmpegBinary });
    expect(other).toHaveLength(5);
    for (const hash of original) for (const otherHash of other) expect(hammingDistance(hash, otherHash)).toBeGreaterThan(20);
  });

  it('returns nothing, with one warning, for a file that is not a video', async () => {
    let hashes: string[] = ['unset'];
    const records = await capturingLogs(async () => {
      hashes = await videoPerceptualHashes(clip('not-a-video.mp4'), 3, { ffmpegPath: ffmpegBinary });
    });
    expect(hashes).toEqual([]);
    expect(records).toEqual([expect.objectContaining({ level: 'warn', module: 'perceptual-hash', missing: 5, of: 5 })]);
  });

  it('returns nothing when ffmpeg is missing or the duration is not positive', async () => {
    let missing: string[] = ['unset'];
    const records = await capturingLogs(async () => {
      missing = await videoPerceptualHashes(clip('testsrc2.mp4'), 3, { ffmpegPath: path.join(dir, 'no-such-ffmpeg') });
    });
    expect(missing).toEqual([]);
    expect(records).toEqual([expect.objectContaining({ level: 'warn', message: expect.stringContaining('not found') })]);
    expect(await videoPerceptualHashes(clip('testsrc2.mp4'), 0, { ffmpegPath: ffmpegBinary })).toEqual([]);
    expect(await videoPerceptualHashes(clip('testsrc2.mp4'), Number.NaN, { ffmpegPath: ffmpegBinary })).toEqual([]);
  });

  it('skips the samples past the real end when the duration given is too long', async () => {
    let hashes: string[] = [];
    await capturingLogs(async () => {
      hashes = await videoPerceptualHashes(clip('testsrc2.mp4'), 5, { ffmpegPath: ffmpegBinary });
    });
    // 10 %, 30 % and 50 % of 5 s fall inside the 3 s clip; 3.5 s and 4.5 s do not.
    expect(hashes).toHaveLength(3);
  });

  it.skipIf(process.platform === 'win32')('kills an ffmpeg that hangs, and moves on', async () => {
    const hanging = path.join(dir, 'hanging-ffmpeg');
    await writeFile(hanging, '#!/bin/sh\nexec sleep 30\n');
    await chmod(hanging, 0o755);
    const started = Date.now();
    let hashes: string[] = ['unset'];
    const records = await capturingLogs(async () => {
      hashes = await videoPerceptualHashes(clip('testsrc2.mp4'), 3, { ffmpegPath: hanging, timeoutMs: 200 });
    });
    expect(hashes).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(records).toEqual([expect.objectContaining({ problem: expect.stringContaining('SIGKILL') })]);
  });
});
