// Bad input in the compare viewer (issue 19): each journey brings a good frame-numbered video and
// a bad one into a case, compares them, and checks what a reviewer meets: the bad pane says in
// words what is wrong, offers the playable copy only where a copy helps, and the good pane beside
// it still steps frame by frame. Every bad file is made for real, with ffmpeg or by editing the
// boxes of a real MP4.
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { forgeSampleDelta, forgeSampleEntrySize, joinSizes, writeAudioOnly, writeDecoderVideo } from '../support/decoder-media';
import { ffmpegBinary, ffprobeBinary } from '../support/ffmpeg';
import { ffmpegFound, readFrameIndex, writeFrameVideo } from '../support/frame-video';
import { truncateCopy } from '../support/media';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';
import { bringFiles, compareEvidence, disputeForLina, evidenceTable, openCaseAsLina } from './viewer-support';

const run = promisify(execFile);

/** The good video: 2 s at 30 fps, 320×180; frame n shows 1000 + n. */
const goodStart = 1000;

const test = base.extend<{ service: RunningService; host: RunningHost; dir: string; good: string; pageErrors: string[] }>({
  // The page closes before the host stops: a paused <video> holds its Range response open.
  page: async ({ page, host: _host }, use) => {
    await use(page);
    await page.close();
  },
  ...serviceAndHost(40),
  dir: async ({}, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-bad-video-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  good: async ({ dir }, use) => {
    const good = path.join(dir, 'porch-camera.mp4');
    await writeFrameVideo(good, { frames: 60, fps: 30, firstIndex: goodStart });
    await use(good);
  },
  // Uncaught errors in the page: a bad file must be an answer in words, never a crash.
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
});

test.skip(!ffmpegFound, 'ffmpeg with libx264 is not installed: these journeys compare videos made with it');

/** The leader's readout frame, from `frame N · mm:ss.mmm`. */
async function readoutFrame(viewer: Locator): Promise<number | undefined> {
  const text = (await viewer.getByTestId('viewer-time').textContent()) ?? '';
  const match = /frame (\d+) ·/.exec(text);
  return match ? Number(match[1]) : undefined;
}

async function press(viewer: Locator, name: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i += 1) await viewer.getByRole('button', { name, exact: true }).click();
}

/**
 * The rest of the viewer keeps working beside a bad pane: the good pane (pane 0, the leader) is
 * drawn by the frame-exact player, steps three frames on "Next frame" and back one, and its
 * pixels and the readout agree; and nothing in the page threw.
 */
async function goodPaneSteps(page: Page, viewer: Locator, pageErrors: string[]): Promise<void> {
  const good = viewer.getByTestId('pane-video-0');
  await expect(good).toHaveAttribute('data-player', 'decoded');
  await expect(viewer.getByTestId('viewer-pane-0').getByRole('alert')).toHaveCount(0);
  await expect.poll(() => readFrameIndex(page, good), { message: 'the good pane shows its first frame' }).toBe(goodStart);
  await press(viewer, 'Next frame', 3);
  await expect.poll(() => readFrameIndex(page, good), { message: 'the good pane steps to its frame 3' }).toBe(goodStart + 3);
  await expect.poll(() => readoutFrame(viewer), { message: 'the readout names frame 3' }).toBe(3);
  await press(viewer, 'Previous frame');
  await expect.poll(() => readFrameIndex(page, good), { message: 'the good pane steps back to its frame 2' }).toBe(goodStart + 2);
  await expect(viewer.getByTestId('viewer-pane-0').getByRole('alert')).toHaveCount(0);
  expect(pageErrors, 'errors thrown in the page').toEqual([]);
}

/** Signs in as Li Na, brings the good video and `bad` into a case, and compares them, good first. */
async function compareBesideGood(page: Page, host: RunningHost, service: RunningService, good: string, bad: string): Promise<Locator> {
  await openCaseAsLina(page, host, await disputeForLina(service));
  await bringFiles(page, [good, bad]);
  return compareEvidence(page, [good, bad]);
}

