import { chromium, type Browser, type ElementHandle, type Page } from '@playwright/test';
import { link, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromiumArgs, chromiumPath } from '../../playwright.config';
import { startBrowserHost, type RunningHost } from '../e2e/browser-host';
import { startCaseService, type RunningService } from '../e2e/case-service';
import { bringFolder, compareEvidence, disputeForLina, openCaseAsLina } from '../e2e/viewer-support';
import { cachedLargeFrameVideo, ffmpegFound, frameIndexCapacity, readFrameIndex, type LargeFrameVideo } from '../support/frame-video';
import { round, type Bench, type BenchResult, type BenchSize } from './harness';

const mebibyte = 1024 * 1024;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Repeatable random frames, so two runs seek to the same places. */
function randomFrames(count: number, frames: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state % frames;
  });
}

/** The case service, the browser host and Chromium, with the large video open alone in the viewer. */
interface ViewerSession {
  page: Page;
  video: ElementHandle<HTMLVideoElement>;
  large: LargeFrameVideo;
  host: RunningHost;
  close(): Promise<void>;
}

async function openLargeVideo(size: BenchSize): Promise<ViewerSession> {
  if (!ffmpegFound) throw new Error('The viewer benchmarks need ffmpeg with libx264 to make their video.');
  const large = await cachedLargeFrameVideo(size === 'small' ? 64 * mebibyte : 2048 * mebibyte);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'desk-bench-viewer-'));
  const name = 'warehouse-cctv.mp4';
  // A hard link: the host reads this folder, and the cache may hold other sizes beside it.
  await link(large.file, path.join(folder, name));
  let service: RunningService | undefined;
  let host: RunningHost | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await host?.stop();
    await service?.stop();
    await rm(folder, { recursive: true, force: true });
  };
  try {
    service = await startCaseService(20);
    host = await startBrowserHost([], { DESK_SERVICE_URL: service.url });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await openCaseAsLina(page, host, await disputeForLina(service));
    await bringFolder(page, folder, [name], 15 * 60_000);
    const viewer = await compareEvidence(page, [name]);
    const video = (await viewer.getByTestId('pane-video-0').elementHandle()) as ElementHandle<HTMLVideoElement>;
    await page.waitForFunction((element) => element.readyState >= 2, video);
    return { page, video, large, host, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Milliseconds from `request` until `video` presents the frame `frame` (by its media time, in
 * its next requestVideoFrameCallback). The clock starts in the page: at the input event the
 * request causes, or, for a seek made by script, just before it.
 */
async function timeSeek(page: Page, video: ElementHandle<HTMLVideoElement>, frame: number, fps: number, request: () => Promise<void>): Promise<number> {
  await video.evaluate((element, { frame, fps }) => {
    const probe = { started: Number.NaN, painted: Number.NaN };
    (window as unknown as { seekProbe: typeof probe }).seekProbe = probe;
    const mark = (event: Event) => {
      if (Number.isNaN(probe.started)) probe.started = event.timeStamp;
    };
    for (const type of ['pointerdown', 'keydown', 'input']) document.addEventListener(type, mark, { capture: true, once: true });
    const watch = () =>
      element.requestVideoFrameCallback((now, metadata) => {
        if (Math.floor(metadata.mediaTime * fps + 1e-6) === frame) probe.painted = now;
        else watch();
      });
    watch();
  }, { frame, fps });
  await request();
  const handle = await page.waitForFunction(
    () => {
      const probe = (window as unknown as { seekProbe: { started: number; painted: number } }).seekProbe;
      return Number.isNaN(probe.painted) ? false : probe.painted - probe.started;
    },
    undefined,
    { timeout: 30_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

/** Seeks a bare <video> with script, marking the start just before. */
function scriptSeek(video: ElementHandle<HTMLVideoElement>, seconds: number): Promise<void> {
  return video.evaluate((element, seconds) => {
    (window as unknown as { seekProbe: { started: number } }).seekProbe.started = performance.now();
    element.currentTime = seconds;
  }, seconds);
}

/** Asks the viewer for a seek the way a reviewer does. */
async function seekInViewer(session: ViewerSession, frame: number): Promise<void> {
  await scriptSeek(session.video, (frame + 0.5) / session.large.fps);
}

/** A blank page of the same origin holding a bare <video> of the same media URL. */
async function bareVideo(session: ViewerSession): Promise<{ page: Page; video: ElementHandle<HTMLVideoElement> }> {
  const src = await session.video.evaluate((element) => element.currentSrc);
  const page = await session.page.context().newPage();
  // Any same-origin page will do; an unknown call answers with a little JSON and no app.
  await page.goto(`${session.host.origin}/api/blank`);
  const video = (await page.evaluateHandle((src) => {
    document.documentElement.innerHTML = '<body style="margin:0"></body>';
    const element = document.createElement('video');
    element.muted = true;
    element.preload = 'auto';
    element.src = src;
    element.style.width = '640px';
    document.body.append(element);
    return element;
  }, src)) as ElementHandle<HTMLVideoElement>;
  await page.waitForFunction((element) => element.readyState >= 2, video);
  return { page, video };
}

/** Fails the run when the viewer's pane does not show `frame`: a fast seek to the wrong frame counts for nothing. */
async function checkFrame(session: ViewerSession, frame: number): Promise<void> {
  const shown = await readFrameIndex(session.page, session.page.getByTestId('pane-video-0'));
  if (shown !== frame % frameIndexCapacity) throw new Error(`asked for frame ${frame}, the pane shows ${shown}`);
}

async function runViewerSeek(size: BenchSize): Promise<BenchResult> {
  const session = await openLargeVideo(size);
  try {
    const count = size === 'small' ? 10 : 50;
    const { fps, frames } = session.large;
    const viewerMs: number[] = [];
    for (const frame of randomFrames(count, frames, 7)) {
      viewerMs.push(await timeSeek(session.page, session.video, frame, fps, () => seekInViewer(session, frame)));
      await checkFrame(session, frame);
    }
    const bare = await bareVideo(session);
    const bareMs: number[] = [];
    for (const frame of randomFrames(count, frames, 11)) {
      bareMs.push(await timeSeek(bare.page, bare.video, frame, fps, () => scriptSeek(bare.video, (frame + 0.5) / fps)));
    }
    const value = percentile(viewerMs, 95);
    const baseline = percentile(bareMs, 95);
    return { bench: 'viewer-seek', value: round(value), unit: 'ms (p95)', baseline: round(baseline), ratio: round(value / baseline), target: 150, size, samples: count };
  } finally {
    await session.close();
  }
}

async function runViewerMemory(size: BenchSize): Promise<BenchResult> {
  const session = await openLargeVideo(size);
  try {
    const cdp = await session.page.context().newCDPSession(session.page);
    await cdp.send('Performance.enable');
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN) / mebibyte;
    };
    const { fps, frames } = session.large;
    const [first, ...rest] = randomFrames(size === 'small' ? 20 : 100, frames, 13);
    await timeSeek(session.page, session.video, first!, fps, () => seekInViewer(session, first!));
    const afterFirst = await heapMb();
    for (const frame of rest) await timeSeek(session.page, session.video, frame, fps, () => seekInViewer(session, frame));
    const afterAll = await heapMb();
    const growth = afterAll - afterFirst;
    return { bench: 'viewer-memory', value: round(growth), unit: 'MB', baseline: round(afterFirst), ratio: round(growth / afterFirst), target: 50, size, samples: rest.length + 1 };
  } finally {
    await session.close();
  }
}

/**
 * Seeking in a 2 GiB video in the viewer against the browser host (BENCH_SIZE=small: 64 MiB):
 * p95 milliseconds from asking for a frame to that frame painted, over 50 random seeks (small:
 * 10), against the same seeks on a bare <video> of the same media URL.
 */
export const viewerSeek: Bench = { name: 'viewer-seek', run: runViewerSeek };

/**
 * The viewer's JavaScript heap after 100 random seeks (small: 20) in the 2 GiB video, against
 * its level after the first: value is the growth in MB, baseline the first-seek level.
 */
export const viewerMemory: Bench = { name: 'viewer-memory', run: runViewerMemory };
