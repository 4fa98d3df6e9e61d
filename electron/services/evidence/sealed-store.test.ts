import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealedChunkBytes, sealedHeaderBytes } from '../at-rest/sealed-file';
import type { StoreSealing } from './object-reader';
import { ObjectStore } from './object-store';

// The evidence store with sealing on (issue 22, decision 0036): what reaches the disk, what comes
// back, and a store half-way from plain to sealed.

const sealing: StoreSealing = { evidence: { keyId: randomBytes(16), key: randomBytes(32) }, objectNames: randomBytes(32) };
const marker = Buffer.from('UNIQUE-MARKER-issue22-7d1e5b0c-must-never-be-on-disk');
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'desk-sealed-store-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function contentOf(store: ObjectStore, digest: string, start?: number, end?: number): Promise<Buffer> {
  const reader = await store.openObject(digest);
  if (!reader) throw new Error(`${digest} is not stored`);
  try {
    const pieces: Buffer[] = [];
    for await (const piece of reader.read(start, end)) pieces.push(piece);
    return Buffer.concat(pieces);
  } finally {
    await reader.close();
  }
}

/** Content with the marker in it, three chunks and a bit long. */
function markedContent(): Buffer {
  return Buffer.concat([randomBytes(100_000), marker, randomBytes(3 * sealedChunkBytes), marker]);
}

