// Evidence transfers between two desks' stores and the real case service (decision 0020): each
// bad input the issue names, with the bytes counted so a resumed transfer is seen to send nothing
// twice. Faults are made around the real service (a wrapper that damages one request) or around
// the desk's fetch (a network that drops); a full disk is an injected write that throws ENOSPC.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../renderer/data/service-client';
import { demoUsers } from '../../server/demo/users';
import { defaultPartBytes } from '../../shared/sync/transfer-protocol';
import { downloadBlob } from '../../electron/services/evidence/blob-download';
import { uploadBlob } from '../../electron/services/evidence/blob-upload';
import { EvidenceService } from '../../electron/services/evidence/evidence-service';
import { ObjectStore } from '../../electron/services/evidence/object-store';
import { sealedHeaderBytes } from '../../electron/services/at-rest/sealed-file';
import { createMediaHandler } from '../../electron/services/evidence/media-handler';
import { TransferManager } from '../../electron/services/transfer-manager';
import { startSyncTestService, type Handler, type SyncTestService } from './case-service';

const timeout = 120_000;
let work: string;
let service: SyncTestService;
let token: string;
/** Set by a test to damage requests on their way into the real service. */
let damage: ((request: Request) => Request | Promise<Request>) | null = null;
/** Set by a test to damage answers on their way out of it. */
let damageAnswer: ((request: Request, response: Response) => Response | Promise<Response>) | null = null;

const lina = demoUsers.find((user) => user.username === 'lina')!;
const size = 2 * defaultPartBytes + 123_457;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'evidence-transfer-'));
  const wrap = (inner: Handler): Handler => async (request) => {
    const sent = damage ? await damage(request) : request;
    const answer = await inner(sent);
    return damageAnswer ? damageAnswer(sent, answer) : answer;
  };
  service = await startSyncTestService({ folder: path.join(work, 'service-db'), demoDisputes: 1, wrap, maxUploadBytes: 3 * defaultPartBytes });
  const signedIn = await login(fetch, service.url, lina.username, lina.password);
  if (!signedIn.ok) throw new Error(signedIn.failure.message);
  token = signedIn.value.token;
}, timeout);

afterAll(async () => {
  await service?.stop();
  await rm(work, { recursive: true, force: true });
});

let desks = 0;
async function openDesk(): Promise<EvidenceService> {
  desks += 1;
  return EvidenceService.open(path.join(work, `desk-${desks}`, 'evidence'));
}

async function storeFile(desk: EvidenceService, bytes: Buffer): Promise<string> {
  return (await desk.store.put(Readable.from([bytes]))).sha256;
}

const target = (fetchImpl: typeof fetch = fetch) => ({ serviceUrl: service.url, token, fetch: fetchImpl });

/** A fetch that answers normally for `allowed` part uploads, then fails as a dropped network does. */
function dropAfterParts(allowed: number): typeof fetch {
  let parts = 0;
  return async (input, init) => {
    if (init?.method === 'PUT') {
      parts += 1;
      if (parts > allowed) throw new TypeError('fetch failed: the network dropped');
    }
    return fetch(input, init);
  };
}

/** A fetch whose download bodies stop with an error after `bytes` bytes. */
function cutDownloadAfter(bytes: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.body === null || (init?.method ?? 'GET') !== 'GET') return response;
    const reader = response.body.getReader();
    let passed = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const read = await reader.read();
        if (read.done || passed >= bytes) {
          await reader.cancel();
          controller.error(new TypeError('terminated: the network dropped'));
          return;
        }
        passed += read.value.byteLength;
        controller.enqueue(read.value);
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

