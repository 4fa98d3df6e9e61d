// Videos whose every frame says which frame it is, so a test can read back what is on screen.
//
// Layout, in proportions of the frame so any scaling keeps it: the top quarter is 12 blocks
// across, the bits of the frame index (most significant first, white = 1); the second quarter is
// the same blocks inverted; the bottom half is a grey level that repeats the index's low 3 bits.
// A reading is trusted only when every block is clearly black or white, each block is the
// inverse of the one below it, and the grey agrees: a half-decoded or blended frame reads as
// null, never as a wrong number. 12 bits hold 4096 indices; frame n carries n mod 4096.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ffmpegBinary } from './ffmpeg';

/** How many distinct indices a frame can carry; frame n shows n mod this. */
export const frameIndexCapacity = 4096;

const bits = 12;
/** Grey of the bottom half for index n: 16, 48, … 240, far from the black and white of the bits. */
const greyOf = (index: number) => (index % 8) * 32 + 16;
/** The smallest block the layout allows, in pixels, so compression cannot smear a bit away. */
const minimumBlock = 24;

/** Whether ffmpeg with libx264 is there (the bundled one, else the PATH's), for skipping tests that need it. */
export const ffmpegFound: boolean =
  spawnSync(ffmpegBinary, ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout?.includes('libx264') ?? false;

/** One frame of a frame-indexed video as 8-bit grey pixels, `width` × `height`. */
export function frameIndexPixels(index: number, width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height);
  const value = ((index % frameIndexCapacity) + frameIndexCapacity) % frameIndexCapacity;
  const quarter = Math.floor(height / 4);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    if (y >= 2 * quarter) {
      pixels.fill(greyOf(value), row, row + width);
      continue;
    }
    const inverted = y >= quarter;
    for (let bit = 0; bit < bits; bit += 1) {
      const on = ((value >> (bits - 1 - bit)) & 1) === 1;
      const from = Math.floor((bit * width) / bits);
      const to = Math.floor(((bit + 1) * width) / bits);
      pixels.fill(on !== inverted ? 255 : 0, row + from, row + to);
    }
  }
  return pixels;
}

/** Mean brightness of the middle half of a rectangle of RGBA pixels. */
function patchMean(rgba: Uint8Array | Uint8ClampedArray, width: number, x0: number, y0: number, x1: number, y1: number): number {
  const inset = (from: number, to: number) => [Math.round(from + (to - from) / 4), Math.max(Math.round(from + (to - from) / 4) + 1, Math.round(to - (to - from) / 4))] as const;
  const [left, right] = inset(x0, x1);
  const [top, bottom] = inset(y0, y1);
  let sum = 0;
  let count = 0;
  for (let y = top; y < bottom; y += 1) {
    for (let x = left; x < right; x += 1) {
      const offset = (y * width + x) * 4;
      sum += (rgba[offset]! + rgba[offset + 1]! + rgba[offset + 2]!) / 3;
      count += 1;
    }
  }
  return sum / count;
}

/**
 * The index a frame carries, from its RGBA pixels at any size, or null when the picture is not
 * a clean frame-indexed frame (a photo, a blend of two frames, a frame not decoded yet).
 */
export function decodeFrameIndex(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): number | null {
  if (width < bits * 2 || height < 8 || rgba.length < width * height * 4) return null;
  const quarter = height / 4;
  let value = 0;
  for (let bit = 0; bit < bits; bit += 1) {
    const x0 = (bit * width) / bits;
    const x1 = ((bit + 1) * width) / bits;
    const top = patchMean(rgba, width, x0, 0, x1, quarter);
    const below = patchMean(rgba, width, x0, quarter, x1, 2 * quarter);
    const clear = (level: number) => level < 70 || level > 185;
    if (!clear(top) || !clear(below) || top > 128 === below > 128) return null;
    value = (value << 1) | (top > 128 ? 1 : 0);
  }
  const grey = patchMean(rgba, width, 0, 2 * quarter, width, height);
  return Math.abs(grey - greyOf(value)) <= 12 ? value : null;
}

