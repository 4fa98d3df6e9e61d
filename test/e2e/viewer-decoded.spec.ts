// The compare viewer's frame-exact player (decoded panes, decision 0025) in Chromium: a variable
// frame rate video, where time × fps names the wrong picture, and "Suggest offset" finding a
// trimmed copy (decision 0026). What a pane shows is read from its pixels.
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { vfrTime, writeDecoderVideo } from '../support/decoder-media';
import { ffmpegBinary } from '../support/ffmpeg';
import { ffmpegFound, readFrameIndex, writeFrameVideo } from '../support/frame-video';
import { keyframesOf } from '../support/video-packets';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';
import { bringFiles, canvasInk, compareEvidence, disputeForLina, openCaseAsLina, readout, seekByTimeline } from './viewer-support';

const run = promisify(execFile);

interface Media {
  dir: string;
  /** 40 frames: 10 at 30 fps, 10 at 15 fps, 20 at 60 fps; frame n shows n. */
  vfr: string;
  /** 2 s at 30 fps; frame n shows 1000 + n. */
  cfr: string;
  /** 10 s of a zoom into the Mandelbrot set, and a copy from its frame 37 on, smaller and at a low bitrate. */
  original: string;
  trimmed: string;
  /** 6 s of a test picture with a 440 Hz tone. */
  withSound: string;
}

const test = base.extend<{ service: RunningService; host: RunningHost; media: Media }>({
  page: async ({ page, host: _host }, use) => {
    await use(page);
    await page.close();
  },
  ...serviceAndHost(40),
  media: async ({}, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-decoded-'));
    const media: Media = {
      dir,
      vfr: path.join(dir, 'doorbell-phone.mp4'),
      cfr: path.join(dir, 'porch-camera.mp4'),
      original: path.join(dir, 'delivery-original.mp4'),
      trimmed: path.join(dir, 'delivery-reposted.mp4'),
      withSound: path.join(dir, 'unboxing-with-sound.mp4'),
    };
    await writeDecoderVideo(media.vfr, 'h264-vfr', 40);
    await writeFrameVideo(media.cfr, { frames: 60, fps: 30, firstIndex: 1000 });
    const ffmpeg = (...args: string[]) => run(ffmpegBinary, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { timeout: 120_000 });
    const h264 = ['-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'veryfast'];
    await ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=320x240:rate=30', '-t', '10', ...h264, '-g', '60', '-movflags', '+faststart', media.original);
    await ffmpeg('-i', media.original, '-vf', 'trim=start_frame=37,setpts=PTS-STARTPTS,scale=160:120', '-b:v', '80k', ...h264, media.trimmed);
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '6', ...h264, '-c:a', 'aac', '-shortest', '-movflags', '+faststart', media.withSound);
    await use(media);
    await rm(dir, { recursive: true, force: true });
  },
});

test.skip(!ffmpegFound, 'ffmpeg with libx264 is not installed: these journeys play videos made with it');

/**
 * Waits until the readout and pane 0's pixels name the same frame, and answers it; checks the
 * readout's time is that frame's time in the container, which time × fps would not give.
 */
async function settledOnSameFrame(page: Page, viewer: Locator): Promise<number> {
  let named = -1;
  await expect
    .poll(async () => {
      named = (await readout(viewer)).frame;
      return (await readFrameIndex(page, viewer.getByTestId('pane-video-0'))) === named;
    }, { message: 'pane 0 shows the frame the readout names' })
    .toBe(true);
  expect((await readout(viewer)).seconds, `the readout's time for frame ${named}`).toBeCloseTo(vfrTime(named), 3);
  return named;
}

async function press(viewer: Locator, name: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i += 1) await viewer.getByRole('button', { name, exact: true }).click();
}