describe('uploads', () => {
  it('asks first, sends every part once, and sends nothing for a file the service has', { timeout }, async () => {
    const desk = await openDesk();
    const bytes = randomBytes(size);
    const sha256 = await storeFile(desk, bytes);
    const progress: number[] = [];
    const first = await uploadBlob(desk.store, target(), sha256, 'video/mp4', { onProgress: (done) => progress.push(done) });
    expect(first).toMatchObject({ status: 'stored', sentBytes: size });
    expect(progress.at(-1)).toBe(size);
    expect(await uploadBlob(desk.store, target(), sha256, 'video/mp4')).toMatchObject({ status: 'stored', sentBytes: 0 });
    desk.close();
  });

  it('resends a part whose bytes did not arrive as sent; the service refused it and kept nothing', { timeout }, async () => {
    const desk = await openDesk();
    const sha256 = await storeFile(desk, randomBytes(size));
    let damaged = 0;
    damage = async (request) => {
      if (request.method !== 'PUT' || damaged > 0) return request;
      damaged += 1;
      const body = Buffer.from(await request.arrayBuffer());
      body[0] = body[0]! ^ 0xff;
      return new Request(request.url, { method: 'PUT', headers: request.headers, body });
    };
    try {
      const result = await uploadBlob(desk.store, target(), sha256, 'video/mp4');
      expect(result).toMatchObject({ status: 'stored', sentBytes: size + defaultPartBytes });
      expect(damaged).toBe(1);
    } finally {
      damage = null;
      desk.close();
    }
  });

  it('refuses a file over the cap before any byte is sent', { timeout }, async () => {
    const desk = await openDesk();
    const sha256 = await storeFile(desk, randomBytes(3 * defaultPartBytes + 1));
    expect(await uploadBlob(desk.store, target(), sha256, 'video/mp4')).toMatchObject({ status: 'too_large', sentBytes: 0 });
    desk.close();
  });

  it('resumes after a dropped network and after a service restart, never sending a confirmed part again', { timeout }, async () => {
    const desk = await openDesk();
    const sha256 = await storeFile(desk, randomBytes(size));
    const cut = await uploadBlob(desk.store, target(dropAfterParts(1)), sha256, 'video/mp4');
    // The part being sent when the network dropped counts as sent: its bytes may have left.
    expect(cut).toMatchObject({ status: 'unreachable', sentBytes: 2 * defaultPartBytes });
    await service.restart();
    const resumed = await uploadBlob(desk.store, target(), sha256, 'video/mp4');
    expect(resumed).toMatchObject({ status: 'stored', sentBytes: size - defaultPartBytes });
    desk.close();
  });

  it('tells the user a damaged local file was not sent when the whole file does not hash to its name', { timeout }, async () => {
    const desk = await openDesk();
    const sha256 = await storeFile(desk, randomBytes(size));
    const file = desk.store.objectPath(sha256);
    const bytes = await readFile(file);
    bytes[size - 1] = bytes[size - 1]! ^ 0xff;
    await writeFile(file, bytes);
    const result = await uploadBlob(desk.store, target(), sha256, 'video/mp4');
    expect(result.status).toBe('corrupt');
    expect(result.message).toMatch(/damaged on this computer/);
    desk.close();
  });
});

describe('uploads from a sealing store (issue 22)', () => {
  it('sends the content, never the sealed bytes, and refuses to send a sealed object damaged on disk', { timeout }, async () => {
    const sealing = { evidence: { keyId: randomBytes(16), key: randomBytes(32) }, objectNames: randomBytes(32) };
    const store = await ObjectStore.open(path.join(work, 'sealed-desk'), { sealing });
    try {
      const bytes = randomBytes(size);
      const { sha256 } = await store.put(Readable.from([bytes]));
      expect(await uploadBlob(store, target(), sha256, 'video/mp4')).toMatchObject({ status: 'stored', sentBytes: size });
      const served = await fetch(`${service.url}/blobs/${sha256}`, { headers: { authorization: `Bearer ${token}` } });
      expect(createHash('sha256').update(Buffer.from(await served.arrayBuffer())).digest('hex')).toBe(sha256);

      const other = await store.put(Readable.from([randomBytes(size)]));
      const file = store.objectPath(other.sha256);
      const sealed = await readFile(file);
      sealed[sealedHeaderBytes + 10]! ^= 1;
      await writeFile(file, sealed);
      expect(await uploadBlob(store, target(), other.sha256, 'video/mp4')).toMatchObject({ status: 'corrupt', sentBytes: 0 });
    } finally {
      store.close();
    }
  });
});

