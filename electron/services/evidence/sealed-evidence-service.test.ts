import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto, writeVideo } from '../../../test/support/media';
import { createDeskKey, type DeskKey } from '../at-rest/desk-key';
import { EvidenceService, type IngestContext } from './evidence-service';
import { createMediaHandler } from './media-handler';

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

/** Every file under `dir` whose bytes hold `text` (as UTF-8 or UTF-16), by path. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    if (bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le')) || file.includes(text)) found.push(path.relative(dir, file));
  }
  return found;
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
    sealedService.close();
  });

  it("says plainly that another desk's key does not open the index, and changes nothing", { timeout: 30_000 }, async () => {
    const root = path.join(work, 'data', 'evidence');
    const before = await readFile(path.join(root, 'index.sqlite'));
    const other = await newKey(path.join(work, 'other'));
    await expect(EvidenceService.open(root, { deskKey: other })).rejects.toThrow(/cannot be opened with this desk's key/);
    expect((await readFile(path.join(root, 'index.sqlite'))).equals(before)).toBe(true);
  });
});
