import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobeBinary } from '../../../test/support/ffmpeg';
import { writePhoto, writeVideo } from '../../../test/support/media';
import { createDeskKey, type DeskKey } from '../at-rest/desk-key';
import { EvidenceService, type IngestContext } from './evidence-service';
import { FilmstripStore } from './filmstrip-store';
import { createMediaHandler } from './media-handler';
import { PlayableCopies, playableFileName } from './playable-copy';
import { filesHolding } from '../../../test/support/files-holding';

// The evidence service on a sealing store (issue 22): a file with a unique marker in its bytes, its
// name and its metadata leaves no trace of the marker anywhere under the store folder — objects,
// thumbnails, posters and the index — while the desk still analyses, shows and verifies it.

const marker = `MARKER-${randomBytes(6).toString('hex')}`;
const context: IngestContext = { disputeId: 'D-100001', party: 'buyer', channel: 'upload' };
let work: string;
let key: DeskKey;

async function newKey(dir: string): Promise<DeskKey> {
  await mkdir(dir, { recursive: true });
  const made = await createDeskKey(dir, { kind: 'key-file' });
  if (!made.ok) throw new Error(made.message);
  return made.key;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-sealed-service-'));
  key = await newKey(path.join(work, 'data'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a sealing evidence service', () => {
  it('keeps the marker nowhere under its folder, nor any object digest, and still analyses, serves and verifies', { timeout: 120_000 }, async () => {
    const inputs = path.join(work, 'inputs');
    await mkdir(inputs);
    const photo = path.join(inputs, `${marker}-doorstep.jpg`);
    await writePhoto(photo, { seed: 11, exif: { IFD0: { ImageDescription: marker } } });
    const video = path.join(inputs, `${marker}-unboxing.mp4`);
    await writeVideo(video, { seconds: 2, output: ['-metadata', `title=${marker}`] });
    const note = path.join(inputs, `${marker}.txt`);
    await writeFile(note, `The parcel arrived open. ${marker}\n`);
    // The search below finds the marker where it is: in every input, by name and by content.
    expect(await filesHolding(inputs, marker)).toHaveLength(3);
    for (const file of [photo, video, note]) expect((await readFile(file)).includes(marker), file).toBe(true);

    const root = path.join(work, 'data', 'evidence');
    const service = await EvidenceService.open(root, { deskKey: key });
    const outcomes = [];
    for (const file of [photo, video, note]) outcomes.push(await service.ingestPath(file, context));
    const digests = outcomes.map((outcome) => {
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.sha256;
    });
    const [photoSha, videoSha] = digests as [string, string, string];
    expect(service.index.object(photoSha)?.analysis).toMatchObject({ kind: 'photo', thumbnail: true });
    expect(service.index.object(videoSha)?.analysis).toMatchObject({ kind: 'video', poster: true, video: { width: 320, height: 240 } });

    expect(await filesHolding(root, marker)).toEqual([]);
    for (const digest of digests) expect(await filesHolding(root, digest)).toEqual([]);
    expect((await readFile(path.join(root, 'index.sqlite'))).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    const handler = createMediaHandler({ storeRoot: root, mediaTypeOf: () => undefined, sealing: { evidence: key.evidence, objectNames: key.objectNames } });
    const thumbnail = await handler(new Request(`http://127.0.0.1/media/${photoSha}/thumbnail`));
    expect(thumbnail.status).toBe(200);
    expect(Buffer.from(await thumbnail.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('RIFF');
    const poster = await handler(new Request(`http://127.0.0.1/media/${videoSha}/poster`));
    expect(poster.status).toBe(200);
    const original = await handler(new Request(`http://127.0.0.1/media/${videoSha}`, { headers: { range: 'bytes=0-99' } }));
    expect(Buffer.from(await original.arrayBuffer()).equals((await readFile(video)).subarray(0, 100))).toBe(true);

    expect(await service.verify()).toMatchObject({ ok: true, checked: 3, mismatched: [] });
    service.close();

    // Opened again with the same key, the index holds what it held.
    const again = await EvidenceService.open(root, { deskKey: key });
    expect(again.index.submissionsOf(photoSha)).toHaveLength(1);
    again.close();
  });

  it('turns a plain store and index into sealed ones without losing a submission, and serves both kinds', { timeout: 60_000 }, async () => {
    const dataDir = path.join(work, 'migrated');
    const root = path.join(dataDir, 'evidence');
    const before = path.join(work, 'before.txt');
    await writeFile(before, `kept plain before the key: ${marker}`);
    const plainService = await EvidenceService.open(root);
    const plainOutcome = await plainService.ingestPath(before, context);
    if (!plainOutcome.ok) throw new Error(plainOutcome.error.message);
    plainService.close();
    expect((await readFile(path.join(root, 'index.sqlite'))).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');

    const sealedService = await EvidenceService.open(root, { deskKey: await newKey(dataDir) });
    expect(sealedService.index.submissionsOf(plainOutcome.sha256)).toMatchObject([{ disputeId: 'D-100001', fileName: 'before.txt' }]);
    expect((await readFile(path.join(root, 'index.sqlite'))).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    const after = path.join(work, 'after.txt');
    await writeFile(after, 'sealed from the start');
    const sealedOutcome = await sealedService.ingestPath(after, context);
    expect(sealedOutcome.ok).toBe(true);
    expect(await sealedService.verify()).toMatchObject({ ok: true, checked: 2 });
    // Until the move, the plain object is there in the clear; after it, nowhere.
    expect(await filesHolding(root, marker)).toHaveLength(1);
    expect(await sealedService.sealPlainFiles()).toMatchObject({ objects: 1, mismatched: [] });
    expect(await filesHolding(root, marker)).toEqual([]);
    expect(await sealedService.sealPlainFiles()).toMatchObject({ objects: 0, derivedFiles: 0 });
    expect(await sealedService.verify()).toMatchObject({ ok: true, checked: 2 });
    expect(sealedService.index.submissionsOf(plainOutcome.sha256)).toHaveLength(1);
    sealedService.close();
  });

  it("says plainly that another desk's key does not open the index, and changes nothing", { timeout: 30_000 }, async () => {
    const root = path.join(work, 'data', 'evidence');
    const before = await readFile(path.join(root, 'index.sqlite'));
    const other = await newKey(path.join(work, 'other'));
    await expect(EvidenceService.open(root, { deskKey: other })).rejects.toThrow(/cannot be opened with this desk's key/);
    expect((await readFile(path.join(root, 'index.sqlite'))).equals(before)).toBe(true);
  });

  it('makes a playable copy that is sealed on its way to the disk, and keeps filmstrip frames sealed', { timeout: 120_000 }, async () => {
    const root = path.join(work, 'playable', 'evidence');
    const playableKey = await newKey(path.join(work, 'playable'));
    const service = await EvidenceService.open(root, { deskKey: playableKey });
    const avi = path.join(work, 'old-camera.avi');
    await writeVideo(avi, { seconds: 2, output: ['-c:v', 'mpeg4', '-f', 'avi'] });
    const outcome = await service.ingestPath(avi, context);
    if (!outcome.ok) throw new Error(outcome.error.message);
    const copies = new PlayableCopies(service);
    const taskId = await copies.start(outcome.sha256);
    for (let progress = copies.progress(taskId); progress?.status === 'running'; progress = copies.progress(taskId)) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(copies.progress(taskId)).toMatchObject({ status: 'done' });
    const onDisk = await readFile(path.join(service.derivedDir(outcome.sha256), playableFileName));
    expect(onDisk.subarray(0, 8).toString('latin1')).toBe('DDSEAL01');

    const handlerOf = (deskKey: DeskKey) => createMediaHandler({ storeRoot: root, mediaTypeOf: () => undefined, sealing: { evidence: deskKey.evidence, objectNames: deskKey.objectNames } });
    // Served through this desk's key it is an H.264 MP4; another desk's key does not even find it.
    const served = await handlerOf(playableKey)(new Request(`http://127.0.0.1/media/${outcome.sha256}/playable`));
    expect(served.status).toBe(200);
    const copy = path.join(work, 'copy-out.mp4');
    await writeFile(copy, Buffer.from(await served.arrayBuffer()));
    const { stdout } = await promisify(execFile)(ffprobeBinary, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', copy]);
    expect(stdout.trim()).toBe('h264');
    expect((await handlerOf(key)(new Request(`http://127.0.0.1/media/${outcome.sha256}/playable`))).status).toBe(404);

    const filmstrips = new FilmstripStore((sha256) => service.derivedDir(sha256), (sha256) => service.store.has(sha256), service.smallFileSeal);
    const webp = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#336699' } }).webp().toBuffer();
    const strip = { sha256: outcome.sha256, of: 'object' as const, height: 36 };
    expect(await filmstrips.keep(strip, [{ frame: 12, webp }])).toMatchObject({ status: 'kept', kept: 1 });
    const frameFile = path.join(service.derivedDir(outcome.sha256), 'filmstrip', 'object-36', '12.webp');
    expect((await readFile(frameFile)).subarray(0, 4).toString('latin1')).not.toBe('RIFF');
    expect(await filmstrips.read(strip, [12])).toEqual([{ frame: 12, webp }]);
    service.close();
  });

  it('moves a plain photo with its thumbnail into sealed form, goes on after a cut, and leaves a damaged object for verify', { timeout: 60_000 }, async () => {
    const dataDir = path.join(work, 'moving');
    const root = path.join(dataDir, 'evidence');
    const plainService = await EvidenceService.open(root);
    const photo = path.join(work, 'moving.jpg');
    await writePhoto(photo, { seed: 21, exif: { IFD0: { ImageDescription: marker } } });
    const kept = await plainService.ingestPath(photo, context);
    const damaged = path.join(work, 'damaged.txt');
    await writeFile(damaged, 'this will be changed on disk');
    const broken = await plainService.ingestPath(damaged, context);
    if (!kept.ok || !broken.ok) throw new Error('ingest failed');
    plainService.close();
    await writeFile(path.join(root, 'objects', broken.sha256.slice(0, 2), broken.sha256), 'changed on disk');
    expect(await filesHolding(root, marker)).not.toEqual([]);

    const movingKey = await newKey(dataDir);
    const moving = await EvidenceService.open(root, { deskKey: movingKey });
    // A run cut after the object was sealed but before its plain file went: the next run finishes it.
    const handle = await open(photo, 'r');
    await moving.store.putFile(handle).finally(() => handle.close());
    const report = await moving.sealPlainFiles();
    expect(report).toMatchObject({ objects: 1, mismatched: [broken.sha256] });
    expect(report!.derivedFiles).toBeGreaterThanOrEqual(1);
    expect(await filesHolding(root, marker)).toEqual([]);
    const handler = createMediaHandler({ storeRoot: root, mediaTypeOf: () => undefined, sealing: { evidence: movingKey.evidence, objectNames: movingKey.objectNames } });
    const thumbnail = await handler(new Request(`http://127.0.0.1/media/${kept.sha256}/thumbnail`));
    expect(Buffer.from(await thumbnail.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(await moving.verify()).toMatchObject({ ok: false, mismatched: [broken.sha256] });
    moving.close();
  });
});
