// "Suggest offset" in real Chromium, through the worker the app runs: suggest-offset.ts and
// align.worker.ts are bundled by esbuild as two ES modules and served side by side, the worker
// under its source name, so `new URL('./align.worker.ts', import.meta.url)` in the page's module
// finds it exactly as the Vite build's does, under the app's `script-src 'self'`. Videos are made
// by ffmpeg with moving content (a zoom into the Mandelbrot set) and served with Range from
// 127.0.0.1 (a secure context, which WebCodecs needs). The viewer's button is not wired yet
// (issue 19); this proves the engine.
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SuggestOffsetResult } from '../../renderer/features/compare/align/align-result';
import type * as HashVideoModule from '../../renderer/features/compare/align/hash-video';
import type * as SuggestOffsetModule from '../../renderer/features/compare/align/suggest-offset';
import type { VideoToAlign } from '../../renderer/features/compare/align/worker-protocol';
import { hammingDistance } from '../../shared/media/perceptual-hash';
import { writeDecoderVideo } from '../support/decoder-media';
import { ffmpegBinary } from '../support/ffmpeg';
import { ffmpegFound } from '../support/frame-video';
import { truncateCopy } from '../support/media';
import { ffmpegFrameHashes } from '../support/frame-hashes';
import { answerWithRange } from '../support/range-file-server';

test.skip(!ffmpegFound, 'These tests make their videos with ffmpeg (libx264, libx265), which is not here.');

const run = promisify(execFile);
const alignFolder = path.resolve(import.meta.dirname, '../../renderer/features/compare/align');

let folder: string;
let server: http.Server;
let base: string;
/** The bundles the page loads, by the name it asks for. */
const bundles = new Map<string, string>();
/** Every media request, as `name range`. */
const mediaRequests: string[] = [];

async function ffmpeg(...args: string[]): Promise<void> {
  await run(ffmpegBinary, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { timeout: 120_000 });
}

async function serveMedia(name: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  mediaRequests.push(`${name} ${request.headers.range ?? 'none'}`);
  await answerWithRange(path.join(folder, path.basename(name)), request, response);
}

async function bundle(entry: string): Promise<string> {
  const built = await build({ entryPoints: [path.join(alignFolder, entry)], bundle: true, format: 'esm', platform: 'browser', target: 'chrome120', write: false, logLevel: 'silent' });
  return built.outputFiles[0]!.text;
}


