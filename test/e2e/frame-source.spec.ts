// The WebCodecs frame source in real Chromium: frame-numbered videos made by ffmpeg, served with
// Range from a small server on 127.0.0.1 (a secure context, which WebCodecs needs), and the
// renderer's frame-source.ts bundled by esbuild and added to the page. Each frame the source
// returns is drawn and its pixels read back: frame n must show n. The viewer does not use the
// source yet (issue 19 wires it in later); this proves the decoding underneath it.
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type * as FrameSourceModule from '../../renderer/features/compare/decoder/frame-source';
import { vfrTime, writeDecoderVideo } from '../support/decoder-media';
import { decodeFrameIndex, ffmpegFound, writeFrameVideo } from '../support/frame-video';
import { truncateCopy } from '../support/media';
import { answerWithRange } from '../support/range-file-server';

test.skip(!ffmpegFound, 'These tests make their videos with ffmpeg (libx264, libvpx-vp9, libx265), which is not here.');

const width = 320;
const height = 180;

let folder: string;
let bundle: string;
let server: http.Server;
let base: string;
/** Every media request's Range header ('none' when absent), and the bytes sent for them. */
const mediaRanges: string[] = [];
let bytesSent = 0;

async function serveMedia(name: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  mediaRanges.push(request.headers.range ?? 'none');
  await answerWithRange(path.join(folder, path.basename(name)), request, response, (bytes) => (bytesSent += bytes));
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  folder = await mkdtemp(path.join(os.tmpdir(), 'frame-source-e2e-'));
  await writeDecoderVideo(path.join(folder, 'bframes.mp4'), 'h264-bframes', 60);
  await writeDecoderVideo(path.join(folder, 'vfr.mp4'), 'h264-vfr', 40);
  await writeDecoderVideo(path.join(folder, 'vp9.webm'), 'vp9-webm', 30);
  await writeDecoderVideo(path.join(folder, 'hevc.mp4'), 'hevc', 12);
  await truncateCopy(path.join(folder, 'bframes.mp4'), path.join(folder, 'cut.mp4'), 0.6);
  // 10 s padded to about 20 MB, a keyframe a second: big beside mediabunny's read-ahead.
  await writeFrameVideo(path.join(folder, 'long.mp4'), { frames: 300, fps: 30, gop: 30, constantBitrate: 16_000_000 });
  const built = await build({
    entryPoints: [path.resolve(import.meta.dirname, '../../renderer/features/compare/decoder/frame-source.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'deskFrameSource',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  bundle = built.outputFiles[0]!.text;
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>frame source</title>');
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

/** What the page reports for one video: its frame count and each asked frame's time and pixels, or an error code. */
type Decoded = { error: string } | { count: number; frames: { n: number; timestamp: number; pixels: string }[] };

/** Opens the test page with the frame source bundle in it (as `window.deskFrameSource`). */
async function openPage(page: Page): Promise<void> {
  await page.goto(`${base}/`);
  await page.addScriptTag({ content: bundle });
}

/** Opens `media` in the page with the frame source and decodes `frames` in that order. */
async function decodeInPage(page: Page, media: string, frames: number[]): Promise<Decoded> {
  return page.evaluate(
    async ({ url, frames, width, height }) => {
      const { openFrameSource } = (window as unknown as { deskFrameSource: typeof FrameSourceModule }).deskFrameSource;
      const opened = await openFrameSource(url);
      if (!opened.ok) return { error: opened.error.code };
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      const out: { n: number; timestamp: number; pixels: string }[] = [];
      try {
        for (const n of frames) {
          const frame = await opened.source.frameAt(n);
          context.drawImage(frame, 0, 0, width, height);
          frame.close();
          const data = context.getImageData(0, 0, width, height).data;
          let binary = '';
          for (let at = 0; at < data.length; at += 0x8000) binary += String.fromCharCode(...data.subarray(at, at + 0x8000));
          out.push({ n, timestamp: opened.source.index.frames[n]!.timestamp, pixels: btoa(binary) });
        }
      } finally {
        opened.source.close();
      }
      return { count: opened.source.index.frames.length, frames: out };
    },
    { url: `${base}/media/${media}`, frames, width, height },
  );
}

function shownIndices(decoded: Decoded): (number | null)[] {
  if ('error' in decoded) throw new Error(`the page could not open the video: ${decoded.error}`);
  return decoded.frames.map((frame) => decodeFrameIndex(Buffer.from(frame.pixels, 'base64'), width, height));
}

test('H.264 with B-frames: frame n decoded is frame n, after seeks back and forth and steps both ways', async ({ page }) => {
  await openPage(page);
  expect(await page.evaluate(() => window.isSecureContext && typeof VideoDecoder === 'function')).toBe(true);
  const seeks = [0, 59, 13, 14, 12, 37, 36, 1, 25, 48, 47];
  const stepsForward = Array.from({ length: 11 }, (_, k) => 20 + k);
  const stepsBack = Array.from({ length: 11 }, (_, k) => 45 - k);
  const asked = [...seeks, ...stepsForward, ...stepsBack];
  mediaRanges.length = 0;
  const decoded = await decodeInPage(page, 'bframes.mp4', asked);
  expect('count' in decoded && decoded.count).toBe(60);
  expect(shownIndices(decoded)).toEqual(asked);
  expect(mediaRanges.length).toBeGreaterThan(0);
  expect(mediaRanges.filter((range) => !/^bytes=\d+-\d*$/.test(range))).toEqual([]);
});

test('a seek near the end of a 20 MB video reads a fraction of it, by ranges only', async ({ page }) => {
  await openPage(page);
  mediaRanges.length = 0;
  bytesSent = 0;
  expect(shownIndices(await decodeInPage(page, 'long.mp4', [250]))).toEqual([250]);
  const { size } = await stat(path.join(folder, 'long.mp4'));
  expect(mediaRanges.filter((range) => !/^bytes=\d+-\d*$/.test(range))).toEqual([]);
  // The reader asks from a place on and stops the answer once it has what it needs.
  expect(bytesSent).toBeGreaterThan(0);
  expect(bytesSent).toBeLessThan(size / 3);
});

test('variable frame rate: each frame is its sample, at the container time', async ({ page }) => {
  await openPage(page);
  const asked = Array.from({ length: 40 }, (_, n) => n);
  const decoded = await decodeInPage(page, 'vfr.mp4', asked);
  expect(shownIndices(decoded)).toEqual(asked);
  if ('frames' in decoded) decoded.frames.forEach((frame) => expect(frame.timestamp).toBeCloseTo(vfrTime(frame.n), 6));
});

test('VP9 in WebM decodes frame-exact too', async ({ page }) => {
  await openPage(page);
  const asked = [0, 29, 15, 7, 8, 16];
  expect(shownIndices(await decodeInPage(page, 'vp9.webm', asked))).toEqual(asked);
});

test('bad input is refused with its code: HEVC (no decoder here), a file cut short', async ({ page }) => {
  await openPage(page);
  expect(await decodeInPage(page, 'hevc.mp4', [0])).toEqual({ error: 'codec_unsupported' });
  expect(await decodeInPage(page, 'cut.mp4', [0])).toEqual({ error: 'truncated' });
});
