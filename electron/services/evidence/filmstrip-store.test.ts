import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeVideo } from '../../../test/support/media';
import { dispatchDeskCall, type DeskHandlers } from '../desk-dispatch';
import { createDeskHandlers, type DeskServices } from '../desk-handlers';
import { openDeskServices } from '../desk-start';
import { isWebp, maxThumbnailsPerStrip } from './filmstrip-store';

let handlers: DeskHandlers;
let services: DeskServices;
let dataDir: string;
let video: string;

/** A real WebP picture from sharp, as the viewer's canvas would make one. */
async function webp(shade: number, height = 32): Promise<Buffer> {
  return sharp({ create: { width: Math.round((height * 16) / 9), height, channels: 3, background: { r: shade, g: 40, b: 90 } } })
    .webp({ quality: 80 })
    .toBuffer();
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-filmstrip-'));
  services = await openDeskServices(dataDir, (sha256) => `evidence://media/${sha256}`);
  handlers = createDeskHandlers({ host: 'browser', version: '1', dataDir, defaultServiceUrl: null, logDir: dataDir }, services);
  const file = path.join(dataDir, 'parcel.mp4');
  await writeVideo(file, { seconds: 1 });
  const outcome = await services.evidence.ingestPath(file, { disputeId: 'D-F', party: 'buyer', channel: 'upload' });
  if (!outcome.ok) throw new Error(outcome.error.message);
  video = outcome.sha256;
});
afterAll(async () => {
  services.evidence.close();
  await rm(dataDir, { recursive: true, force: true });
});

const strip = () => ({ sha256: video, of: 'object' as const, height: 32 });