test.beforeAll(async () => {
  test.setTimeout(300_000);
  folder = await mkdtemp(path.join(os.tmpdir(), 'suggest-offset-e2e-'));
  const clip = (name: string) => path.join(folder, name);
  const h264 = ['-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'veryfast'];
  // 10 s at 30 fps of a scene that keeps changing, a keyframe every 2 s.
  // Its index at the front (faststart), so a copy cut short still opens and says it is cut.
  await ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=320x240:rate=30', '-t', '10', ...h264, '-g', '60', '-movflags', '+faststart', clip('original.mp4'));
  // What a platform might serve back: 37 frames trimmed off the start, smaller, at a low bitrate.
  await ffmpeg('-i', clip('original.mp4'), '-vf', 'trim=start_frame=37,setpts=PTS-STARTPTS,scale=160:120', '-b:v', '80k', ...h264, clip('trimmed.mp4'));
  // The same copy with seconds 2 to 4 covered by another picture: an edit.
  await ffmpeg(
    '-i', clip('trimmed.mp4'),
    '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=10',
    '-filter_complex', "[0:v][1:v]overlay=enable='between(t,2,4)'",
    ...h264, clip('edited.mp4'),
  );
  // The same original as VP9 in WebM, and re-timed to 25 frames a second.
  await ffmpeg('-i', clip('original.mp4'), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '400k', '-pix_fmt', 'yuv420p', clip('original.webm'));
  await ffmpeg('-i', clip('original.mp4'), '-vf', 'fps=25', ...h264, clip('retimed.mp4'));
  // Another event altogether: Conway's life, moving all the time.
  await ffmpeg('-f', 'lavfi', '-i', 'life=size=320x240:rate=30:ratio=0.5:mold=10:seed=19', '-t', '10', ...h264, clip('unrelated.mp4'));
  // 720p, for the hashing speed a reviewer will see, and long enough to cancel part-way.
  await ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '20', ...h264, '-g', '60', clip('hd.mp4'));
  await writeDecoderVideo(clip('hevc.mp4'), 'hevc', 12);
  await truncateCopy(clip('original.mp4'), clip('cut.mp4'), 0.6);
  bundles.set('suggest-offset.js', await bundle('suggest-offset.ts'));
  bundles.set('align.worker.ts', await bundle('align.worker.ts'));
  bundles.set('hash-video.js', await bundle('hash-video.ts'));
  // The page's module where no worker sits beside it: a build that lost its worker chunk.
  bundles.set('lost/suggest-offset.js', bundles.get('suggest-offset.js')!);
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const script = url.pathname.startsWith('/bundle/') ? bundles.get(url.pathname.slice('/bundle/'.length)) : undefined;
    if (url.pathname === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'self'; script-src 'self'" }).end('<!doctype html><title>suggest offset</title>');
    } else if (script !== undefined) {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (url.pathname.startsWith('/media/')) {
      serveMedia(url.pathname.slice('/media/'.length), request, response).catch(() => response.writeHead(404).end());
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** The videos as the page names them: a file name, or a file name with a window. */
type Video = string | { name: string; window: NonNullable<VideoToAlign['window']> };

function toAlign(video: Video): VideoToAlign {
  return typeof video === 'string' ? { url: `${base}/media/${video}` } : { url: `${base}/media/${video.name}`, window: video.window };
}

/** Runs `suggestOffsetBetween` in the page; with `cancelAfter`, aborts once that many frames are hashed. */
async function suggestInPage(page: Page, a: Video, b: Video, cancelAfter?: number, module = '/bundle/suggest-offset.js'): Promise<SuggestOffsetResult> {
  await page.goto(`${base}/`);
  return page.evaluate(
    async ({ a, b, cancelAfter, module }) => {
      const { suggestOffsetBetween } = (await import(module)) as typeof SuggestOffsetModule;
      const abort = new AbortController();
      return suggestOffsetBetween(a, b, {
        signal: abort.signal,
        onProgress: (progress) => {
          if (cancelAfter !== undefined && progress.stage === 'hashing' && progress.done >= cancelAfter) abort.abort();
        },
      });
    },
    { a: toAlign(a), b: toAlign(b), cancelAfter, module },
  );
}

function succeeded(result: SuggestOffsetResult) {
  if (!result.ok) throw new Error(`no suggestion: ${JSON.stringify(result.problem)}`);
  return result;
}

const framesPerSecond = (result: { cost: { framesHashed: number; hashMilliseconds: number } }) => Math.round((result.cost.framesHashed * 1000) / result.cost.hashMilliseconds);

test('a copy trimmed 37 frames in, smaller and re-encoded, is found at +37 with high confidence, and its track is flat and low', async ({ page }) => {
  const result = succeeded(await suggestInPage(page, 'original.mp4', 'trimmed.mp4'));
  console.info(`suggest offset: ${JSON.stringify(result.suggestion)}; hashed ${result.cost.framesHashed} frames (320×240 and 160×120) at ${framesPerSecond(result)} frames/s`);
  expect(result.suggestion).toMatchObject({ offsetFrames: 37, confidence: 'high', overlap: 263 });
  expect(result.track.startFrame).toBe(0);
  expect(result.track.distances).toHaveLength(263);
  const distances = result.track.distances.filter((distance): distance is number => distance !== null);
  expect(distances).toHaveLength(263);
  expect(Math.max(...distances)).toBeLessThanOrEqual(12);
});

test('the sign follows the order given, and windows away from the start count in whole videos’ frames', async ({ page }) => {
  expect(succeeded(await suggestInPage(page, 'trimmed.mp4', 'original.mp4')).suggestion).toMatchObject({ offsetFrames: -37, confidence: 'high' });
  // Windows starting mid-way through a group of pictures, at different places in each video.
  const windowed = succeeded(await suggestInPage(page, { name: 'original.mp4', window: { startFrame: 100, frames: 150 } }, { name: 'trimmed.mp4', window: { startFrame: 20, frames: 150 } }));
  expect(windowed.suggestion).toMatchObject({ offsetFrames: 37, confidence: 'high' });
  expect(windowed.track.startFrame).toBe(20);
  expect(windowed.cost.framesHashed).toBe(300);
});

test('a VP9 WebM original lines up with an MP4 copy too', async ({ page }) => {
  expect(succeeded(await suggestInPage(page, 'original.webm', 'trimmed.mp4')).suggestion).toMatchObject({ offsetFrames: 37, confidence: 'high' });
});

test('a copy re-timed to another frame rate is refused, with both rates', async ({ page }) => {
  expect(await suggestInPage(page, 'original.mp4', 'retimed.mp4')).toEqual({ ok: false, problem: { code: 'frame_rates_differ', a: 30, b: 25 } });
});

test('an edited copy still lines up, and its difference track rises where seconds 2 to 4 were covered', async ({ page }) => {
  const result = succeeded(await suggestInPage(page, 'original.mp4', 'edited.mp4'));
  expect(result.suggestion.offsetFrames).toBe(37);
  const track = result.track.distances as number[];
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  // Seconds 2 to 4 of the copy are its frames 60 to 120.
  const inside = mean(track.slice(65, 115));
  const outside = mean([...track.slice(0, 55), ...track.slice(125)]);
  console.info(`suggest offset: edited copy's track ${outside.toFixed(1)} bits outside the edit, ${inside.toFixed(1)} inside`);
  expect(inside).toBeGreaterThan(outside + 10);
});

test('two unrelated videos get low confidence', async ({ page }) => {
  const result = succeeded(await suggestInPage(page, 'original.mp4', 'unrelated.mp4'));
  console.info(`suggest offset: unrelated videos ${JSON.stringify(result.suggestion)}`);
  expect(result.suggestion.confidence).toBe('low');
});

test('cancelling part-way answers cancelled and the worker stops reading', async ({ page }) => {
  mediaRequests.length = 0;
  const result = await suggestInPage(page, 'hd.mp4', 'hd.mp4', 30);
  expect(result).toEqual({ ok: false, problem: { code: 'cancelled' } });
  // Give a worker that is still going time to show it: it would read on through 1,200 frames.
  await page.waitForTimeout(500);
  const afterCancel = mediaRequests.length;
  await page.waitForTimeout(2_000);
  expect(mediaRequests.length).toBe(afterCancel);
});

test('a video the player cannot read answers its code, naming which video', async ({ page }) => {
  expect(await suggestInPage(page, 'original.mp4', 'hevc.mp4')).toMatchObject({ ok: false, problem: { code: 'codec_unsupported', video: 'b', offerPlayableCopy: true } });
  expect(await suggestInPage(page, 'cut.mp4', 'original.mp4')).toMatchObject({ ok: false, problem: { code: 'truncated', video: 'a' } });
  expect(await suggestInPage(page, 'missing.mp4', 'original.mp4')).toMatchObject({ ok: false, problem: { code: 'network', video: 'a' } });
});

test('a worker that cannot be loaded answers worker_failed', async ({ page }) => {
  expect(await suggestInPage(page, 'original.mp4', 'trimmed.mp4', undefined, '/bundle/lost/suggest-offset.js')).toEqual({ ok: false, problem: { code: 'worker_failed' } });
});

test('hashing 720p in the worker: the speed a reviewer waits for', async ({ page }) => {
  // The same video from its start and from frame 45: the windows differ, the videos line up as they are.
  const result = succeeded(await suggestInPage(page, 'hd.mp4', { name: 'hd.mp4', window: { startFrame: 45 } }));
  console.info(`suggest offset: 720p, ${result.cost.framesHashed} frames hashed at ${framesPerSecond(result)} frames/s; ${JSON.stringify(result.suggestion)}`);
  expect(result.suggestion).toMatchObject({ offsetFrames: 0, meanDistance: 0 });
});

test('a frame hashed in the browser is within a few bits of the desk’s own hash of it (ffmpeg’s area-scaled luma), by either path', async ({ page }) => {
  await page.goto(`${base}/`);
  const browser = await page.evaluate(async (url) => {
    const module = '/bundle/hash-video.js';
    const { indexVideo, hashVideoWindow } = (await import(module)) as typeof HashVideoModule;
    const indexed = await indexVideo(url);
    if (!indexed.ok) throw new Error(indexed.error.message);
    const window = { startFrame: 0, frames: indexed.index.frames.length };
    const timed = async (grayFrom: 'auto' | 'canvas') => {
      const started = performance.now();
      const { hashes } = await hashVideoWindow(url, indexed.index, window, { grayFrom });
      return { hashes, milliseconds: performance.now() - started };
    };
    return { plane: await timed('auto'), canvas: await timed('canvas') };
  }, `${base}/media/hd.mp4`);
  const desk = await ffmpegFrameHashes(path.join(folder, 'hd.mp4'));
  for (const [name, { hashes, milliseconds }] of Object.entries(browser)) {
    expect(hashes).toHaveLength(desk.length);
    const distances = desk.map((hash, n) => hammingDistance(hash, hashes[n]!));
    const mean = distances.reduce((sum, distance) => sum + distance, 0) / distances.length;
    console.info(`suggest offset: 720p by the ${name} path, ${Math.round((hashes.length * 1000) / milliseconds)} frames/s on this page's thread; against the desk's hash of the same frame, mean ${mean.toFixed(2)} bits, most ${Math.max(...distances)}`);
    expect(mean, name).toBeLessThanOrEqual(4);
  }
});
