import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLogSink, type LogSink } from '../../../shared/logger';
import { createMediaHandler } from './media-handler';

let base: string;
let storeRoot: string;
const mediaTypes = new Map<string, string>();
let previousSink: LogSink;
const logged: string[] = [];
let handler: (request: Request) => Promise<Response>;

const small = Buffer.from('0123456789abcdefghij');
let smallHash: string;
const secret = 'SECRET-OUTSIDE-THE-STORE';

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function putObject(bytes: Buffer, mediaType?: string): Promise<string> {
  const hash = sha256Of(bytes);
  await mkdir(path.join(storeRoot, 'objects', hash.slice(0, 2)), { recursive: true });
  await writeFile(path.join(storeRoot, 'objects', hash.slice(0, 2), hash), bytes);
  if (mediaType) mediaTypes.set(hash, mediaType);
  return hash;
}

function get(url: string, init: RequestInit = {}): Promise<Response> {
  return handler(new Request(url.includes('://') ? url : `http://127.0.0.1:4000${url}`, init));
}

async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

beforeAll(async () => {
  previousSink = setLogSink((record) => logged.push(`${record.level} ${record.message}`));
  base = await mkdtemp(path.join(os.tmpdir(), 'media-handler-'));
  storeRoot = path.join(base, 'store');
  await mkdir(storeRoot);
  await writeFile(path.join(base, 'secret.txt'), secret);
  handler = createMediaHandler({ storeRoot, mediaTypeOf: (hash) => mediaTypes.get(hash) });
  smallHash = await putObject(small, 'video/mp4');
});

afterAll(async () => {
  setLogSink(previousSink);
  await rm(base, { recursive: true, force: true });
});

describe('whole objects', () => {
  it('serves the object with 200 and the content-addressed headers', async () => {
    const response = await get(`/media/${smallHash}`);
    expect(response.status).toBe(200);
    expect(await bytesOf(response)).toEqual(small);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'accept-ranges': 'bytes',
      'content-type': 'video/mp4',
      'content-length': String(small.length),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=31536000, immutable',
      etag: `"${smallHash}"`,
    });
  });

  it('accepts the Electron shape, where the host is media, and a prefixed mount', async () => {
    for (const url of [`evidence://media/${smallHash}`, `/api/media/${smallHash}?seek=3#t`]) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(await bytesOf(response)).toEqual(small);
    }
  });

  it('falls back to application/octet-stream and awaits an async media type', async () => {
    const untyped = await putObject(Buffer.from('no type recorded'));
    expect((await get(`/media/${untyped}`)).headers.get('content-type')).toBe('application/octet-stream');
    const asyncHandler = createMediaHandler({ storeRoot, mediaTypeOf: async () => 'image/png' });
    const response = await asyncHandler(new Request(`http://127.0.0.1/media/${untyped}`));
    expect(response.headers.get('content-type')).toBe('image/png');
    await response.body?.cancel();
  });

  it('allows one other origin to read the bytes back when asked to (Electron), and none by default', async () => {
    const object = await putObject(Buffer.from('pixels'));
    const plain = await get(`/media/${object}`);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    await plain.body?.cancel();
    const electron = createMediaHandler({ storeRoot, mediaTypeOf: () => 'image/png', allowOrigin: 'app://desk' });
    const response = await electron(new Request(`evidence://media/${object}`));
    expect(response.headers.get('access-control-allow-origin')).toBe('app://desk');
    await response.body?.cancel();
  });

  it('serves an empty object', async () => {
    const empty = await putObject(Buffer.alloc(0));
    const response = await get(`/media/${empty}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('0');
    expect((await bytesOf(response)).length).toBe(0);
    expect((await get(`/media/${empty}`, { headers: { range: 'bytes=0-' } })).status).toBe(416);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await get(`/media/${smallHash}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(small.length));
    expect(response.body).toBeNull();
    const ranged = await get(`/media/${smallHash}`, { method: 'HEAD', headers: { range: 'bytes=2-5' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 2-5/${small.length}`);
    expect(ranged.body).toBeNull();
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await get(`/media/${smallHash}`, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it('answers 404 for a digest that is not stored', async () => {
    expect((await get(`/media/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await get(`/media/${smallHash}/thumbnail`)).status).toBe(404);
  });

  it('answers 500 and logs when the media type lookup fails', async () => {
    const failing = createMediaHandler({ storeRoot, mediaTypeOf: () => Promise.reject(new Error('index closed')) });
    const response = await failing(new Request(`http://127.0.0.1/media/${smallHash}`));
    expect(response.status).toBe(500);
    expect(logged).toContain('error media request failed');
  });
});

