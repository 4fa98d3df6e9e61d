import { chromium, type Browser, type ElementHandle, type Locator, type Page } from '@playwright/test';
import { link, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromiumArgs, chromiumPath } from '../../playwright.config';
import { startBrowserHost, type RunningHost } from '../e2e/browser-host';
import { startCaseService, type RunningService } from '../e2e/case-service';
import { bringFolder, compareEvidence, disputeForLina, openCaseAsLina, seekByTimeline } from '../e2e/viewer-support';
import { cachedLargeFrameVideo, ffmpegFound, frameIndexCapacity, readFrameIndex, type LargeFrameVideo } from '../support/frame-video';
import { writePhoto } from '../support/media';
import { videoPackets, type VideoPacket } from '../support/video-packets';
import { percentile, round, spreadOf, type Bench, type BenchResult, type BenchSize } from './harness';

const mebibyte = 1024 * 1024;

/** Repeatable numbers in [0, 1), so two runs seek to the same places. */
function randomFractions(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 2 ** 32;
  });
}

/** The case service, the browser host and Chromium, with the large video open in the viewer. */
interface ViewerSession {
  page: Page;
  viewer: Locator;
  large: LargeFrameVideo;
  /** The media URL the viewer reads the large video from, for the bare <video> baseline. */
  mediaUrl: string;
  host: RunningHost;
  close(): Promise<void>;
}

/**
 * Brings the large video into a case with a photo beside it (the viewer shows two to four items;
 * a photo adds no second video to decode, so the viewer's cost is set against one bare video)
 * and opens the two in the viewer, the video first so it leads.
 */
