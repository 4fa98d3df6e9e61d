import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto, writeVideo } from '../../../test/support/media';
import { mediaTools, untrustedInput } from '../media-tools';
import { analyseObject } from './analysis';
import { fileSource, type AnalysisSource } from './analysis-source';
import type { StoreSealing } from './object-reader';
import { ObjectStore } from './object-store';
import { PlainSource } from './plain-source';
import { storedSource } from './sealed-derived';
import { probeWithFfprobe } from './video-analysis';

// Analysis of sealed objects (issue 22, decision 0036): ffmpeg and ffprobe read the content from
// this process over loopback, sharp, exifr and mp4box from decrypted pieces, and what they find is
// what they find in the plain file. Real media, made by ffmpeg and sharp.

const sealing: StoreSealing = { evidence: { keyId: randomBytes(16), key: randomBytes(32) }, objectNames: randomBytes(32) };
let work: string;
let store: ObjectStore;
let plain: PlainSource;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'desk-sealed-analysis-'));
  store = await ObjectStore.open(path.join(work, 'store'), { sealing });
  plain = await PlainSource.start((sha256) => store.openObject(sha256));
});

afterAll(async () => {
  await plain.close();
  store.close();
  await rm(work, { recursive: true, force: true });
});

/** Brings `file` into the sealing store and returns it as analysis reads a sealed object. */
async function sealedSourceOf(file: string): Promise<{ source: AnalysisSource; head: Buffer }> {
  const handle = await open(file, 'r');
  const stored = await store.putFile(handle).finally(() => handle.close());
  const source = storedSource(store, plain, stored.sha256);
  return { source, head: stored.head };
}

async function analyseBoth(file: string, name: string) {
  const tools = await mediaTools();
  const { source, head } = await sealedSourceOf(file);
  const fromPlain = await analyseObject(fileSource(file), head, name, path.join(work, 'derived-plain', name), tools);
  const fromSealed = await analyseObject(source, head, name, path.join(work, 'derived-sealed', name), tools);
  return { fromPlain, fromSealed };
}

describe('analysing a sealed object', () => {
  it('finds in a sealed video what it finds in the plain file: facts, poster and frame hashes', { timeout: 60_000 }, async () => {
    const file = path.join(work, 'parcel.mp4');
    await writeVideo(file, { seconds: 3 });
    const { fromPlain, fromSealed } = await analyseBoth(file, 'parcel.mp4');
    expect(fromSealed.video).toMatchObject({ codec: 'h264', width: 320, height: 240, readBy: 'ffprobe' });
    expect(fromSealed.video).toEqual(fromPlain.video);
    expect(fromSealed.poster).toBe(true);
    expect(fromSealed.perceptualHashes).toEqual(fromPlain.perceptualHashes);
    expect(fromSealed.perceptualHashes.length).toBeGreaterThan(0);
    expect(fromSealed.flags).toEqual(fromPlain.flags);
  });

  it('reads a sealed photo, its EXIF and thumbnail included, as the plain one', { timeout: 60_000 }, async () => {
    const file = path.join(work, 'doorstep.jpg');
    await writePhoto(file, { seed: 7 });
    const { fromPlain, fromSealed } = await analyseBoth(file, 'doorstep.jpg');
    expect(fromSealed.image).toEqual(fromPlain.image);
    expect(fromSealed.thumbnail).toBe(true);
    expect(fromSealed.perceptualHashes).toEqual(fromPlain.perceptualHashes);
  });
});

describe('the loopback source', () => {
  it('answers ranges with the content, and nothing without its token', async () => {
    const content = randomBytes(300_000);
    const file = path.join(work, 'bytes.bin');
    await writeFile(file, content);
    const handle = await open(file, 'r');
    const { sha256 } = await store.putFile(handle).finally(() => handle.close());
    const url = plain.urlOf(sha256);
    const ranged = await fetch(url, { headers: { range: 'bytes=70000-199999' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(content.subarray(70_000, 200_000))).toBe(true);
    const wrongToken = url.replace(/\/[0-9a-f]{48}\//, `/${'0'.repeat(48)}/`);
    expect((await fetch(wrongToken)).status).toBe(404);
    expect((await fetch(plain.urlOf('f'.repeat(64)))).status).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
  });

  it('lets no playlist inside evidence make ffprobe fetch another address', { timeout: 30_000 }, async () => {
    const asked: string[] = [];
    const trap = http.createServer((request, response) => {
      asked.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'video/mp2t' }).end(randomBytes(1_000));
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    try {
      const playlist = path.join(work, 'evidence.m3u8');
      await writeFile(playlist, `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${trapUrl}/beacon.ts\n#EXT-X-ENDLIST\n`);
      const { source } = await sealedSourceOf(playlist);
      const tools = await mediaTools();
      const ffprobe = 'path' in tools.ffprobe ? tools.ffprobe.path : null;
      if (ffprobe === null) throw new Error('the tests need ffprobe');
      await expect(probeWithFfprobe(source.input, ffprobe)).rejects.toThrow(/cannot be read/);
      expect(asked).toEqual([]);
      // The demuxers are limited (this ffmpeg would not probe a playlist without its extension
      // anyway): a picture, which ffprobe reads as a one-frame video, is not even opened.
      const picture = path.join(work, 'not-a-video.png');
      await writePhoto(picture, { seed: 3, format: 'png' });
      const { source: pictureSource } = await sealedSourceOf(picture);
      const refused = await probeWithFfprobe(pictureSource.input, ffprobe).catch((error: unknown) => error as Error);
      expect(refused).toBeInstanceOf(Error);
      // What a person may read names no loopback address.
      expect((refused as Error).message).toMatch(/^The video cannot be read \(the file: Invalid argument\)/);
      await expect(probeWithFfprobe(picture, ffprobe)).resolves.toMatchObject({ width: 640 });
    } finally {
      trap.close();
    }
  });

  it('is named only on this computer', () => {
    expect(() => untrustedInput({ url: 'http://example.com/x' })).toThrow(/this computer/);
    expect(untrustedInput({ url: plain.urlOf('a'.repeat(64)) })).toEqual(expect.arrayContaining(['-format_whitelist']));
    // A plain file's input is as before: files only.
    expect(untrustedInput('/tmp/x.mp4').slice(0, 2)).toEqual(['-protocol_whitelist', 'file']);
  });
});
