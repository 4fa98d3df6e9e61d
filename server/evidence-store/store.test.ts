import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partCountFor, partLength } from '../../shared/sync/transfer-protocol';
import { StoreUnavailable, type EvidenceStore, type StagedUpload } from './store';
import { testStoreKinds, unreachableS3Store } from './testing';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const streamOf = (bytes: Uint8Array) => Readable.from([Buffer.from(bytes)]);

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sends every part of `bytes` (in `order`) into an upload opened on `store`. */
async function sendParts(
  store: EvidenceStore,
  bytes: Buffer,
  partBytes: number,
  order?: number[],
  digest = sha256(bytes),
): Promise<{ upload: StagedUpload; parts: { n: number; etag: string }[] }> {
  const id = crypto.randomUUID();
  const storeUploadId = await store.beginUpload({ id, sha256: digest, size: bytes.length });
  const upload: StagedUpload = { id, sha256: digest, size: bytes.length, partBytes, storeUploadId };
  const count = partCountFor(bytes.length, partBytes);
  const parts = new Map<number, { n: number; etag: string }>();
  for (const n of order ?? Array.from({ length: count }, (_, index) => index + 1)) {
    const start = (n - 1) * partBytes;
    const length = partLength(bytes.length, partBytes, n);
    const { etag } = await store.putPart(upload, n, streamOf(bytes.subarray(start, start + length)), length);
    parts.set(n, { n, etag });
  }
  return { upload, parts: [...parts.values()].sort((a, b) => a.n - b.n) };
}

for (const kind of testStoreKinds()) {
  describe(`the ${kind.name} evidence store`, () => {
    beforeAll(() => kind.setUp());
    afterAll(() => kind.tearDown());

    it('keeps an object under its digest only, and reads it whole and by range', async () => {
      const store = await kind.open();
      const bytes = randomBytes(300_000);
      const digest = sha256(bytes);
      expect(await store.head(digest)).toBeUndefined();
      expect(await store.put(digest, streamOf(bytes))).toEqual({ ok: true, size: bytes.length });
      expect(await store.head(digest)).toEqual({ size: bytes.length });
      expect(await store.has(digest)).toBe(true);
      expect((await bytesOf(await store.read(digest))).equals(bytes)).toBe(true);
      expect((await bytesOf(await store.read(digest, { start: 1000, end: 1999 }))).equals(bytes.subarray(1000, 2000))).toBe(true);
      // Storing it again reads and checks the bytes, and keeps the one copy.
      expect(await store.put(digest, streamOf(bytes))).toEqual({ ok: true, size: bytes.length });
      expect(await store.stats()).toEqual({ objects: 1, bytes: bytes.length });

      const other = randomBytes(1000);
      const wrong = await store.put('0'.repeat(64), streamOf(other));
      expect(wrong).toEqual({ ok: false, actual: sha256(other), size: 1000 });
      expect(await store.has('0'.repeat(64))).toBe(false);

      await store.delete(digest);
      expect(await store.has(digest)).toBe(false);
      await store.delete(digest);
    });

    it('assembles a multipart upload in order, checked by the hash its caller kept', async () => {
      const store = await kind.open();
      const bytes = randomBytes(5 * 65_536 + 123);
      const { upload, parts } = await sendParts(store, bytes, 65_536);
      expect(await store.completeUpload(upload, parts, sha256(bytes))).toEqual({ ok: true, size: bytes.length });
      expect((await bytesOf(await store.read(upload.sha256))).equals(bytes)).toBe(true);
    });

    it('assembles parts sent out of order and resent, reading the object once to check it', async () => {
      const store = await kind.open();
      const bytes = randomBytes(4 * 65_536 + 7);
      const { upload, parts } = await sendParts(store, bytes, 65_536, [5, 3, 1, 2, 4, 3]);
      expect(await store.completeUpload(upload, parts, undefined)).toEqual({ ok: true, size: bytes.length });
      expect(sha256(await bytesOf(await store.read(upload.sha256)))).toBe(upload.sha256);
    });

    it('keeps nothing of an upload whose parts do not hash to its digest', async () => {
      const store = await kind.open();
      const bytes = randomBytes(3 * 65_536);
      const claimed = sha256(randomBytes(10));
      const { upload, parts } = await sendParts(store, bytes, 65_536, undefined, claimed);
      expect(await store.completeUpload(upload, parts, undefined)).toEqual({ ok: false, actual: sha256(bytes), size: bytes.length });
      expect(await store.has(claimed)).toBe(false);

      const again = await sendParts(store, bytes, 65_536, undefined, claimed);
      expect((await store.completeUpload(again.upload, again.parts, sha256(bytes))).ok).toBe(false);
      expect(await store.has(claimed)).toBe(false);
    });

    it('moves an object to its archive', async () => {
      const store = await kind.open();
      const bytes = randomBytes(10_000);
      const digest = sha256(bytes);
      await store.put(digest, streamOf(bytes));
      const archiveDir = await mkdtemp(path.join(os.tmpdir(), 'dispute-desk-archive-'));
      try {
        const location = await store.archive(digest, kind.name === 'folder' ? { kind: 'folder', dir: archiveDir } : { kind: 'prefix', prefix: 'archive-test/' });
        expect(await store.has(digest)).toBe(false);
        if (kind.name === 'folder') expect((await readFile(location)).equals(bytes)).toBe(true);
        else expect(location).toMatch(/^s3:\/\/evidence\/archive-test\//);
      } finally {
        await rm(archiveDir, { recursive: true, force: true });
      }
    });

    it('answers a probe', async () => {
      await expect((await kind.open()).probe()).resolves.toBeUndefined();
    });

    if (kind.name === 'folder') {
      it('lists the parts its staging file holds, and an aborted upload leaves nothing', async () => {
        const store = await kind.open();
        const bytes = randomBytes(3 * 1000);
        const { upload } = await sendParts(store, bytes, 1000, [2, 1]);
        expect((await store.listParts(upload)).map((part) => [part.n, part.size])).toEqual([
          [1, 1000],
          [2, 1000],
        ]);
        await store.abortUpload(upload);
        expect(await store.listParts(upload)).toEqual([]);
        expect(existsSync(path.join(store.where, 'uploads', `${upload.id}.staging`))).toBe(false);
      });
    }

    if (kind.name === 's3') {
      it('says why when the store refuses the credentials or cannot be reached', async () => {
        const refused = kind.refusing!().probe();
        await expect(refused).rejects.toBeInstanceOf(StoreUnavailable);
        await expect(refused).rejects.toThrow(/refuses the credentials/);
        await expect(unreachableS3Store().probe()).rejects.toBeInstanceOf(StoreUnavailable);
      });
    }
  });
}
