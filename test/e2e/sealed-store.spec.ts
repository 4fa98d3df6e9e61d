// Issue 22 in the app: a desk whose evidence store has a desk key (made here as the command line
// makes it, `key-create --key-file`) brings evidence in, shows it, and seeks in a video by Range
// requests that the host decrypts chunk by chunk — and nothing it keeps is in the clear.
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDeskKey } from '../../electron/services/at-rest/desk-key';
import { ffmpegFound, readFrameIndex, writeFrameVideo } from '../support/frame-video';
import { writePhoto } from '../support/media';
import { startBrowserHost, type RunningHost } from './browser-host';
import { startCaseService, type RunningService } from './case-service';
import { bringFiles, compareEvidence, disputeForLina, evidenceTable, openCaseAsLina, readout, seekByTimeline } from './viewer-support';
import { filesHolding } from '../support/files-holding';

const fps = 30;
const marker = `SEALED-${Date.now().toString(36)}`;

const test = base.extend<{ service: RunningService; dataDir: string; host: RunningHost }>({
  page: async ({ page, host: _host }, use) => {
    await use(page);
    await page.close();
  },
  service: async ({}, use) => {
    const service = await startCaseService(20);
    await use(service);
    await service.stop();
  },
  dataDir: async ({}, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-sealed-'));
    await mkdir(path.join(dataDir, 'evidence'));
    const made = await createDeskKey(path.join(dataDir, 'evidence'), { kind: 'key-file' });
    if (!made.ok) throw new Error(made.message);
    await use(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  },
  host: async ({ service, dataDir }, use) => {
    // The data folder given last wins over the one the helper makes.
    const host = await startBrowserHost(['--data-dir', dataDir], { DESK_SERVICE_URL: service.url });
    await use(host);
    await host.stop();
  },
});

test.skip(!ffmpegFound, 'ffmpeg with libx264 is not installed: this journey plays videos made with it');

async function expectLeaderAt(page: Page, viewer: Locator, frame: number): Promise<void> {
  await expect.poll(() => readFrameIndex(page, viewer.getByTestId('pane-video-0')), { message: `pane 0 shows frame ${frame}` }).toBe(frame);
  await expect.poll(async () => (await readout(viewer)).frame).toBe(frame);
}

test('a sealed store brings evidence in, shows it and seeks in its videos, and keeps nothing in the clear', async ({ page, host, service, dataDir }) => {
  test.setTimeout(240_000);
  const media = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-sealed-media-'));
  try {
    const first = path.join(media, `${marker}-unboxing.mp4`);
    const second = path.join(media, `${marker}-packing.mp4`);
    const photo = path.join(media, `${marker}-doorstep.jpg`);
    await writeFrameVideo(first, { frames: 10 * fps, fps });
    await writeFrameVideo(second, { frames: 10 * fps, fps, width: 480, height: 270, firstIndex: 1000 });
    await writePhoto(photo, { seed: 9, exif: { IFD0: { ImageDescription: marker } } });

    await openCaseAsLina(page, host, await disputeForLina(service));
    await bringFiles(page, [first, second, photo]);
    // The photo's thumbnail and the videos' posters are decrypted by the host and drawn.
    const pictures = evidenceTable(page).locator('img');
    await expect(pictures).toHaveCount(3, { timeout: 30_000 });
    await expect
      .poll(() => pictures.evaluateAll((images) => images.filter((image) => (image as HTMLImageElement).naturalWidth > 0).length), { timeout: 30_000 })
      .toBe(3);

    const viewer = await compareEvidence(page, [first, second]);
    await expectLeaderAt(page, viewer, 0);
    await seekByTimeline(page, viewer, 0.75);
    await expect.poll(async () => (await readout(viewer)).frame).toBeGreaterThan(150);
    const { frame } = await readout(viewer);
    await expectLeaderAt(page, viewer, frame);

    const evidence = path.join(dataDir, 'evidence');
    expect(await filesHolding(evidence, marker)).toEqual([]);
    const objects = (await readdir(path.join(evidence, 'objects'), { withFileTypes: true, recursive: true })).filter((entry) => entry.isFile());
    expect(objects).toHaveLength(3);
    for (const object of objects) expect((await readFile(path.join(object.parentPath, object.name))).subarray(0, 8).toString('latin1')).toBe('DDSEAL01');
  } finally {
    await rm(media, { recursive: true, force: true });
  }
});