describe('derived files', () => {
  it('serves the thumbnail and the poster as webp', async () => {
    const folder = path.join(storeRoot, 'derived', smallHash.slice(0, 2), smallHash);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'thumbnail.webp'), 'RIFF-thumb');
    await writeFile(path.join(folder, 'poster.webp'), 'RIFF-poster');
    for (const [url, body] of [
      [`/media/${smallHash}/thumbnail`, 'RIFF-thumb'],
      [`evidence://media/${smallHash}/poster`, 'RIFF-poster'],
    ] as const) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/webp');
      expect(await response.text()).toBe(body);
    }
    const ranged = await get(`/media/${smallHash}/poster`, { headers: { range: 'bytes=0-3' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('RIFF');
  });

  it('serves a playable copy as video/mp4, with ranges for seeking', async () => {
    const folder = path.join(storeRoot, 'derived', smallHash.slice(0, 2), smallHash);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'playable.mp4'), 'ftyp-copy');
    const response = await get(`/media/${smallHash}/playable`, { headers: { range: 'bytes=0-3' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(await response.text()).toBe('ftyp');
  });
});

describe('ranges', () => {
  async function ranged(range: string): Promise<{ status: number; body: string; contentRange: string | null; length: string | null }> {
    const response = await get(`/media/${smallHash}`, { headers: { range } });
    return {
      status: response.status,
      body: await response.text(),
      contentRange: response.headers.get('content-range'),
      length: response.headers.get('content-length'),
    };
  }

  it('serves a closed range with 206 and the exact bytes', async () => {
    expect(await ranged('bytes=2-5')).toEqual({ status: 206, body: '2345', contentRange: 'bytes 2-5/20', length: '4' });
    expect(await ranged('bytes=0-0')).toEqual({ status: 206, body: '0', contentRange: 'bytes 0-0/20', length: '1' });
    expect(await ranged('bytes=19-19')).toEqual({ status: 206, body: 'j', contentRange: 'bytes 19-19/20', length: '1' });
  });

  it('serves an open-ended range to the end', async () => {
    expect(await ranged('bytes=15-')).toEqual({ status: 206, body: 'fghij', contentRange: 'bytes 15-19/20', length: '5' });
  });

  it('serves a suffix range as the last n bytes', async () => {
    expect(await ranged('bytes=-3')).toEqual({ status: 206, body: 'hij', contentRange: 'bytes 17-19/20', length: '3' });
    expect(await ranged('bytes=-500')).toEqual({ status: 206, body: small.toString(), contentRange: 'bytes 0-19/20', length: '20' });
  });

  it('clamps an end past the object', async () => {
    expect(await ranged('bytes=10-9999')).toEqual({ status: 206, body: 'abcdefghij', contentRange: 'bytes 10-19/20', length: '10' });
  });

  it('answers 416 with the size for a range that selects nothing', async () => {
    for (const range of ['bytes=20-', 'bytes=20-30', 'bytes=99999999999999999999-', 'bytes=5-2', 'bytes=-0']) {
      const result = await ranged(range);
      expect(result.status, range).toBe(416);
      expect(result.contentRange, range).toBe('bytes */20');
    }
  });

  it('serves the whole object for several ranges, other units and unreadable headers', async () => {
    for (const range of ['bytes=0-1,5-6', 'items=0-1', 'bytes=abc', 'bytes=', 'bytes=-', 'bytes=1-2-3', '0-1']) {
      const result = await ranged(range);
      expect(result.status, range).toBe(200);
      expect(result.body, range).toBe(small.toString());
      expect(result.contentRange, range).toBeNull();
    }
  });
});

describe('refusing anything outside the store', () => {
  it('answers 400 for anything but 64 lowercase hex digits', async () => {
    for (const hash of [smallHash.slice(1), `${smallHash}0`, smallHash.toUpperCase(), `${smallHash.slice(1)}g`, '', 'thumbnail']) {
      expect((await get(`/media/${hash}`)).status, hash).toBe(400);
    }
    for (const url of [`/media/${smallHash}/`, `/media/${smallHash}/original`, `/media/${smallHash}/thumbnail/x`, `/other/${smallHash}`, '/']) {
      expect((await get(url)).status, url).toBe(400);
    }
  });

  it('never serves a byte from outside the store, however the path is spelled', async () => {
    const attempts = [
      '/media/../secret.txt',
      '/media/../../secret.txt',
      '/media/%2e%2e/secret.txt',
      '/media/%2e%2e%2fsecret.txt',
      '/media/..%2f..%2fsecret.txt',
      '/media/..%5c..%5csecret.txt',
      '/media/..\\..\\secret.txt',
      `/media/${smallHash}/..%2f..%2f..%2f..%2fsecret.txt`,
      `/media/${smallHash}/../../../../secret.txt`,
      `/media/%2F${base.slice(1)}%2Fsecret.txt`,
      `/media/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      `/media/${smallHash}%00`,
      `/media/${smallHash}%00/../../secret.txt`,
      // (A trailing NUL would be stripped by the URL parser, leaving a valid in-store URL.)
      `/media/\u0000${smallHash}`,
      `/media/${smallHash}\u0000/thumbnail`,
      `evidence://media/..%2fsecret.txt`,
      `evidence://media/../secret.txt`,
      `evidence://media/%2e%2e/%2e%2e/secret.txt`,
      `evidence://media${base}/secret.txt`,
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect([400, 404], url).toContain(response.status);
      expect(await response.text(), url).not.toContain(secret);
    }
  });

  it('refuses with 404 an object that is a symlink to a file outside the store', async () => {
    const outside = Buffer.from(secret);
    const hash = sha256Of(outside);
    const target = path.join(base, 'outside-object');
    await writeFile(target, outside);
    await mkdir(path.join(storeRoot, 'objects', hash.slice(0, 2)), { recursive: true });
    await symlink(target, path.join(storeRoot, 'objects', hash.slice(0, 2), hash));
    const response = await get(`/media/${hash}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(secret);
    expect(logged).toContain('warn refused an evidence path that resolves outside the store');
  });

  it('refuses with 404 a derived folder that is a symlink out of the store', async () => {
    const hash = 'ab'.repeat(32);
    const outsideFolder = path.join(base, 'outside-derived');
    await mkdir(outsideFolder);
    await writeFile(path.join(outsideFolder, 'thumbnail.webp'), secret);
    await mkdir(path.join(storeRoot, 'derived', 'ab'), { recursive: true });
    await symlink(outsideFolder, path.join(storeRoot, 'derived', 'ab', hash));
    expect((await get(`/media/${hash}/thumbnail`)).status).toBe(404);
  });

  it('works when the store root itself is reached through a symlink', async () => {
    const linkedRoot = path.join(base, 'linked-store');
    await symlink(storeRoot, linkedRoot);
    const linked = createMediaHandler({ storeRoot: linkedRoot, mediaTypeOf: () => undefined });
    const response = await linked(new Request(`evidence://media/${smallHash}`));
    expect(response.status).toBe(200);
    expect(await bytesOf(response)).toEqual(small);
  });
});

describe('streaming', () => {
  it('reads a 64 MiB object at random ranges exactly as it is on disk', async () => {
    const big = randomBytes(64 * 1024 * 1024);
    const hash = await putObject(big, 'video/mp4');
    const first = await get(`/media/${hash}`);
    const reader = first.body!.getReader();
    const chunk = await reader.read();
    // Streamed, not buffered: the first chunk is one file-stream read, not the whole object.
    expect(chunk.value!.byteLength).toBeLessThanOrEqual(64 * 1024);
    await reader.cancel();

    for (let sample = 0; sample < 40; sample += 1) {
      const start = Math.floor(Math.random() * big.length);
      const end = Math.min(big.length - 1, start + Math.floor(Math.random() * 2 * 1024 * 1024));
      const response = await get(`/media/${hash}`, { headers: { range: `bytes=${start}-${end}` } });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${big.length}`);
      expect((await bytesOf(response)).equals(big.subarray(start, end + 1)), `bytes=${start}-${end}`).toBe(true);
    }
    const whole = createHash('sha256');
    const stream = (await get(`/media/${hash}`)).body!.getReader();
    for (let part = await stream.read(); !part.done; part = await stream.read()) whole.update(part.value);
    expect(whole.digest('hex')).toBe(hash);
  });

  it.runIf(process.platform === 'linux')('closes the file when the client cancels, and on every bodiless answer', async () => {
    const hash = await putObject(randomBytes(4 * 1024 * 1024));
    const failing = createMediaHandler({ storeRoot, mediaTypeOf: () => Promise.reject(new Error('index closed')) });
    const openFiles = async () => (await readdir('/proc/self/fd')).length;
    // A leaked handle may be closed by the garbage collector before we count; Node warns then.
    const gcClosed: string[] = [];
    const onWarning = (warning: Error) => {
      if (/on garbage collection/.test(warning.message)) gcClosed.push(warning.message);
    };
    process.on('warning', onWarning);
    const before = await openFiles();
    for (let index = 0; index < 50; index += 1) {
      const response = await get(`/media/${hash}`, { headers: { range: `bytes=${index * 1000}-` } });
      const reader = response.body!.getReader();
      if (index % 2 === 0) await reader.read();
      await reader.cancel();
      await get(`/media/${hash}`, { method: 'HEAD' });
      await get(`/media/${hash}`, { headers: { range: 'bytes=999999999-' } });
      await failing(new Request(`http://127.0.0.1/media/${hash}`));
    }
    await vi.waitFor(async () => expect(await openFiles()).toBeLessThanOrEqual(before), { timeout: 500 });
    process.off('warning', onWarning);
    expect(gcClosed).toEqual([]);
  });

});
