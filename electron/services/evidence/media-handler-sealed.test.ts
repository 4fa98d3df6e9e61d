import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink, type LogSink } from '../../../shared/logger';
import { sealedChunkBytes, sealedHeaderBytes } from '../at-rest/sealed-file';
import { createMediaHandler } from './media-handler';
import type { StoreSealing } from './object-reader';
import { ObjectStore } from './object-store';

// The media handler over a sealing store (issue 22): ranges come back as the content's bytes, and
// a damaged or foreign object is named and not served.

const sealing: StoreSealing = { evidence: { keyId: randomBytes(16), key: randomBytes(32) }, objectNames: randomBytes(32) };
const content = randomBytes(5 * sealedChunkBytes + 777);
let root: string;
let store: ObjectStore;
let sealed: string;
let plainObject: { sha256: string; bytes: Buffer };
let previousSink: LogSink;
const logged: { message: string; sha256?: unknown; chunk?: unknown }[] = [];

function get(sha256: string, range?: string, sealingOf: StoreSealing | null = sealing): Promise<Response> {
  const handler = createMediaHandler({ storeRoot: root, mediaTypeOf: () => 'video/mp4', sealing: sealingOf ?? undefined });
  return handler(new Request(`http://127.0.0.1:4000/media/${sha256}`, range ? { headers: { range } } : {}));
}

beforeAll(async () => {
  previousSink = setLogSink((record) => logged.push(record as (typeof logged)[number]));
  root = await mkdtemp(path.join(os.tmpdir(), 'media-sealed-'));
  const plainStore = await ObjectStore.open(root);
  const bytes = randomBytes(3_000);
  plainObject = { sha256: (await plainStore.put(Readable.from([bytes]))).sha256, bytes };
  plainStore.close();
  store = await ObjectStore.open(root, { sealing });
  sealed = (await store.put(Readable.from([content]))).sha256;
});

afterAll(async () => {
  setLogSink(previousSink);
  store.close();
  await rm(root, { recursive: true, force: true });
});

describe('a sealed object', () => {
  it('is served whole, with the content size, and by ranges across chunk boundaries', async () => {
    const whole = await get(sealed);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(content.length));
    expect(Buffer.from(await whole.arrayBuffer()).equals(content)).toBe(true);

    for (const [start, end] of [
      [0, 0],
      [sealedChunkBytes - 1, sealedChunkBytes],
      [100, 3 * sealedChunkBytes + 5],
      [content.length - 10, content.length - 1],
    ] as const) {
      const response = await get(sealed, `bytes=${start}-${end}`);
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${content.length}`);
      expect(Buffer.from(await response.arrayBuffer()).equals(content.subarray(start, end + 1))).toBe(true);
    }
    const tail = await get(sealed, 'bytes=-100');
    expect(Buffer.from(await tail.arrayBuffer()).equals(content.subarray(-100))).toBe(true);
    expect((await get(sealed, `bytes=${content.length}-`)).status).toBe(416);
  });

  it("serves a store's plain objects beside its sealed ones", async () => {
    const response = await get(plainObject.sha256);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(plainObject.bytes)).toBe(true);
  });

  it('is refused by name without the desk key, and never served as its sealed bytes', async () => {
    const response = await get(sealed, undefined, null);
    // Without sealing the handler looks under the plain name only: the object is not there.
    expect(response.status).toBe(404);
    const other = await get(sealed, undefined, { ...sealing, evidence: { keyId: randomBytes(16), key: randomBytes(32) } });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain(sealed.slice(0, 12));
  });

  it('names a damaged object: a range starting in the damage is refused, one before it served, and a whole read ends in an error', async () => {
    // Far past the first chunk, which is read before the answer starts.
    const damagedContent = randomBytes(20 * sealedChunkBytes);
    const sha256 = (await store.put(Readable.from([damagedContent]))).sha256;
    const file = store.objectPath(sha256);
    const bytes = await readFile(file);
    bytes[sealedHeaderBytes + 17 * (sealedChunkBytes + 16) + 3]! ^= 0x10;
    await writeFile(file, bytes);

    const refused = await get(sha256, `bytes=${17 * sealedChunkBytes + 10}-`);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(new RegExp(`${sha256.slice(0, 12)}… is damaged on this computer`));
    const before = await get(sha256, `bytes=0-${sealedChunkBytes}`);
    expect(before.status).toBe(206);
    expect(Buffer.from(await before.arrayBuffer()).equals(damagedContent.subarray(0, sealedChunkBytes + 1))).toBe(true);

    logged.length = 0;
    const whole = await get(sha256);
    expect(whole.status).toBe(200);
    await expect(whole.arrayBuffer()).rejects.toThrow();
    expect(logged).toContainEqual(expect.objectContaining({ message: 'an evidence file is damaged on this computer', sha256, chunk: 17 }));
  });
});