test('an audio-only file says it has no picture, offers no copy, and the video beside it steps', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const bad = path.join(dir, 'doorbell-audio.mp4');
  await writeAudioOnly(bad);
  const viewer = await compareBesideGood(page, host, service, good, bad);

  const pane = viewer.getByTestId('viewer-pane-1');
  // Intake takes the file in, and its probe finds no picture: the pane says so from the evidence's
  // description, before any player opens it (the frame-exact player's own no_video_track sentence
  // is for a file whose track it cannot read).
  await expect(pane.getByRole('alert')).toHaveText(
    'doorbell-audio.mp4 has no video track the desk could read, so there is no picture to show. If it should have one, the file may be cut short or damaged: see its flags in the case, or ask the party for it again.',
  );
  await expect(viewer.getByTestId('pane-video-1')).toHaveCount(0);
  await expect(pane.getByRole('button', { name: 'Make a playable copy' })).toHaveCount(0);
  await goodPaneSteps(page, viewer, pageErrors);
});

test('a video declaring a 40,000 × 40,000 picture says so, with the size, and offers the playable copy', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const bad = path.join(dir, 'doorbell-forged-size.mp4');
  await writeDecoderVideo(bad, 'h264-bframes', 30);
  // The sample entry says 40000 × 40000; the H.264 stream inside still says 320 × 180.
  await forgeSampleEntrySize(bad, 40_000, 40_000);
  const viewer = await compareBesideGood(page, host, service, good, bad);

  const pane = viewer.getByTestId('viewer-pane-1');
  await expect(pane.getByRole('alert')).toContainText('doorbell-forged-size.mp4 declares a picture of 40,000 × 40,000 pixels, beyond the 16,384 pixels a side');
  await expect(pane.getByRole('button', { name: 'Make a playable copy' })).toBeVisible();
  await goodPaneSteps(page, viewer, pageErrors);

  // The copy helps: ffmpeg reads the picture size from the stream, and the copy shows the frame
  // the good pane is on.
  await pane.getByRole('button', { name: 'Make a playable copy' }).click();
  await expect(pane.getByRole('alert')).toHaveCount(0, { timeout: 60_000 });
  await expect.poll(() => readFrameIndex(page, viewer.getByTestId('pane-video-1')), { message: 'the copy shows frame 2' }).toBe(2);
  await press(viewer, 'Next frame');
  await expect.poll(() => readFrameIndex(page, viewer.getByTestId('pane-video-1')), { message: 'the copy steps to frame 3' }).toBe(3);
  expect(pageErrors).toEqual([]);
});

test('a file cut short says it was cut short and how to check, with no copy offered', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const whole = path.join(dir, 'whole.mp4');
  await writeFrameVideo(whole, { frames: 90, fps: 30 });
  const bad = path.join(dir, 'doorbell-cut.mp4');
  // The index (moov) is at the front: the cut loses the last frames' bytes, not the index. Intake
  // takes it in (its ffprobe reads the header, which is whole); the viewer finds the cut when it
  // opens the file and reads the last sample.
  await truncateCopy(whole, bad, 0.6);
  const viewer = await compareBesideGood(page, host, service, good, bad);

  const pane = viewer.getByTestId('viewer-pane-1');
  await expect(pane.getByRole('alert')).toContainText('doorbell-cut.mp4 ends before the frames its own index lists: it was cut short');
  await expect(pane.getByRole('button', { name: 'Make a playable copy' })).toHaveCount(0);
  await goodPaneSteps(page, viewer, pageErrors);
});

test('a file cut inside its header is flagged Unreadable at intake, and its pane says there is no picture and why it may be', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const whole = path.join(dir, 'whole.mp4');
  await writeFrameVideo(whole, { frames: 90, fps: 30 });
  const bad = path.join(dir, 'doorbell-header-cut.mp4');
  // 3% of the file: the cut falls inside the movie header (moov), so nothing can find a frame.
  await truncateCopy(whole, bad, 0.03);
  await openCaseAsLina(page, host, await disputeForLina(service));
  // Intake takes it in, but its probe cannot read it: the case lists it flagged "Unreadable".
  await bringFiles(page, [good, bad]);
  await expect(evidenceTable(page).getByRole('listitem').filter({ hasText: 'doorbell-header-cut.mp4' })).toContainText('Unreadable');
  const viewer = await compareEvidence(page, [good, bad]);

  // The probe found no video facts, so the pane answers from them. Until it said "has no video
  // track" flatly, which is untrue of a damaged video; it now says why there may be none.
  const pane = viewer.getByTestId('viewer-pane-1');
  await expect(pane.getByRole('alert')).toContainText('doorbell-header-cut.mp4 has no video track the desk could read');
  await expect(pane.getByRole('alert')).toContainText('the file may be cut short or damaged');
  await expect(pane.getByRole('button', { name: 'Make a playable copy' })).toHaveCount(0);
  await goodPaneSteps(page, viewer, pageErrors);
});