/** Options for `writeFrameVideo`. */
export interface FrameVideoOptions {
  frames: number;
  fps: number;
  /** At least 288 (12 blocks of 24 px); 320 by default. */
  width?: number;
  /** At least 96 (a block row is a quarter of it); 180 by default. */
  height?: number;
  codec?: 'h264' | 'hevc' | 'mpeg4';
  /** Frames between keyframes: short, so seeking decodes little. 10 by default. */
  gop?: number;
  /** The index the first frame carries, for a copy that runs ahead of another. 0 by default. */
  firstIndex?: number;
  /**
   * A constant bitrate in bits per second, padded with filler data when the picture needs less:
   * how a big file is made as fast as it can be written (H.264 only).
   */
  constantBitrate?: number;
}

function encoderArguments(options: FrameVideoOptions): string[] {
  const gop = String(options.gop ?? 10);
  switch (options.codec ?? 'h264') {
    case 'h264':
      if (options.constantBitrate !== undefined) {
        const rate = String(options.constantBitrate);
        return ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', gop, '-b:v', rate, '-minrate', rate, '-maxrate', rate, '-bufsize', String(options.constantBitrate / 10), '-x264-params', 'nal-hrd=cbr:force-cfr=1'];
      }
      return ['-c:v', 'libx264', '-preset', 'veryfast', '-g', gop];
    case 'hevc':
      // hvc1 is the tag Chromium and Safari want in MP4; ffmpeg writes hev1 otherwise.
      return ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', `keyint=${gop}:log-level=error`, '-tag:v', 'hvc1'];
    case 'mpeg4':
      return ['-c:v', 'mpeg4', '-q:v', '3', '-g', gop];
  }
}

/**
 * Writes an MP4 (yuv420p, moov first) in which frame n shows index `firstIndex + n` (mod 4096),
 * from grey frames piped to ffmpeg: grey rather than RGB because the picture is only black,
 * white and grey, and a third of the bytes is what makes gigabyte files quick to make.
 */