async function openLargeVideo(size: BenchSize): Promise<ViewerSession> {
  if (!ffmpegFound) throw new Error('The viewer benchmarks need ffmpeg with libx264 to make their video.');
  const large = await cachedLargeFrameVideo(size === 'small' ? 64 * mebibyte : 2048 * mebibyte);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'desk-bench-viewer-'));
  const video = 'warehouse-cctv.mp4';
  const photo = 'parcel-label.jpg';
  // A hard link: the host reads this folder, and the cache may hold other sizes beside it.
  await link(large.file, path.join(folder, video));
  await writePhoto(path.join(folder, photo), { seed: 5, width: 1280, height: 720 });
  let service: RunningService | undefined;
  let host: RunningHost | undefined;
  let browser: Browser | undefined;
  // The browser goes first: a paused <video> holds a Range response open, and the host waits for it.
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
    // The large video's media URL, as the viewer asks for it: the answer whose range names its size.
    let mediaUrl: string | undefined;
    page.on('response', (response) => {
      const total = Number(/\/(\d+)$/.exec(response.headers()['content-range'] ?? '')?.[1] ?? 0);
      if (new URL(response.url()).pathname.startsWith('/media/') && total === large.bytes) mediaUrl = response.url();
    });
    await openCaseAsLina(page, host, await disputeForLina(service));
    await bringFolder(page, folder, [video, photo], 15 * 60_000);
    const viewer = await compareEvidence(page, [video, photo]);
    // Polled through the locator, with a deadline: a listener on the element waited forever in a
    // CI run, when the pane's element was replaced while it loaded.
    const loading = Date.now() + 60_000;
    while (!(await viewer.getByTestId('pane-video-0').evaluate((element) => element instanceof HTMLCanvasElement && element.dataset.frame !== undefined))) {
      if (Date.now() > loading) throw new Error('the large video never showed its first frame in the viewer (no decoded frame drawn in 60 s)');
      await page.waitForTimeout(50);
    }
    if (mediaUrl === undefined) throw new Error(`no media response named the large video's size (${large.bytes} bytes)`);
    return { page, viewer, large, mediaUrl, host, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What the page records while a seek is timed: when it was asked for, and each frame presented since. */
interface SeekProbe {
  started: number;
  frames: { frame: number; at: number }[];
  done: boolean;
}

/**
 * Starts recording every frame the viewer's decoded pane draws (the canvas's `data-frame`, set as
 * the frame is drawn, watched by a MutationObserver) with its time, and marks the start of the
 * seek at the next pointer press, which is when the timeline takes a click, or the next key press.
 */
async function armCanvasProbe(canvas: ElementHandle<HTMLCanvasElement>): Promise<void> {
  await canvas.evaluate((element) => {
    const probe: SeekProbe & { observer?: MutationObserver } = { started: Number.NaN, frames: [], done: false };
    (window as unknown as { seekProbe: SeekProbe }).seekProbe = probe;
    // Inline functions, not named constants: tsx names functions through a helper the page lacks.
    document.addEventListener('pointerdown', (event) => (probe.started = event.timeStamp), { capture: true, once: true });
    document.addEventListener('keydown', (event) => (probe.started = event.timeStamp), { capture: true, once: true });
    probe.observer = new MutationObserver(() => {
      probe.frames.push({ frame: Number(element.dataset.frame), at: performance.now() });
      if (probe.done) probe.observer?.disconnect();
    });
    probe.observer.observe(element, { attributes: true, attributeFilter: ['data-frame'] });
  });
}

/**
 * Starts recording every frame a bare `video` presents (requestVideoFrameCallback: the frame is
 * on its way to the screen) with its time. The seek made by script marks its own start.
 */
async function armProbe(video: ElementHandle<HTMLVideoElement>, fps: number): Promise<void> {
  await video.evaluate((element, fps) => {
    const probe: SeekProbe & { watch?: VideoFrameRequestCallback } = { started: Number.NaN, frames: [], done: false };
    (window as unknown as { seekProbe: SeekProbe }).seekProbe = probe;
    // A property, not a named constant: tsx names functions through a helper the page lacks.
    probe.watch = (now, metadata) => {
      // A frame's media time is its start, rounded to the microsecond: nearest, not floor.
      probe.frames.push({ frame: Math.round(metadata.mediaTime * fps), at: now });
      if (!probe.done) element.requestVideoFrameCallback(probe.watch!);
    };
    element.requestVideoFrameCallback(probe.watch);
  }, fps);
}

/** Milliseconds from the seek's start to the first presentation of `frame`, once it has been presented. */
async function paintedAfter(page: Page, frame: number): Promise<number> {
  try {
    const handle = await page.waitForFunction(
      (frame) => {
        const probe = (window as unknown as { seekProbe: SeekProbe }).seekProbe;
        const painted = probe.frames.find((entry) => entry.frame === frame);
        if (painted === undefined || Number.isNaN(probe.started)) return false;
        probe.done = true;
        return painted.at - probe.started;
      },
      frame,
      { timeout: 30_000, polling: 'raf' },
    );
    return (await handle.jsonValue()) as number;
  } catch (error) {
    const seen = await page.evaluate(() => JSON.stringify((window as unknown as { seekProbe: SeekProbe }).seekProbe));
    throw new Error(`frame ${frame} was never presented (${seen})`, { cause: error });
  }
}

async function leaderFrame(viewer: Locator): Promise<number> {
  const text = (await viewer.getByTestId('viewer-time').textContent()) ?? '';
  const match = /frame (\d+)/.exec(text);
  if (!match) throw new Error(`viewer-time reads "${text}"`);
  return Number(match[1]);
}

const lastPixel = new WeakMap<Page, number>();

/**
 * `fraction`, moved two pixels on when it would click the pixel the last seek clicked: that click
 * chooses the frame already shown, and the readout this bench waits on would never move (seen at
 * full size, 100 seeks over a track a few hundred pixels wide).
 */
function apart(page: Page, fraction: number, width: number): number {
  const near = Math.abs((lastPixel.get(page) ?? -10) - fraction * width) < 2;
  const chosen = near ? Math.min(fraction + 2 / width, 0.99) : fraction;
  lastPixel.set(page, chosen * width);
  return chosen;
}

/**
 * One seek as a reviewer makes it, a click on the timeline, timed to the painting of the frame
 * the viewer then names; a seek that paints the wrong picture fails the run. The picture is read
 * back through a canvas unless `checkPicture` is false: the memory bench leaves that out, since
 * the read-back's own canvases grew the renderer by hundreds of MB that were not the viewer's.
 */
async function timedViewerSeek(session: ViewerSession, fraction: number, checkPicture = true): Promise<{ ms: number; frame: number }> {
  const { page, viewer } = session;
  const pane = viewer.getByTestId('pane-video-0');
  const video = (await pane.elementHandle()) as ElementHandle<HTMLCanvasElement>;
  const before = await leaderFrame(viewer);
  await armCanvasProbe(video);
  await seekByTimeline(page, viewer, apart(page, fraction, (await viewer.getByRole('slider', { name: 'Position' }).locator('xpath=..').boundingBox())?.width ?? 1));
  // The readout moves once the frame asked for is presented; it names the frame the click chose.
  const deadline = Date.now() + 30_000;
  let frame = before;
  while (frame === before) {
    if (Date.now() > deadline) throw new Error(`a click at ${fraction} of the timeline never moved the viewer from frame ${before}`);
    await page.waitForTimeout(5);
    frame = await leaderFrame(viewer);
  }
  const ms = await paintedAfter(page, frame);
  if (!checkPicture) {
    await video.dispose();
    return { ms, frame };
  }
  // Read after the timing: drawing the frame while the seek settles would slow what is measured.
  let shown = await readFrameIndex(page, pane);
  for (let tries = 0; shown !== frame % frameIndexCapacity && tries < 100; tries += 1) {
    await page.waitForTimeout(20);
    shown = await readFrameIndex(page, pane);
  }
  if (shown !== frame % frameIndexCapacity) throw new Error(`the viewer names frame ${frame}, its pane shows ${shown}`);
  await video.dispose();
  return { ms, frame };
}

/**
 * What reading alone costs a seek to `frame`: the bytes from its keyframe's packet to the end of
 * its own, fetched by one ranged request from the viewer's page and its media URL, timed to the
 * last byte. A decoder cannot start before its keyframe's bytes, nor finish before its frame's.
 */
async function timedSeekRead(session: ViewerSession, packets: VideoPacket[], frame: number): Promise<number> {
  let key = frame;
  while (key > 0 && !packets[key]!.key) key -= 1;
  const start = packets[key]!.pos;
  const end = Math.max(...packets.slice(key, frame + 1).map((packet) => packet.pos + packet.size));
  return session.page.evaluate(
    async ({ url, range }) => {
      const started = performance.now();
      const answer = await fetch(url, { headers: { Range: range }, cache: 'no-store' });
      await answer.arrayBuffer();
      return performance.now() - started;
    },
    { url: session.mediaUrl, range: `bytes=${start}-${end - 1}` },
  );
}

/** Random places along the timeline, away from its very ends. */
function seekFractions(count: number, seed: number): number[] {
  return randomFractions(count, seed).map((fraction) => 0.02 + fraction * 0.96);
}

/** The same seek on a bare <video>: script sets the time of the frame's middle, as the viewer does. */
async function timedBareSeek(page: Page, video: ElementHandle<HTMLVideoElement>, frame: number, fps: number): Promise<number> {
  await armProbe(video, fps);
  await video.evaluate((element, seconds) => {
    (window as unknown as { seekProbe: SeekProbe }).seekProbe.started = performance.now();
    element.currentTime = seconds;
  }, (frame + 0.5) / fps);
  return paintedAfter(page, frame);
}

/**
 * A page of the same origin holding nothing but a <video> of the same media URL, in a browser of
 * its own: a second tab of the viewer's browser would be a background tab, whose video frame
 * callbacks Chromium holds back, and it would share the viewer's media cache.
 */
async function bareVideo(session: ViewerSession): Promise<{ page: Page; video: ElementHandle<HTMLVideoElement>; close: () => Promise<void> }> {
  // The same media URL and the same preload as the viewer's pane: how much Chromium buffers follows it.
  // preload=auto, as the viewer's <video> panes had before the viewer decoded for itself.
  const pane = { src: session.mediaUrl, preload: 'auto' as const };
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    // Any page of the host's origin will do; an unknown call answers with a line of JSON and no app.
    await page.goto(`${session.host.origin}/api/blank`);
    const video = (await page.evaluateHandle(({ src, preload }) => {
      document.body.replaceChildren();
      const element = document.createElement('video');
      element.muted = true;
      element.preload = preload;
      element.src = src;
      element.style.width = '640px';
      document.body.append(element);
      return element;
    }, pane)) as ElementHandle<HTMLVideoElement>;
    await page.waitForFunction((element) => element.readyState >= 2, video);
    return { page, video, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Seeks made before measuring, in each page: the first seeks after a gigabyte was stored pay for the disk catching up. */
const warmupSeeks = 3;

/**
 * Interleaved seeks in the viewer and on the bare video (whatever slows one slows its neighbour
 * too), and after each viewer seek, the same seek's bytes read alone.
 */
async function interleavedSeeks(session: ViewerSession, bare: { page: Page; video: ElementHandle<HTMLVideoElement> }, count: number) {
  const { fps, frames } = session.large;
  const packets = await videoPackets(session.large.file);
  const viewerFractions = seekFractions(warmupSeeks + count, 7);
  const bareFrames = seekFractions(warmupSeeks + count, 11).map((fraction) => Math.floor(fraction * frames));
  const viewerMs: number[] = [];
  const bareMs: number[] = [];
  const readMs: number[] = [];
  for (let index = 0; index < warmupSeeks + count; index += 1) {
    const inViewer = await timedViewerSeek(session, viewerFractions[index]!);
    const reading = await timedSeekRead(session, packets, inViewer.frame);
    const onBare = await timedBareSeek(bare.page, bare.video, bareFrames[index]!, fps);
    if (index < warmupSeeks) continue;
    viewerMs.push(inViewer.ms);
    readMs.push(reading);
    bareMs.push(onBare);
  }
  return { viewerMs, bareMs, readMs };
}

async function runViewerSeek(size: BenchSize): Promise<BenchResult[]> {
  const count = size === 'small' ? 10 : 50;
  const session = await openLargeVideo(size);
  let bare: Awaited<ReturnType<typeof bareVideo>> | undefined;
  try {
    bare = await bareVideo(session);
    const { viewerMs, bareMs, readMs } = await interleavedSeeks(session, bare, count);
    const value = percentile(viewerMs, 95);
    const baseline = percentile(bareMs, 95);
    const reading = percentile(readMs, 95);
    return [
      { bench: 'viewer-seek', value: round(value), unit: 'ms (p95)', baseline: round(baseline), ratio: round(value / baseline), target: 150, size, samples: count, spread: { value: spreadOf(viewerMs), baseline: spreadOf(bareMs) } },
      // The floor under viewer-seek: the same seeks' bytes, only read. Its ratio is reading's share of a seek.
      { bench: 'viewer-seek-read', value: round(reading), unit: 'ms (p95)', baseline: round(value), ratio: round(reading / value), target: 150, size, samples: count, spread: { value: spreadOf(readMs), baseline: spreadOf(viewerMs) } },
    ];
  } finally {
    await bare?.close();
    await session.close();
  }
}

/**
 * One frame step as a reviewer makes it, a click on "Next frame" or "Previous frame", timed from
 * the press to the drawing of the frame the viewer then names; a step that draws anything but the
 * next frame fails the run.
 */
async function timedViewerStep(session: ViewerSession, direction: 1 | -1): Promise<number> {
  const { page, viewer } = session;
  const canvas = (await viewer.getByTestId('pane-video-0').elementHandle()) as ElementHandle<HTMLCanvasElement>;
  // Step from a settled screen: the readout names the frame the canvas shows.
  let before = await leaderFrame(viewer);
  for (let tries = 0; String(before) !== (await canvas.evaluate((element) => element.dataset.frame)); tries += 1) {
    if (tries > 500) throw new Error(`the viewer names frame ${before}, its pane shows another`);
    await page.waitForTimeout(10);
    before = await leaderFrame(viewer);
  }
  await armCanvasProbe(canvas);
  await viewer.getByRole('button', { name: direction === 1 ? 'Next frame' : 'Previous frame', exact: true }).click();
  const ms = await paintedAfter(page, before + direction);
  await canvas.dispose();
  return ms;
}

/**
 * Steps at random places: at each, five steps forward then five back, as a reviewer looks either
 * side of a moment. The baseline makes the same steps on the bare <video> the way the viewer did
 * before it decoded for itself: the time of the next frame's middle, presented.
 */
async function runViewerStep(size: BenchSize): Promise<BenchResult> {
  const places = size === 'small' ? 3 : 10;
  const session = await openLargeVideo(size);
  let bare: Awaited<ReturnType<typeof bareVideo>> | undefined;
  try {
    bare = await bareVideo(session);
    const { fps, frames } = session.large;
    const viewerMs: number[] = [];
    const bareMs: number[] = [];
    const directions: (1 | -1)[] = [1, 1, 1, 1, 1, -1, -1, -1, -1, -1];
    for (const [place, fraction] of seekFractions(places + 1, 17).entries()) {
      await timedViewerSeek(session, fraction, false);
      let bareFrame = Math.floor(fraction * frames);
      await timedBareSeek(bare.page, bare.video, bareFrame, fps);
      for (const direction of directions) {
        const inViewer = await timedViewerStep(session, direction);
        bareFrame += direction;
        const onBare = await timedBareSeek(bare.page, bare.video, bareFrame, fps);
        // The first place warms both up: the disk, the decoder, the page.
        if (place === 0) continue;
        viewerMs.push(inViewer);
        bareMs.push(onBare);
      }
    }
    const value = percentile(viewerMs, 95);
    const baseline = percentile(bareMs, 95);
    return { bench: 'viewer-step', value: round(value), unit: 'ms (p95)', baseline: round(baseline), ratio: round(value / baseline), target: 30, size, samples: viewerMs.length, spread: { value: spreadOf(viewerMs), baseline: spreadOf(bareMs) } };
  } finally {
    await bare?.close();
    await session.close();
  }
}

/**
 * The resident memory of the renderer processes of `page`'s browser (Linux /proc), in MB, after a
 * garbage collection in the page. The issue asks for the renderer's memory, not only its JavaScript
 * heap: decoded frames and media buffers live outside the heap.
 */
async function rendererMemory(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  const browserCdp = await page.context().browser()!.newBrowserCDPSession();
  return async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    const renderers = processInfo.filter((info) => info.type === 'renderer');
    if (renderers.length === 0) throw new Error('Chromium reported no renderer process');
    let kib = 0;
    for (const { id } of renderers) {
      const status = await readFile(`/proc/${id}/status`, 'utf8').catch(() => {
        throw new Error(`viewer-memory reads renderer memory from /proc, which this system does not have (process ${id})`);
      });
      kib += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    }
    return kib / 1024;
  };
}

async function runViewerMemory(size: BenchSize): Promise<BenchResult[]> {
  const session = await openLargeVideo(size);
  let bare: Awaited<ReturnType<typeof bareVideo>> | undefined;
  try {
    bare = await bareVideo(session);
    const viewerMb = await rendererMemory(session.page);
    const bareMb = await rendererMemory(bare.page);
    const fractions = seekFractions(size === 'small' ? 20 : 100, 13);
    const { fps, frames } = session.large;
    // The same places in both, one after the other, so that both read the same disk.
    const seekBoth = async (fraction: number) => {
      await timedViewerSeek(session, fraction, false);
      await timedBareSeek(bare!.page, bare!.video, Math.floor(fraction * frames), fps);
    };
    const levels = async () => ({ viewer: await viewerMb(), bare: await bareMb() });
    const half = Math.floor(fractions.length / 2);
    await seekBoth(fractions[0]!);
    const first = await levels();
    for (const fraction of fractions.slice(1, half)) await seekBoth(fraction);
    const middle = await levels();
    for (const fraction of fractions.slice(half)) await seekBoth(fraction);
    const last = await levels();
    const line = (bench: string, from: typeof first, samples: number): BenchResult => {
      const growth = last.viewer - from.viewer;
      const bareGrowth = last.bare - from.bare;
      return { bench, value: round(growth), unit: 'MB', baseline: round(bareGrowth), ratio: round(growth / Math.max(bareGrowth, 1)), target: 50, size, samples };
    };
    // The second line tells a leak from a cache: a leak keeps growing through the second half.
    return [line('viewer-memory', first, fractions.length), line('viewer-memory-second-half', middle, fractions.length - half)];
  } finally {
    await bare?.close();
    await session.close();
  }
}

/**
 * Seeking in a 2 GiB video in the viewer against the browser host (BENCH_SIZE=small: 64 MiB):
 * p95 milliseconds from the click on the timeline to the chosen frame presented, over 50 random
 * seeks (small: 10), against the same kind of seeks made by script on a bare <video> of the same
 * media URL (the same Range handler) in a page of its own.
 */
export const viewerSeek: Bench = { name: 'viewer-seek', run: runViewerSeek };

/**
 * Frame steps in the 2 GiB video (small: 64 MiB): p95 milliseconds from the press of "Next frame"
 * or "Previous frame" to the new frame drawn, five each way at 10 random places (small: 3), against
 * the same steps on a bare <video> made as seeks to the next frame's middle.
 */
export const viewerStep: Bench = { name: 'viewer-step', run: runViewerStep };

/**
 * The growth of the viewer's renderer memory (resident, after a collection) from the first of 100
 * random timeline seeks (small: 20) in the 2 GiB video to the last; baseline: the growth of a bare
 * <video>'s renderer over the same seeks, in a browser of its own. A second line gives the growth
 * over the second half of the seeks alone.
 */
export const viewerMemory: Bench = { name: 'viewer-memory', run: runViewerMemory };