test('an HEVC video this Chromium cannot decode names its codec and offers the copy, and the other pane steps', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const bad = path.join(dir, 'doorbell-hevc.mp4');
  await writeDecoderVideo(bad, 'hevc', 30);
  await openCaseAsLina(page, host, await disputeForLina(service));
  const hevc = await page.evaluate(() => document.createElement('video').canPlayType('video/mp4; codecs="hvc1.1.6.L93.B0"') !== '');
  test.skip(hevc, 'this Chromium plays HEVC, so there is no refused codec to show');
  await bringFiles(page, [good, bad]);
  const viewer = await compareEvidence(page, [good, bad]);

  // The frame-exact player hands it to a <video>, which cannot play it either. (Making the copy
  // and stepping it is viewer.spec's journey; here the pane's words and the pane beside it.)
  const pane = viewer.getByTestId('viewer-pane-1');
  await expect(pane.getByRole('alert')).toContainText('Chromium cannot play this video (codec hevc)');
  await expect(pane.getByRole('button', { name: 'Make a playable copy' })).toBeVisible();
  await goodPaneSteps(page, viewer, pageErrors);
});

test('a video whose picture size changes part-way plays both sizes, frame-exact, beside the other', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const small = path.join(dir, 'small.mp4');
  const large = path.join(dir, 'large.mp4');
  // Frames 0–29 at 320×180, then frames 30–59 at 480×270, each showing its own index.
  await writeFrameVideo(small, { frames: 30, fps: 30, firstIndex: 0 });
  await writeFrameVideo(large, { frames: 30, fps: 30, width: 480, height: 270, firstIndex: 30 });
  const bad = path.join(dir, 'doorbell-resized.mp4');
  await joinSizes(small, large, bad);
  const viewer = await compareBesideGood(page, host, service, good, bad);

  const resized = viewer.getByTestId('pane-video-1');
  await expect(resized).toHaveAttribute('data-player', 'decoded');
  await expect.poll(() => readFrameIndex(page, resized), { message: 'the resized video shows its frame 0' }).toBe(0);
  await goodPaneSteps(page, viewer, pageErrors);
  // Across the change of size: frame 32 is drawn at 480 × 270 and reads as 32.
  await press(viewer, 'Forward 10 frames', 3);
  await expect.poll(() => readoutFrame(viewer)).toBe(32);
  await expect.poll(() => readFrameIndex(page, resized), { message: 'the resized video shows its frame 32' }).toBe(32);
  await expect.poll(() => readFrameIndex(page, viewer.getByTestId('pane-video-0'))).toBe(goodStart + 32);
  await expect(viewer.getByTestId('viewer-pane-1').getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('a video whose frame times repeat says its times are broken and offers the copy that numbers them again', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const bad = path.join(dir, 'doorbell-repeated-times.mp4');
  await writeDecoderVideo(bad, 'h264-vfr', 40);
  // The second stts entry (frames 10–19) gets a duration of 0: ffprobe then lists frames 10 to 20
  // all at 0.333 s.
  await forgeSampleDelta(bad, 1, 0);
  const viewer = await compareBesideGood(page, host, service, good, bad);

  const pane = viewer.getByTestId('viewer-pane-1');
  await expect(pane.getByRole('alert')).toContainText('The frame times in doorbell-repeated-times.mp4 are broken');
  await expect(pane.getByRole('button', { name: 'Make a playable copy' })).toBeVisible();
  await goodPaneSteps(page, viewer, pageErrors);

  // The copy helps: ffmpeg times its frames again, and it steps with the good pane (up to frame
  // 10 its frames are the original's; the repeated ones it drops).
  await pane.getByRole('button', { name: 'Make a playable copy' }).click();
  await expect(pane.getByRole('alert')).toHaveCount(0, { timeout: 60_000 });
  const copy = viewer.getByTestId('pane-video-1');
  await expect.poll(() => readFrameIndex(page, copy), { message: 'the copy shows frame 2' }).toBe(2);
  await press(viewer, 'Next frame');
  await expect.poll(() => readFrameIndex(page, copy), { message: 'the copy steps to frame 3' }).toBe(3);
  expect(pageErrors).toEqual([]);
});

test('a video whose frame times went backwards, squeezed by the muxer, still steps frame by frame with its times as the file says', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const whole = path.join(dir, 'whole.mp4');
  await writeFrameVideo(whole, { frames: 60, fps: 30 });
  const bad = path.join(dir, 'doorbell-backwards.mp4');
  // Frames 20–29 are stamped 15 frames back in time (5/30 s to 14/30 s). MP4 cannot hold decode
  // times that go backwards, so ffmpeg's muxer moves each to one tick after the last: ten frames
  // crowded into 0.633–0.634 s, which is what such a file really looks like.
  await run(ffmpegBinary, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', whole, '-vf', "setpts='if(between(N,20,29),N-15,N)/(30*TB)'", '-vsync', 'passthrough', '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', '10', bad]);
  const times = (await run(ffprobeBinary, ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', bad])).stdout.trim().split('\n').map(Number);
  expect(times[19]).toBeCloseTo(19 / 30, 4);
  expect(times[29]! - times[19]!, 'frames 20–29 crowd within a millisecond of frame 19').toBeLessThan(0.001);
  expect(times[30]).toBeCloseTo(1, 4);

  // The bad video leads (pane 0): its frames are the steps.
  await openCaseAsLina(page, host, await disputeForLina(service));
  await bringFiles(page, [bad, good]);
  const viewer = await compareEvidence(page, [bad, good]);
  const crowded = viewer.getByTestId('pane-video-0');
  const other = viewer.getByTestId('pane-video-1');
  await expect(crowded).toHaveAttribute('data-player', 'decoded');
  await press(viewer, 'Forward 10 frames');
  await press(viewer, 'Next frame', 9);
  await expect.poll(() => readFrameIndex(page, crowded)).toBe(19);
  // Each crowded frame is its own step: the picture, the readout and its time agree, and the good
  // video beside it, at the same moment, holds its frame 19.
  for (const frame of [20, 21, 29]) {
    await press(viewer, 'Next frame', frame === 29 ? 8 : 1);
    await expect.poll(() => readFrameIndex(page, crowded), { message: `the crowded video shows its frame ${frame}` }).toBe(frame);
    await expect.poll(() => readoutFrame(viewer)).toBe(frame);
    await expect(viewer.getByTestId('viewer-time')).toContainText(/00:00\.63[34]/);
    await expect.poll(() => readFrameIndex(page, other)).toBe(goodStart + 19);
  }
  // Past them, both move on together.
  await press(viewer, 'Next frame');
  await expect.poll(() => readFrameIndex(page, crowded)).toBe(30);
  await expect.poll(() => readFrameIndex(page, other)).toBe(goodStart + 30);
  await expect(viewer.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

/**
 * Writes a 60-frame frame-numbered video to `file` and damages it: the first keyframe from frame
 * 25 on gets a NAL length far past its sample, as a flipped run of bytes leaves it. ffprobe still
 * reads the file (its index is whole). Answers that keyframe's frame.
 */
async function damageKeyframe(bad: string): Promise<{ frame: number }> {
  await writeFrameVideo(bad, { frames: 60, fps: 30 });
  const packets = (await run(ffprobeBinary, ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time,pos,flags', '-of', 'compact=p=0', bad])).stdout.trim().split('\n');
  const keyframes = packets.flatMap((packet) => {
    const match = /pts_time=([\d.]+)\|pos=(\d+)\|flags=K/.exec(packet);
    return match ? [{ frame: Math.round(Number(match[1]) * 30), pos: Number(match[2]) }] : [];
  });
  const hit = keyframes.find((keyframe) => keyframe.frame >= 25 && keyframe.frame < 50);
  if (!hit) throw new Error(`no keyframe between frames 25 and 50: ${packets.join(' ')}`);
  const bytes = await readFile(bad);
  bytes.writeUInt32BE(0x00ffffff, hit.pos);
  await writeFile(bad, bytes);
  return hit;
}

test('a video damaged part-way plays up to the damage, then says which frame the decoder failed on, and the other pane steps on', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const bad = path.join(dir, 'doorbell-damaged.mp4');
  const hit = await damageKeyframe(bad);
  const viewer = await compareBesideGood(page, host, service, good, bad);

  // Up to the damage, the video plays: decoding ahead in the background meets the damaged sample
  // and keeps quiet about it (until this was fixed, the pane failed at once, "on frame 1").
  const damaged = viewer.getByTestId('pane-video-1');
  await expect(damaged).toHaveAttribute('data-player', 'decoded');
  await goodPaneSteps(page, viewer, pageErrors);
  await press(viewer, 'Forward 10 frames', 2);
  await press(viewer, 'Next frame', hit.frame - 1 - 22);
  await expect.poll(() => readFrameIndex(page, damaged), { message: `the damaged video shows its frame ${hit.frame - 1}` }).toBe(hit.frame - 1);
  const pane = viewer.getByTestId('viewer-pane-1');
  await expect(pane.getByRole('alert')).toHaveCount(0);

  // The damaged keyframe cannot be decoded: the pane says so, naming its frame, and offers the copy.
  await press(viewer, 'Next frame');
  await expect(pane.getByRole('alert')).toContainText(`The decoder failed on frame ${hit.frame} of doorbell-damaged.mp4; the file may be damaged there.`);
  await expect(pane.getByRole('button', { name: 'Make a playable copy' })).toBeVisible();
  // The good pane goes on.
  await expect.poll(() => readFrameIndex(page, viewer.getByTestId('pane-video-0'))).toBe(goodStart + hit.frame);
  await press(viewer, 'Next frame', 2);
  await expect.poll(() => readFrameIndex(page, viewer.getByTestId('pane-video-0'))).toBe(goodStart + hit.frame + 2);
  await expect.poll(() => readoutFrame(viewer)).toBe(hit.frame + 2);
  expect(pageErrors).toEqual([]);
});

test('a video damaged part-way, played through the damage, says which frame failed while the other pane plays on', async ({ page, host, service, dir, good, pageErrors }) => {
  test.setTimeout(150_000);
  const bad = path.join(dir, 'doorbell-damaged.mp4');
  const hit = await damageKeyframe(bad);
  const viewer = await compareBesideGood(page, host, service, good, bad);
  await expect(viewer.getByTestId('pane-video-1')).toHaveAttribute('data-player', 'decoded');
  await expect.poll(() => readFrameIndex(page, viewer.getByTestId('pane-video-1'))).toBe(0);

  // Played from the start, the stream reaches the damage: the pane names that frame, not the one
  // playback began at.
  await press(viewer, 'Play');
  const pane = viewer.getByTestId('viewer-pane-1');
  await expect(pane.getByRole('alert')).toContainText(`The decoder failed on frame ${hit.frame} of doorbell-damaged.mp4`, { timeout: 20_000 });
  await expect.poll(() => readoutFrame(viewer), { message: 'the good pane plays on past the damage' }).toBeGreaterThan(hit.frame);
  if (await viewer.getByRole('button', { name: 'Pause', exact: true }).isVisible()) await press(viewer, 'Pause');
  // The step is said once it is drawn: wait until the readout and the good pane agree.
  await press(viewer, 'Previous frame');
  await expect
    .poll(async () => {
      const frame = await readoutFrame(viewer);
      return frame !== undefined && (await readFrameIndex(page, viewer.getByTestId('pane-video-0'))) === goodStart + frame;
    }, { message: 'the good pane shows the frame the readout names after a step back' })
    .toBe(true);
  await expect(viewer.getByTestId('viewer-pane-0').getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