describe('a sealing evidence store', () => {
  it('keeps no marker, and no digest, anywhere under its folder, whether a file came by stream or from disk', async () => {
    const store = await ObjectStore.open(root, { sealing });
    const byStream = markedContent();
    const fromDisk = markedContent();
    const source = path.join(await mkdtemp(path.join(tmpdir(), 'desk-source-')), 'video.mp4');
    await writeFile(source, fromDisk);
    const streamed = await store.put(Readable.from([byStream.subarray(0, 5), byStream.subarray(5)]));
    const handle = await open(source, 'r');
    const read = await store.putFile(handle).finally(() => handle.close());
    store.close();
    expect([streamed.sha256, read.sha256]).toEqual([sha256(byStream), sha256(fromDisk)]);
    // The head for sniffing the type is the content's, not the sealed file's.
    expect(streamed.head.equals(byStream.subarray(0, streamed.head.length))).toBe(true);
    for (const file of await filesUnder(root)) {
      const bytes = await readFile(file);
      expect(bytes.includes(marker), file).toBe(false);
      expect(file.includes(streamed.sha256) || file.includes(read.sha256), file).toBe(false);
    }
    await rm(path.dirname(source), { recursive: true });
  });

  it('stores a file of several reads, sealed while it is hashed, and leaves nothing when it turns out too large', async () => {
    const store = await ObjectStore.open(root, { sealing });
    const content = Buffer.concat([randomBytes(9 * 1024 * 1024 + 12_345), marker]);
    const source = path.join(await mkdtemp(path.join(tmpdir(), 'desk-source-')), 'long.mp4');
    await writeFile(source, content);
    const handle = await open(source, 'r');
    try {
      const stored = await store.putFile(handle);
      expect(stored.sha256).toBe(sha256(content));
      expect((await contentOf(store, stored.sha256)).equals(content)).toBe(true);
      expect((await contentOf(store, stored.sha256, 4 * 1024 * 1024 - 10, 4 * 1024 * 1024 + 10)).equals(content.subarray(4 * 1024 * 1024 - 10, 4 * 1024 * 1024 + 11))).toBe(true);
      const before = await filesUnder(root);
      // Refused in its third read: nothing new is left behind, not even a temporary.
      await expect(store.putFile(handle, { maxBytes: 8 * 1024 * 1024 + 1 })).rejects.toThrow("The content is larger than 8388609 bytes.");
      expect((await filesUnder(root)).sort()).toEqual(before.sort());
    } finally {
      await handle.close();
      store.close();
      await rm(path.dirname(source), { recursive: true });
    }
  });

  it('gives back each object and any range of it, and knows a second copy of one it has', async () => {
    const store = await ObjectStore.open(root, { sealing });
    const content = markedContent();
    const stored = await store.put(Readable.from([content]));
    expect((await store.put(Readable.from([content]))).existed).toBe(true);
    expect(await store.has(stored.sha256)).toBe(true);
    expect((await contentOf(store, stored.sha256)).equals(content)).toBe(true);
    const [start, end] = [sealedChunkBytes - 3, 2 * sealedChunkBytes + 10];
    expect((await contentOf(store, stored.sha256, start, end)).equals(content.subarray(start, end + 1))).toBe(true);
    expect(await store.hashObject(stored.sha256)).toBe(stored.sha256);
    expect((await store.verify([stored.sha256])).mismatched).toEqual([]);
    store.close();
  });

  it('serves the plain objects of a store not yet migrated beside its sealed ones', async () => {
    const plainStore = await ObjectStore.open(root);
    const old = randomBytes(70_000);
    const plain = await plainStore.put(Readable.from([old]));
    plainStore.close();
    const store = await ObjectStore.open(root, { sealing });
    const fresh = await store.put(Readable.from([randomBytes(1_000)]));
    expect(await store.has(plain.sha256)).toBe(true);
    expect((await store.openObject(plain.sha256))?.sealed).toBe(false);
    expect((await store.openObject(fresh.sha256))?.sealed).toBe(true);
    expect((await contentOf(store, plain.sha256)).equals(old)).toBe(true);
    expect(await store.verify([plain.sha256, fresh.sha256])).toMatchObject({ checked: 2, mismatched: [], strays: [] });
    store.close();
  });

  it('names an object whose chunk was changed on disk, and refuses to read past it', async () => {
    const store = await ObjectStore.open(root, { sealing });
    const content = markedContent();
    const stored = await store.put(Readable.from([content]));
    const file = store.objectPath(stored.sha256);
    const bytes = await readFile(file);
    bytes[sealedHeaderBytes + (sealedChunkBytes + 16) + 5]! ^= 0x40;
    await writeFile(file, bytes);
    expect((await store.verify([stored.sha256])).mismatched).toEqual([stored.sha256]);
    await expect(contentOf(store, stored.sha256)).rejects.toMatchObject({ code: 'damaged', chunk: 1 });
    // Before the changed chunk, what was stored is still served.
    expect((await contentOf(store, stored.sha256, 0, 1_000)).equals(content.subarray(0, 1_001))).toBe(true);
    store.close();
  });

  it("seals a finished download as it adopts it, and leaves no plain copy", async () => {
    const store = await ObjectStore.open(root, { sealing });
    const content = markedContent();
    const digest = sha256(content);
    await mkdir(path.dirname(store.partialPath(digest)), { recursive: true });
    await writeFile(store.partialPath(digest), content);
    await store.adoptPartial(digest);
    expect((await contentOf(store, digest)).equals(content)).toBe(true);
    for (const file of await filesUnder(root)) expect((await readFile(file)).includes(marker), file).toBe(false);
    store.close();
  });

  it("refuses an object sealed under another desk's key, naming it in verify", async () => {
    const store = await ObjectStore.open(root, { sealing });
    const stored = await store.put(Readable.from([randomBytes(5_000)]));
    store.close();
    const other = await ObjectStore.open(root, { sealing: { ...sealing, evidence: { keyId: randomBytes(16), key: randomBytes(32) } } });
    await expect(other.openObject(stored.sha256)).rejects.toMatchObject({ code: 'other_key' });
    expect((await other.verify([stored.sha256])).mismatched).toEqual([stored.sha256]);
    other.close();
    // Without the key, a plain store refuses to read a sealed object rather than serve ciphertext.
    const keyless = await ObjectStore.open(root);
    expect((await keyless.verify()).mismatched).toHaveLength(1);
    keyless.close();
  });
});