describe('filmstrip thumbnails kept in the evidence store', () => {
  it('keeps the viewer’s thumbnails beside the video and reads back those asked for', async () => {
    const [first, second] = [await webp(10), await webp(200)];
    const kept = await dispatchDeskCall(handlers, 'evidence.keepFilmstrip', {
      ...strip(),
      thumbnails: [
        { frame: 0, webp: first.toString('base64') },
        { frame: 30, webp: second.toString('base64') },
      ],
    });
    expect(kept).toEqual({ ok: true, value: { status: 'kept', kept: 2, refused: [] } });

    const read = await dispatchDeskCall(handlers, 'evidence.filmstrip', { ...strip(), frames: [30, 0, 60] });
    expect(read.ok).toBe(true);
    const thumbnails = read.ok ? (read.value as { thumbnails: { frame: number; webp: string }[] }).thumbnails : [];
    expect(thumbnails.map((thumb) => thumb.frame).sort((a, b) => a - b)).toEqual([0, 30]);
    expect(Buffer.from(thumbnails.find((thumb) => thumb.frame === 30)!.webp, 'base64').equals(second)).toBe(true);

    // Another height is another strip; nothing is left half-written in the folder.
    const other = await dispatchDeskCall(handlers, 'evidence.filmstrip', { ...strip(), height: 64, frames: [0] });
    expect(other).toEqual({ ok: true, value: { thumbnails: [] } });
    const folder = path.join(services.evidence.derivedDir(video), 'filmstrip', 'object-32');
    expect((await readdir(folder)).sort()).toEqual(['0.webp', '30.webp']);
  });

  it('refuses, by frame, what is not a WebP picture and keeps the rest', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
    const truncated = (await webp(90)).subarray(0, 40);
    const answer = await dispatchDeskCall(handlers, 'evidence.keepFilmstrip', {
      ...strip(),
      thumbnails: [
        { frame: 90, webp: png.toString('base64') },
        { frame: 91, webp: truncated.toString('base64') },
        { frame: 92, webp: (await webp(120)).toString('base64') },
      ],
    });
    expect(answer).toEqual({
      ok: true,
      value: {
        status: 'kept',
        kept: 1,
        refused: [
          { frame: 90, reason: 'Not a WebP picture.' },
          { frame: 91, reason: 'Not a WebP picture.' },
        ],
      },
    });
    const read = await dispatchDeskCall(handlers, 'evidence.filmstrip', { ...strip(), frames: [90, 91, 92] });
    expect(read.ok && (read.value as { thumbnails: { frame: number }[] }).thumbnails.map((thumb) => thumb.frame)).toEqual([92]);
  });

  it('answers no_file for a video the store does not hold, or a playable copy never made', async () => {
    const thumbnails = [{ frame: 0, webp: (await webp(1)).toString('base64') }];
    const absent = await dispatchDeskCall(handlers, 'evidence.keepFilmstrip', { sha256: 'a'.repeat(64), of: 'object', height: 32, thumbnails });
    expect(absent).toMatchObject({ ok: true, value: { status: 'no_file', message: expect.stringMatching(/does not hold that video/) } });
    const noCopy = await dispatchDeskCall(handlers, 'evidence.keepFilmstrip', { ...strip(), of: 'playable', thumbnails });
    expect(noCopy).toMatchObject({ ok: true, value: { status: 'no_file', message: expect.stringMatching(/playable copy/) } });
    await expect(readdir(path.join(services.evidence.derivedDir('a'.repeat(64))))).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ['a height outside 16–512', { height: 4 }],
    ['a fractional frame', { thumbnails: [{ frame: 1.5, webp: 'UklGRg==' }] }],
    ['text that is not base64', { thumbnails: [{ frame: 1, webp: 'not base64 at all!' }] }],
    ['a picture over 32 KiB', { thumbnails: [{ frame: 1, webp: Buffer.alloc(33 * 1024).toString('base64') }] }],
    ['no thumbnails', { thumbnails: [] }],
    ['seventeen thumbnails', { thumbnails: Array.from({ length: 17 }, (_, frame) => ({ frame, webp: 'UklGRg==' })) }],
    ['a path in the kind of file', { of: '../objects' }],
    ['a NUL in the digest', { sha256: `${'a'.repeat(63)}\u0000` }],
  ])('refuses %s with bad_request, writing nothing', async (_what, change) => {
    const answer = await dispatchDeskCall(handlers, 'evidence.keepFilmstrip', { ...strip(), thumbnails: [{ frame: 5, webp: 'UklGRg==' }], ...change });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it(`keeps at most ${maxThumbnailsPerStrip} thumbnails for one strip, and says so when full`, async () => {
    const crowded = { ...strip(), height: 48 };
    const folder = path.join(services.evidence.derivedDir(video), 'filmstrip', 'object-48');
    const picture = await webp(50, 48);
    await dispatchDeskCall(handlers, 'evidence.keepFilmstrip', { ...crowded, thumbnails: [{ frame: 0, webp: picture.toString('base64') }] });
    // Fill the folder directly: a thousand calls would only be slower.
    await Promise.all(Array.from({ length: maxThumbnailsPerStrip - 1 }, (_, n) => writeFile(path.join(folder, `${n + 1}.webp`), picture)));
    const full = await dispatchDeskCall(handlers, 'evidence.keepFilmstrip', { ...crowded, thumbnails: [{ frame: 5_000, webp: picture.toString('base64') }] });
    expect(full).toMatchObject({ ok: true, value: { status: 'full', message: expect.stringMatching(/1000 thumbnails/) } });
    // A thumbnail already kept may still be replaced.
    const again = await dispatchDeskCall(handlers, 'evidence.keepFilmstrip', { ...crowded, thumbnails: [{ frame: 3, webp: picture.toString('base64') }] });
    expect(again).toEqual({ ok: true, value: { status: 'kept', kept: 1, refused: [] } });
    expect((await readdir(folder)).length).toBe(maxThumbnailsPerStrip);
  });

  it('tells a WebP picture by its RIFF header and size', async () => {
    const picture = await webp(70);
    expect(isWebp(picture)).toBe(true);
    expect(isWebp(Buffer.concat([picture, Buffer.from([0])]))).toBe(false);
    expect(isWebp(Buffer.from('RIFF\u0004\u0000\u0000\u0000WEBPVP8 ', 'latin1'))).toBe(false);
  });
});