export async function writeFrameVideo(file: string, options: FrameVideoOptions): Promise<void> {
  const { frames, fps, width = 320, height = 180, firstIndex = 0 } = options;
  if (width < bits * minimumBlock || height < 4 * minimumBlock) {
    throw new Error(`A frame-indexed video needs at least ${bits * minimumBlock}×${4 * minimumBlock} pixels; ${width}×${height} asked.`);
  }
  if (options.constantBitrate !== undefined && (options.codec ?? 'h264') !== 'h264') {
    throw new Error('A constant bitrate is only made with H.264.');
  }
  const child = spawn(
    ffmpegBinary,
    [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, '-r', String(fps), '-i', '-',
      ...encoderArguments(options),
      '-pix_fmt', 'yuv420p', '-movflags', '+faststart', file,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  // A write after ffmpeg died fails with EPIPE; its exit code and stderr say why, below.
  child.stdin.on('error', () => undefined);
  for (let n = 0; n < frames && child.exitCode === null; n += 1) {
    if (!child.stdin.write(frameIndexPixels(firstIndex + n, width, height))) {
      await Promise.race([once(child.stdin, 'drain'), exited]);
    }
  }
  child.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`ffmpeg could not write ${file} (exit ${code}): ${errors.trim()}`);
}

/** What `writeLargeFrameVideo` made. */
export interface LargeFrameVideo {
  file: string;
  bytes: number;
  frames: number;
  fps: number;
  width: number;
  height: number;
}

const largeFps = 30;
const largeWidth = 1280;
const largeHeight = 720;
/** 80 Mbit/s: a 2 GiB file is about 3.5 minutes, like a long phone recording at a high setting. */
const largeBitrate = 80_000_000;

/** Frames enough for `bytes`: the container's own bytes are small, and 1% over covers rate control's wobble. */
function largeFrameCount(bytes: number): number {
  return Math.ceil(((bytes * 8) / largeBitrate) * largeFps * 1.01) + largeFps;
}

/**
 * Writes a frame-indexed H.264 MP4 of at least `bytes` bytes, 1280×720 at 30 fps with a keyframe
 * every second, as phones record. Constant-bitrate padding makes the size, so the cost is piping
 * and encoding the frames, not squeezing real detail into them: 20 to 30 s a gibibyte on two
 * cores. Past frame 4095 the index wraps: frame n shows n mod 4096.
 */
export async function writeLargeFrameVideo(file: string, bytes: number): Promise<LargeFrameVideo> {
  const frames = largeFrameCount(bytes);
  await writeFrameVideo(file, { frames, fps: largeFps, width: largeWidth, height: largeHeight, gop: 30, constantBitrate: largeBitrate });
  const written = (await stat(file)).size;
  if (written < bytes) throw new Error(`${file} came out at ${written} bytes, under the ${bytes} asked.`);
  return { file, bytes: written, frames, fps: largeFps, width: largeWidth, height: largeHeight };
}

/**
 * A large frame-indexed video kept in os.tmpdir()/desk-bench-media/ by size, made once and
 * reused by later runs (the end-to-end tests and the benchmarks share it).
 */
export async function cachedLargeFrameVideo(bytes: number): Promise<LargeFrameVideo> {
  const dir = path.join(os.tmpdir(), 'desk-bench-media');
  await mkdir(dir, { recursive: true });
  // The layout's version is in the name, so a cache from before a change to it is never read.
  const file = path.join(dir, `frame-video-v1-${bytes}.mp4`);
  if (existsSync(file)) {
    return { file, bytes: (await stat(file)).size, frames: largeFrameCount(bytes), fps: largeFps, width: largeWidth, height: largeHeight };
  }
  // Written beside its name and renamed, so a run stopped half-way leaves nothing to trust.
  const partial = `${file}.${process.pid}.part.mp4`;
  try {
    const made = await writeLargeFrameVideo(partial, bytes);
    await rename(partial, file);
    return { ...made, file };
  } finally {
    await rm(partial, { force: true });
  }
}

/** Largest width a frame is drawn at for reading: blocks stay ≥ 32 px, and little crosses the wire. */
const readWidth = 384;

/**
 * The index on screen in a <video> element: its current frame drawn into a canvas at up to
 * 384 px wide and decoded here with `decodeFrameIndex`; null before the first frame is decoded
 * or when the frame does not read cleanly.
 */
export async function readFrameIndex(page: Page, video: Locator): Promise<number | null> {
  const [index] = await readFrameIndices(page, [video]);
  return index ?? null;
}

/**
 * The indices on screen in several video panes (<video> elements or decoded panes' canvases), all drawn in the same task of the page so
 * that playing videos are read at the same instant.
 */
export async function readFrameIndices(page: Page, videos: Locator[]): Promise<(number | null)[]> {
  const elements = await Promise.all(videos.map((video) => video.elementHandle()));
  const frames = await page.evaluate(
    ({ elements, maxWidth }) =>
      // Every pane is drawn before any is read back: a read-back is slow on a loaded machine, and
      // playing panes must be caught at the same moment.
      elements.map((element) => {
        // A decoded pane is a canvas the viewer paints; a pane that fell back to <video> is one.
        const source = element instanceof HTMLVideoElement || element instanceof HTMLCanvasElement ? element : null;
        const size =
          source instanceof HTMLVideoElement
            ? source.readyState >= 2 && source.videoWidth > 0 && { width: source.videoWidth, height: source.videoHeight }
            : source?.dataset.player === 'decoded' && source.width > 0 && { width: source.width, height: source.height };
        if (!source || !size) return null;
        const width = Math.min(maxWidth, size.width);
        const height = Math.round((size.height * width) / size.width);
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        context.drawImage(source, 0, 0, width, height);
        return { width, height, context };
      }).map((drawn) => drawn && { width: drawn.width, height: drawn.height, data: drawn.context.getImageData(0, 0, drawn.width, drawn.height).data })
      .map((frame) => {
        if (frame === null) return null;
        let binary = '';
        for (let offset = 0; offset < frame.data.length; offset += 0x8000) {
          binary += String.fromCharCode(...frame.data.subarray(offset, offset + 0x8000));
        }
        return { width: frame.width, height: frame.height, base64: btoa(binary) };
      }),
    { elements, maxWidth: readWidth },
  );
  await Promise.all(elements.map((element) => element.dispose()));
  return frames.map((frame) => (frame === null ? null : decodeFrameIndex(Buffer.from(frame.base64, 'base64'), frame.width, frame.height)));
}