describe('downloads', () => {
  let sha256: string;
  let bytes: Buffer;

  beforeAll(async () => {
    const uploader = await openDesk();
    bytes = randomBytes(size);
    sha256 = await storeFile(uploader, bytes);
    expect(await uploadBlob(uploader.store, target(), sha256, 'video/mp4')).toMatchObject({ status: 'stored' });
    uploader.close();
  }, timeout);

  it('resumes a cut download from the partial file, fetching only the rest, and commits the verified whole', { timeout }, async () => {
    const desk = await openDesk();
    const cut = await downloadBlob(desk, target(cutDownloadAfter(5 * 1024 * 1024)), sha256);
    expect(cut.status).toBe('unreachable');
    const held = (await stat(desk.store.partialPath(sha256))).size;
    expect(held).toBe(cut.receivedBytes);
    expect(held).toBeGreaterThan(0);
    const resumed = await downloadBlob(desk, target(), sha256);
    expect(resumed).toMatchObject({ status: 'stored', receivedBytes: size - held });
    expect(createHash('sha256').update(await readFile(desk.store.objectPath(sha256))).digest('hex')).toBe(sha256);
    expect(desk.index.object(sha256)?.sizeBytes).toBe(size);
    desk.close();
  });

  it('says a service that does not answer is unreachable, and a session it refuses has ended', { timeout }, async () => {
    const desk = await openDesk();
    expect(await downloadBlob(desk, { serviceUrl: 'http://127.0.0.1:1', token }, sha256)).toMatchObject({ status: 'unreachable', receivedBytes: 0 });
    expect(await downloadBlob(desk, { serviceUrl: service.url, token: 'not-a-session' }, sha256)).toMatchObject({ status: 'unauthorized' });
    expect(await downloadBlob(desk, target(), 'e'.repeat(64))).toMatchObject({ status: 'missing' });
    desk.close();
  });

  it('keeps the partial file on a full disk, says how much to free, and continues once there is room', { timeout }, async () => {
    const desk = await openDesk();
    let writes = 0;
    const fullDisk = async (handle: FileHandle, chunk: Buffer, position: number) => {
      writes += 1;
      if (writes > 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      await handle.write(chunk, 0, chunk.length, position);
    };
    const full = await downloadBlob(desk, target(), sha256, { write: fullDisk });
    expect(full.status).toBe('disk_full');
    expect(full.bytesToFree).toBeGreaterThan(0);
    expect(full.message).toMatch(/Free at least/);
    const held = (await stat(desk.store.partialPath(sha256))).size;
    expect(held).toBe(full.receivedBytes);
    expect(held).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect(await downloadBlob(desk, target(), sha256)).toMatchObject({ status: 'stored', receivedBytes: size - held });
    desk.close();
  });

  it('discards bytes that do not hash to the digest asked for', { timeout }, async () => {
    const desk = await openDesk();
    damageAnswer = async (request, response) => {
      if (request.method !== 'GET' || !new URL(request.url).pathname.startsWith('/blobs/')) return response;
      const body = Buffer.from(await response.arrayBuffer());
      body[body.length - 1] = body[body.length - 1]! ^ 0xff;
      return new Response(body, { status: response.status, headers: response.headers });
    };
    try {
      expect(await downloadBlob(desk, target(), sha256)).toMatchObject({ status: 'corrupt' });
      expect(await desk.store.has(sha256)).toBe(false);
      await expect(stat(desk.store.partialPath(sha256))).rejects.toThrow();
    } finally {
      damageAnswer = null;
      desk.close();
    }
  });

  it('plays a video still arriving: ranges it has come from the partial file, the others from the service', { timeout }, async () => {
    const desk = await openDesk();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The download's body stalls after its first 5 MiB until the test lets it go on.
    const slow: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.body === null || init?.headers === undefined || new Headers(init.headers).has('range')) return response;
      const reader = response.body.getReader();
      let passed = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (passed >= 5 * 1024 * 1024) await gate;
          const read = await reader.read();
          if (read.done) return controller.close();
          passed += read.value.byteLength;
          controller.enqueue(read.value);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const transfers = new TransferManager({ evidence: desk, serviceUrl: () => service.url, spaceLimitBytes: () => 1024 ** 3, fetch: slow });
    const handler = createMediaHandler({ storeRoot: desk.store.root, mediaTypeOf: () => 'video/mp4', arriving: (sha) => transfers.arriving(sha) });
    transfers.start(sha256, token);
    await expect.poll(() => transfers.progress().files[0]?.bytesDone ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    const early = await handler(new Request(`http://desk/media/${sha256}`, { headers: { range: 'bytes=0-1023' } }));
    expect(early.status).toBe(206);
    expect(Buffer.from(await early.arrayBuffer())).toEqual(bytes.subarray(0, 1024));
    const late = await handler(new Request(`http://desk/media/${sha256}`, { headers: { range: `bytes=${size - 1000}-` } }));
    expect(late.status).toBe(206);
    expect(late.headers.get('content-range')).toBe(`bytes ${size - 1000}-${size - 1}/${size}`);
    expect(Buffer.from(await late.arrayBuffer())).toEqual(bytes.subarray(size - 1000));
    expect(transfers.progress()).toMatchObject({ active: 1, bytesTotal: size });
    release();
    expect(await transfers.download(sha256, token)).toMatchObject({ status: 'stored' });
    expect(transfers.progress().active).toBe(0);
    desk.close();
  });

  it('fetches in the background only within the space limit, and on demand regardless', { timeout }, async () => {
    const desk = await openDesk();
    const transfers = new TransferManager({ evidence: desk, serviceUrl: () => service.url, spaceLimitBytes: () => size - 1 });
    const answer = await transfers.prefetch([{ sha256, sizeBytes: size }], token);
    expect(answer.queued).toBe(1);
    await expect.poll(() => transfers.progress().waitingForSpace, { timeout: 10_000 }).toBe(1);
    expect(await desk.store.has(sha256)).toBe(false);
    expect(await transfers.download(sha256, token)).toMatchObject({ status: 'stored' });
    desk.close();
  });
});