test('a variable-frame-rate video: the frame the readout names is the frame drawn, after steps, seeks, offsets and play', async ({ page, host, service, media }) => {
  test.setTimeout(240_000);
  await openCaseAsLina(page, host, await disputeForLina(service));
  await bringFiles(page, [media.vfr, media.cfr]);
  const viewer = await compareEvidence(page, [media.vfr, media.cfr]);
  const vfrPane = viewer.getByTestId('pane-video-0');
  const cfrPane = viewer.getByTestId('pane-video-1');
  await expect(vfrPane).toHaveAttribute('data-player', 'decoded');
  expect(await settledOnSameFrame(page, viewer)).toBe(0);

  // Into the 15 fps part: frame 12 starts at 0.467 s, where 30 fps arithmetic would say frame 14.
  await press(viewer, 'Next frame', 12);
  expect(await settledOnSameFrame(page, viewer)).toBe(12);
  // Into the 60 fps part, by ten and by one; back again.
  await press(viewer, 'Forward 10 frames');
  await press(viewer, 'Next frame', 3);
  expect(await settledOnSameFrame(page, viewer)).toBe(25);
  // The 30 fps pane beside it shows the picture of that moment: 1.083 s is its frame 32.
  await expect.poll(() => readFrameIndex(page, cfrPane), { message: 'pane 1 shows its frame at 1.083 s' }).toBe(1032);
  await press(viewer, 'Back 10 frames');
  await press(viewer, 'Previous frame', 6);
  expect(await settledOnSameFrame(page, viewer)).toBe(9);

  // A click on the timeline lands on a frame; the readout and the picture agree on which.
  for (const fraction of [0.85, 0.4, 0.1]) {
    await seekByTimeline(page, viewer, fraction);
    await settledOnSameFrame(page, viewer);
  }

  // Dragging the timeline shows keyframes as it moves, which keep up with the pointer; letting go
  // shows the exact frame. Held near the end (about frame 37), the pane shows the keyframe before.
  const keyframes = await keyframesOf(media.vfr);
  const track = viewer.getByRole('slider', { name: 'Position' }).locator('xpath=..');
  const box = (await track.boundingBox())!;
  await page.mouse.move(box.x + 0.05 * box.width, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 0.97 * box.width, box.y + box.height / 2, { steps: 8 });
  let held = -1;
  await expect
    .poll(async () => {
      held = (await readout(viewer)).frame;
      return held > 20 && keyframes.includes(held) && (await readFrameIndex(page, vfrPane)) === held;
    }, { message: `while dragging, the pane and the readout show a keyframe (${keyframes.join(', ')})` })
    .toBe(true);
  await page.mouse.up();
  const released = await settledOnSameFrame(page, viewer);
  expect(keyframes.includes(released), `on release, frame ${released} (not a keyframe) is shown`).toBe(false);
  expect(Math.max(...keyframes.filter((key) => key <= released)), 'the frame held was the keyframe before it').toBe(held);

  // The filmstrip under the timeline: a thumbnail for keyframes, each drawn, each going there.
  const strip = viewer.getByRole('group', { name: 'Keyframes of the leading video' });
  const thumbs = strip.getByRole('button');
  await expect(thumbs.first()).toBeVisible();
  const count = await thumbs.count();
  await expect(strip.locator('canvas[data-drawn="true"]'), 'every thumbnail is drawn').toHaveCount(count, { timeout: 30_000 });
  await expect(strip.locator('canvas[data-from="decoded"]'), 'the first opening decodes each thumbnail').toHaveCount(count);
  const last = Number(/frame (\d+)\)$/.exec((await thumbs.last().getAttribute('aria-label')) ?? '')?.[1]);
  expect(keyframes).toContain(last);
  await thumbs.last().click();
  expect(await settledOnSameFrame(page, viewer)).toBe(last);

  // An offset on the 30 fps pane shifts it by whole frames of its own.
  await seekByTimeline(page, viewer, 0.8);
  const frame = await settledOnSameFrame(page, viewer);
  const before = await readFrameIndex(page, cfrPane);
  await press(viewer, '+1 frame pane 2', 3);
  await expect.poll(() => readFrameIndex(page, cfrPane), { message: 'pane 1 moves three of its frames' }).toBe(before! + 3);
  expect(await settledOnSameFrame(page, viewer)).toBe(frame);

  // In the difference layout the panes stay under the difference, and steps stay exact.
  await viewer.getByRole('radiogroup', { name: 'Layout' }).getByText('Difference', { exact: true }).click();
  await expect(viewer.getByTestId('difference-canvas')).toBeVisible();
  await press(viewer, 'Previous frame', 2);
  expect(await settledOnSameFrame(page, viewer)).toBe(frame - 2);
  await expect.poll(() => canvasInk(viewer.getByTestId('difference-canvas')), { message: 'two different videos leave a difference' }).toBeGreaterThan(0.05);
  await viewer.getByRole('radiogroup', { name: 'Layout' }).getByText('Side by side', { exact: true }).click();

  // Play from the start, pause: the two agree again, and it played.
  await seekByTimeline(page, viewer, 0);
  await settledOnSameFrame(page, viewer);
  // At a quarter speed the 1.3 s video plays for 5 s, so a slow machine still pauses it part-way.
  await viewer.getByRole('combobox', { name: 'Speed' }).selectOption('0.25');
  await press(viewer, 'Play');
  await expect.poll(async () => (await readout(viewer)).frame, { message: 'it plays' }).toBeGreaterThan(0);
  await press(viewer, 'Pause');
  await expect(viewer.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  expect(await settledOnSameFrame(page, viewer)).toBeGreaterThan(0);
  await viewer.getByRole('combobox', { name: 'Speed' }).selectOption('1');

  // A note on frame 7 (0.2333 s, kept as 0.233 s, which is still frame 6) keeps the frame's index,
  // and opens on frame 7 again.
  await seekByTimeline(page, viewer, 0);
  await settledOnSameFrame(page, viewer);
  await press(viewer, 'Next frame', 7);
  expect(await settledOnSameFrame(page, viewer)).toBe(7);
  await viewer.getByRole('button', { name: 'Add note', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a note' });
  await expect(dialog).toContainText('(frame 7)');
  await dialog.getByRole('textbox', { name: 'Note' }).fill('The tape is cut here.');
  await dialog.getByRole('button', { name: 'Save note' }).click();
  await expect(dialog).toBeHidden();
  await press(viewer, 'Forward 10 frames', 2);
  expect(await settledOnSameFrame(page, viewer)).toBe(27);
  await viewer.getByRole('button', { name: 'Go to the note at 00:00.233 · frame 7: The tape is cut here.' }).click();
  expect(await settledOnSameFrame(page, viewer)).toBe(7);
  await expect(viewer.getByRole('alert')).toHaveCount(0);

  // Opened again, the filmstrip comes from the evidence store, where the first opening kept it.
  await page.getByRole('button', { name: /Back to the case/ }).click();
  const again = await compareEvidence(page, [media.vfr, media.cfr]);
  const kept = again.getByRole('group', { name: 'Keyframes of the leading video' }).locator('canvas');
  await expect(kept.first()).toBeVisible();
  await expect(kept.and(again.locator('canvas[data-from="store"]')), 'every thumbnail is read back from the store').toHaveCount(await kept.count(), { timeout: 30_000 });
});

test('Suggest offset finds where a trimmed, re-encoded copy starts, and applying it lines the two up', async ({ page, host, service, media }) => {
  test.setTimeout(180_000);
  await openCaseAsLina(page, host, await disputeForLina(service));
  await bringFiles(page, [media.original, media.trimmed]);
  const viewer = await compareEvidence(page, [media.original, media.trimmed]);
  await expect(viewer.getByTestId('pane-video-1')).toHaveAttribute('data-player', 'decoded');
  await press(viewer, 'Forward 10 frames', 5);
  await expect.poll(async () => (await readout(viewer)).frame).toBe(50);

  // Unaligned, frame 50 of the original beside frame 50 of the copy (the original's 87): they differ.
  const layout = viewer.getByRole('radiogroup', { name: 'Layout' });
  await layout.getByText('Difference', { exact: true }).click();
  const difference = viewer.getByTestId('difference-canvas');
  await expect.poll(() => canvasInk(difference), { message: 'unaligned, the difference is not blank' }).toBeGreaterThan(0);
  const unaligned = await canvasInk(difference);

  await viewer.getByRole('button', { name: 'Suggest an offset for pane 2 against pane 1' }).click();
  const answer = viewer.getByRole('status').filter({ hasText: 'Pane 2 lines up with pane 1' });
  await expect(answer).toContainText('at an offset of -37 frames', { timeout: 60_000 });
  await expect(answer).toContainText('High confidence');
  await expect(answer.getByRole('img', { name: /How different the lined-up pictures are along pane 2/ })).toBeVisible();
  await answer.getByRole('button', { name: 'Apply offset -37 to pane 2' }).click();
  await expect(viewer.getByLabel('Offset (frames) pane 2', { exact: true })).toHaveValue('-37');
  await expect(answer).toContainText('Pane 2 now has offset -37.');

  // Aligned, the difference is what re-encoding left: far less than before.
  await expect.poll(() => canvasInk(difference), { message: `aligned, the difference falls well below ${unaligned}` }).toBeLessThan(unaligned / 2);
  await expect(viewer.getByRole('alert')).toHaveCount(0);
});

test('a decoded video with sound plays it with the pictures, from the leading pane only', async ({ page, host, service, media }) => {
  test.setTimeout(180_000);
  await openCaseAsLina(page, host, await disputeForLina(service));
  await bringFiles(page, [media.withSound, media.cfr]);
  const viewer = await compareEvidence(page, [media.withSound, media.cfr]);
  await expect(viewer.getByTestId('pane-video-0')).toHaveAttribute('data-player', 'decoded');
  const sound = viewer.getByTestId('pane-sound-0');
  // The frame-numbered video has no sound track: its pane has nothing to play.
  await expect(viewer.getByTestId('pane-sound-1')).not.toHaveAttribute('src');
  await expect(sound).toHaveAttribute('src', /\/media\//);
  const state = () => sound.evaluate((element: HTMLAudioElement) => ({ paused: element.paused, muted: element.muted, time: element.currentTime }));
  expect((await state()).paused).toBe(true);

  await press(viewer, 'Play');
  await expect.poll(async () => (await state()).time, { message: 'the sound plays on' }).toBeGreaterThan(1);
  const playing = await state();
  expect(playing.paused).toBe(false);
  expect(playing.muted, 'the leading pane is heard').toBe(false);
  // The sound keeps to the pictures' clock: within a few tenths of a second of the readout.
  await press(viewer, 'Pause');
  await expect.poll(async () => (await state()).paused).toBe(true);
  const { seconds } = await readout(viewer);
  expect(Math.abs((await state()).time - seconds), `sound at ${(await state()).time} s, pictures at ${seconds} s`).toBeLessThan(0.5);
});
