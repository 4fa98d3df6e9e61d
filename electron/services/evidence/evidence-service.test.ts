import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, open, readdir, rm, symlink, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeBombPng, writeNoisePng, writePhoto, writeVideo, truncateCopy } from '../../../test/support/media';
import { EvidenceService, type IngestContext, type IngestOutcome } from './evidence-service';

let work: string;
let service: EvidenceService;
const buyer: IngestContext = { disputeId: 'D-1', party: 'buyer', channel: 'upload', submittedAt: '2026-05-02T10:00:00Z' };

function codes(outcome: IngestOutcome): string[] {
  if (!outcome.ok) throw new Error(`expected a stored file, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.flags.map((flag) => flag.code).sort();
}

function errorCode(outcome: IngestOutcome): string {
  if (outcome.ok) throw new Error(`expected an error, got a stored file ${outcome.sha256}`);
  return outcome.error.code;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-evidence-'));
  await mkdir(path.join(work, 'in'));
  service = await EvidenceService.open(path.join(work, 'store'));
});

afterAll(async () => {
  service.close();
  await rm(work, { recursive: true, force: true });
});

describe('ingesting a clean photo', () => {
  it('stores it under its hash with no flags, its metadata and a thumbnail', async () => {
    const file = path.join(work, 'in', 'clean.jpg');
    await writePhoto(file, { seed: 1, exif: { IFD0: { Make: 'Fujifilm', Model: 'X-T5' } } });
    const outcome = await service.ingestPath(file, buyer);
    expect(codes(outcome)).toEqual([]);
    if (!outcome.ok) return;
    expect(outcome.mediaType).toBe('image/jpeg');
    expect(outcome.kind).toBe('photo');
    expect(await service.store.has(outcome.sha256)).toBe(true);
    const analysis = service.index.object(outcome.sha256)?.analysis;
    expect(analysis?.image).toMatchObject({ width: 640, height: 480, camera: 'Fujifilm X-T5' });
    expect(analysis?.thumbnail).toBe(true);
    expect(analysis?.perceptualHashes).toHaveLength(1);
  });
});

describe('the seed-derived flags', () => {
  it('duplicate_exact: the same bytes from the other party, or in another case; not a resubmission', async () => {
    const file = path.join(work, 'in', 'repeat.jpg');
    await writePhoto(file, { seed: 2 });
    expect(codes(await service.ingestPath(file, buyer))).toEqual([]);
    const again = await service.ingestPath(file, buyer);
    expect(codes(again)).toEqual([]);
    expect(again.ok && again.existed).toBe(true);
    const seller = await service.ingestPath(file, { ...buyer, party: 'seller' });
    expect(codes(seller)).toContain('duplicate_exact');
    const elsewhere = await service.ingestPath(file, { ...buyer, disputeId: 'D-2' });
    expect(codes(elsewhere)).toContain('duplicate_exact');
    expect(elsewhere.ok && elsewhere.flags.find((f) => f.code === 'duplicate_exact')?.details.otherDisputeId).toBe('D-1');
  });

  it('near_duplicate: a resized, recompressed copy names the original', async () => {
    const original = path.join(work, 'in', 'listing.jpg');
    const copy = path.join(work, 'in', 'copy.webp');
    await writePhoto(original, { seed: 3 });
    await writePhoto(copy, { seed: 3, width: 320, height: 240, format: 'webp', quality: 50 });
    expect(codes(await service.ingestPath(original, { ...buyer, disputeId: 'D-3', party: 'seller' }))).toEqual([]);
    const outcome = await service.ingestPath(copy, { ...buyer, disputeId: 'D-4' });
    expect(codes(outcome)).toEqual(['near_duplicate']);
    const flag = outcome.ok ? outcome.flags[0] : undefined;
    expect(flag?.details).toMatchObject({ otherFileName: 'listing.jpg', otherDisputeId: 'D-3', otherParty: 'seller' });
    expect(flag?.reason).toContain('listing.jpg');
  });

  it('type_mismatch: a PNG named .jpg', async () => {
    const file = path.join(work, 'in', 'really-a-png.jpg');
    await writePhoto(file, { seed: 4, format: 'png' });
    const outcome = await service.ingestPath(file, buyer);
    expect(codes(outcome)).toEqual(['type_mismatch']);
    expect(outcome.ok && outcome.mediaType).toBe('image/png');
  });

  it('format_not_requested: a video was asked and a picture came', async () => {
    const file = path.join(work, 'in', 'not-a-video.jpg');
    await writePhoto(file, { seed: 5 });
    expect(codes(await service.ingestPath(file, { ...buyer, requested: 'video' }))).toEqual(['format_not_requested']);
  });

  it('over_upload_limit: over 2 MB uploaded, but not through a link', async () => {
    const file = path.join(work, 'in', 'big.png');
    await writeNoisePng(file, 1000, 800);
    expect(codes(await service.ingestPath(file, buyer))).toEqual(['over_upload_limit']);
    expect(codes(await service.ingestPath(file, { ...buyer, disputeId: 'D-5', channel: 'external_link' }))).toEqual(['duplicate_exact']);
  });

  it('late: submitted after the due date', async () => {
    const file = path.join(work, 'in', 'late.jpg');
    await writePhoto(file, { seed: 6 });
    const outcome = await service.ingestPath(file, { ...buyer, dueAt: '2026-05-01T00:00:00Z' });
    expect(codes(outcome)).toEqual(['late']);
  });

  it('possibly_edited: editing software and a modify date after capture', async () => {
    const file = path.join(work, 'in', 'edited.jpg');
    await writePhoto(file, {
      seed: 7,
      exif: {
        IFD0: { Make: 'Canon', Model: 'EOS R6', Software: 'Adobe Photoshop 25.0 (Windows)', DateTime: '2026:04:30 18:00:00' },
        IFD2: { DateTimeOriginal: '2026:04:28 09:15:00' },
      },
    });
    const outcome = await service.ingestPath(file, buyer);
    expect(codes(outcome)).toEqual(['possibly_edited']);
    const flag = outcome.ok ? outcome.flags[0] : undefined;
    expect(flag?.reason).toMatch(/Photoshop/);
    expect(flag?.details).toMatchObject({ capturedAt: '2026-04-28T09:15:00', modifiedAt: '2026-04-30T18:00:00' });
  });

  it('unreadable: a truncated JPEG, a truncated MP4, and a decompression bomb that is never decoded', async () => {
    const jpeg = path.join(work, 'in', 'whole.jpg');
    await writePhoto(jpeg, { seed: 8, width: 1200, height: 900 });
    await truncateCopy(jpeg, path.join(work, 'in', 'cut.jpg'), 0.5);
    expect(codes(await service.ingestPath(path.join(work, 'in', 'cut.jpg'), buyer))).toEqual(['unreadable']);

    const video = path.join(work, 'in', 'whole.mp4');
    await writeVideo(video, { seconds: 2 });
    await truncateCopy(video, path.join(work, 'in', 'cut.mp4'), 0.6);
    expect(codes(await service.ingestPath(path.join(work, 'in', 'cut.mp4'), buyer))).toEqual(['unreadable']);

    await writeBombPng(path.join(work, 'in', 'bomb.png'), 40_000, 40_000);
    const bomb = await service.ingestPath(path.join(work, 'in', 'bomb.png'), buyer);
    expect(codes(bomb)).toEqual(['unreadable']);
    expect(bomb.ok && bomb.flags[0]?.reason).toMatch(/40000 × 40000/);
  });

  it('unsupported_type: bytes the desk cannot show, kept anyway', async () => {
    const file = path.join(work, 'in', 'archive.zip');
    await writeFile(file, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 1)]));
    const outcome = await service.ingestPath(file, buyer);
    expect(codes(outcome)).toEqual(['unsupported_type']);
    expect(outcome.ok && (await service.store.has(outcome.sha256))).toBe(true);
  });
});

describe('videos', () => {
  it('reads container, codec, duration, size and frame rate; writes a poster; hashes sampled frames', async () => {
    const file = path.join(work, 'in', 'unboxing.mp4');
    await writeVideo(file, { seconds: 3, size: '320x240', rate: 25 });
    const outcome = await service.ingestPath(file, { ...buyer, requested: 'video' });
    expect(codes(outcome)).toEqual([]);
    if (!outcome.ok) return;
    const analysis = service.index.object(outcome.sha256)?.analysis;
    expect(analysis?.video).toMatchObject({ codec: 'h264', width: 320, height: 240, frameRate: 25, readBy: 'ffprobe' });
    expect(analysis?.video?.durationSeconds).toBeCloseTo(3, 0);
    expect(analysis?.poster).toBe(true);
    expect(analysis?.perceptualHashes.length).toBe(5);
  });

  it('flags a re-encoded copy of a video as a near duplicate', async () => {
    const original = path.join(work, 'in', 'packing.mp4');
    const copy = path.join(work, 'in', 'packing-small.mp4');
    await writeVideo(original, { source: 'testsrc', seconds: 3 });
    await writeVideo(copy, { source: 'testsrc', seconds: 3, size: '160x120', output: ['-b:v', '80k'] });
    expect(codes(await service.ingestPath(original, { ...buyer, disputeId: 'D-7', party: 'seller' }))).toEqual([]);
    expect(codes(await service.ingestPath(copy, { ...buyer, disputeId: 'D-8' }))).toEqual(['near_duplicate']);
  });
});

describe('bad input gets a per-file error and writes nothing', () => {
  it('refuses an empty file, a folder, a missing file and a link out of the folder', async () => {
    await writeFile(path.join(work, 'in', 'empty.jpg'), '');
    expect(errorCode(await service.ingestPath(path.join(work, 'in', 'empty.jpg'), buyer))).toBe('empty_file');
    expect(errorCode(await service.ingestPath(path.join(work, 'in'), buyer))).toBe('is_directory');
    expect(errorCode(await service.ingestPath(path.join(work, 'in', 'gone.jpg'), buyer))).toBe('not_found');
    const folder = path.join(work, 'chosen');
    await mkdir(folder);
    await writePhoto(path.join(work, 'secret.jpg'), { seed: 9 });
    await symlink(path.join(work, 'secret.jpg'), path.join(folder, 'innocent.jpg'));
    expect(errorCode(await service.ingestPath(path.join(folder, 'innocent.jpg'), buyer, { insideFolder: folder }))).toBe('outside_folder');
  });

  it('refuses a sparse file of many gigabytes before reading a byte', async () => {
    const sparse = path.join(work, 'in', 'sparse.mp4');
    await writeFile(sparse, '');
    await truncate(sparse, 100 * 1024 ** 3);
    const outcome = await service.ingestPath(sparse, buyer);
    expect(errorCode(outcome)).toMatch(/^(too_large|no_space)$/);
    const roomy = await EvidenceService.open(path.join(work, 'roomy-store'), { maxObjectBytes: 1024 ** 5 });
    // Larger than the disk's free space, and still a size the file system allows for one file.
    await truncate(sparse, Math.min((await roomy.store.freeBytes()) * 2 + 1024 ** 3, 8 * 1024 ** 4));
    expect(errorCode(await roomy.ingestPath(sparse, buyer))).toBe('no_space');
    roomy.close();
  });

  it('refuses a file that shrinks while it is read, keeping nothing of it', async () => {
    const file = path.join(work, 'in', 'shrinking.bin');
    const handle = await open(file, 'w');
    await handle.write(Buffer.alloc(64 * 1024 * 1024, 7));
    await handle.close();
    let cut = false;
    const outcome = await service.ingestPath(file, buyer, {
      onProgress: () => {
        if (!cut) void truncate(file, 8 * 1024 * 1024);
        cut = true;
      },
    });
    expect(errorCode(outcome)).toBe('changed_while_reading');
    expect(await readdir(service.store.temporaryDir)).toEqual([]);
  });

  it('cancels on request and keeps no partial object', async () => {
    const file = path.join(work, 'in', 'cancel-me.bin');
    await writeFile(file, Buffer.alloc(32 * 1024 * 1024, 3));
    const controller = new AbortController();
    const outcome = await service.ingestPath(file, buyer, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(errorCode(outcome)).toBe('cancelled');
    expect(await readdir(service.store.temporaryDir)).toEqual([]);
  });

  it('keeps nothing when the disk reports an error while the file is still being written', async () => {
    const bytes = Buffer.alloc(40 * 1024 * 1024, 5);
    const file = path.join(work, 'in', 'disk-error.bin');
    await writeFile(file, bytes);
    const probe = await open(file, 'r');
    const fileHandle = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    // The early write-back after the first 32 MiB fails, as a failing disk's would.
    const datasync = vi.spyOn(fileHandle, 'datasync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    try {
      expect(errorCode(await service.ingestPath(file, buyer))).toBe('read_failed');
    } finally {
      datasync.mockRestore();
    }
    expect(await readdir(service.store.temporaryDir)).toEqual([]);
    expect(await service.store.has(createHash('sha256').update(bytes).digest('hex'))).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file it may not read', async () => {
    const file = path.join(work, 'in', 'locked.jpg');
    await writePhoto(file, { seed: 10 });
    await chmod(file, 0o000);
    expect(errorCode(await service.ingestPath(file, buyer))).toBe('permission_denied');
  });

  it('records names with ../, control characters and direction overrides only as their last, visible segment', async () => {
    const bytes = await writePhoto(path.join(work, 'in', 'named.jpg'), { seed: 11 });
    const outcome = await service.ingestStream(Readable.from([bytes]), '../../etc/evil\u202Egpj.exe', buyer);
    expect(outcome.fileName).toBe('evil\uFFFDgpj.exe');
    expect(codes(outcome)).toEqual(['type_mismatch']);
    const control = await service.ingestStream(Readable.from([bytes]), 'a\u0000b\nc.jpg', { ...buyer, disputeId: 'D-9' });
    expect(control.fileName).toBe('a\uFFFDb\uFFFDc.jpg');
  });

  it('leaves a store that verify passes', async () => {
    const report = await service.verify();
    expect(report).toMatchObject({ ok: true, mismatched: [], strays: [], missingObjects: [], danglingRows: 0 });
    expect(report.checked).toBeGreaterThan(10);
  });
});
