import { serve, type ServerType } from '@hono/node-server';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceErrorSchema } from '../shared/sync/protocol';
import { contentDigestHeader, uploadAnswerSchema, uploadOpenSchema, type UploadOpen } from '../shared/sync/transfer-protocol';
import { createCaseService } from './app';
import { testDatabaseKinds } from './db/testing';
import type { EvidenceStore } from './evidence-store/store';
import { testStoreKinds, unreachableS3Store } from './evidence-store/testing';
import { startTestService, type TestService } from './test-service';

const partBytes = 64 * 1024;
const clock = new Date('2026-11-26T10:00:00.000Z');
const now = () => clock;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Real bytes of several parts: 5 whole parts and a short last one. */
function file(size = 5 * partBytes + 1234): Buffer {
  return randomBytes(size);
}

function partOf(bytes: Buffer, n: number): Buffer {
  return bytes.subarray((n - 1) * partBytes, n * partBytes);
}

async function errorCode(response: Response): Promise<string> {
  return serviceErrorSchema.parse(await response.json()).error.code;
}

type App = ReturnType<typeof createCaseService>;

function client(app: App, token: string | undefined) {
  const auth = { authorization: `Bearer ${token}` };
  return {
    begin: (body: unknown) => app.request('/uploads', { method: 'POST', body: JSON.stringify(body), headers: { ...auth, 'content-type': 'application/json' } }),
    state: (id: string) => app.request(`/uploads/${id}`, { headers: auth }),
    put: (id: string, n: number | string, bytes: Buffer, headers: Record<string, string> = {}) =>
      app.request(`/uploads/${id}/parts/${n}`, {
        method: 'PUT',
        body: new Uint8Array(bytes),
        headers: { ...auth, 'content-length': String(bytes.length), 'content-digest': contentDigestHeader(sha256(bytes)), ...headers },
      }),
    complete: (id: string) => app.request(`/uploads/${id}/complete`, { method: 'POST', headers: auth }),
    abandon: (id: string) => app.request(`/uploads/${id}`, { method: 'DELETE', headers: auth }),
    blob: (digest: string, headers: Record<string, string> = {}) => app.request(`/blobs/${digest}`, { headers: { ...auth, ...headers } }),
  };
}

async function begin(c: ReturnType<typeof client>, bytes: Buffer, digest = sha256(bytes)): Promise<UploadOpen> {
  const response = await c.begin({ sha256: digest, size: bytes.length, mediaType: 'video/mp4' });
  expect(response.status).toBe(200);
  return uploadOpenSchema.parse(await response.json());
}

for (const dbKind of testDatabaseKinds()) {
  for (const storeKind of testStoreKinds()) {
    describe(`uploads and downloads (${dbKind.name}, ${storeKind.name} store)`, () => {
      let service: TestService;
      let store: EvidenceStore;
      beforeAll(async () => {
        await storeKind.setUp();
        store = await storeKind.open();
        service = await startTestService(dbKind, 2, clock, { store, uploadPartBytes: partBytes, maxUploadBytes: 64 * 1024 * 1024 });
      });
      afterAll(async () => {
        await service.db.close();
        await storeKind.tearDown();
      });

      it('takes a file in parts, checks it whole, then serves it whole and by range', async () => {
        const ana = client(service.app, service.tokens.ana);
        const bytes = file();
        const open = await begin(ana, bytes);
        expect(open).toMatchObject({ partBytes, partCount: 6, received: [] });
        for (let n = 1; n <= 6; n += 1) expect((await ana.put(open.uploadId, n, partOf(bytes, n))).status).toBe(200);
        // Nothing is visible before the upload is completed.
        expect((await ana.blob(open.sha256)).status).toBe(404);
        const stored = await ana.complete(open.uploadId);
        expect(await stored.json()).toEqual({ status: 'stored', sha256: open.sha256, size: bytes.length });

        const whole = await ana.blob(open.sha256);
        expect(whole.status).toBe(200);
        expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
        const range = await ana.blob(open.sha256, { range: 'bytes=70000-70009' });
        expect(range.status).toBe(206);
        expect(range.headers.get('content-range')).toBe(`bytes 70000-70009/${bytes.length}`);
        expect(Buffer.from(await range.arrayBuffer()).equals(bytes.subarray(70000, 70010))).toBe(true);
        const head = await service.app.request(`/blobs/${open.sha256}`, { method: 'HEAD', headers: { authorization: `Bearer ${service.tokens.bo}` } });
        expect(head.headers.get('content-length')).toBe(String(bytes.length));

        // Bytes the store has are never sent again.
        const again = uploadAnswerSchema.parse(await (await client(service.app, service.tokens.bo).begin({ sha256: open.sha256, size: bytes.length, mediaType: 'video/mp4' })).json());
        expect(again).toEqual({ status: 'present', sha256: open.sha256, size: bytes.length });
        const [row] = await service.db.query<{ uploader: string; storage_key: string; data: unknown }>('SELECT uploader, storage_key, data FROM blobs WHERE sha256 = $1', [open.sha256]);
        expect(row).toEqual({ uploader: 'u-cm-1', storage_key: store.keyOf(open.sha256), data: null });
        expect((await service.counts()).uploads).toBe(0);
      });

      it('resumes an upload after the service restarts mid-upload, from the parts it confirmed', async () => {
        const bytes = file();
        const before = client(service.app, service.tokens.ana);
        const open = await begin(before, bytes);
        for (const n of [1, 2, 3]) expect((await before.put(open.uploadId, n, partOf(bytes, n))).status).toBe(200);

        // A new service on the same database and store: nothing of the upload lives only in memory.
        const restarted = client(createCaseService({ db: service.db, now, store, uploadPartBytes: partBytes }), service.tokens.ana);
        const resumed = await begin(restarted, bytes);
        expect(resumed).toMatchObject({ uploadId: open.uploadId, received: [1, 2, 3] });
        for (const n of [4, 5, 6]) expect((await restarted.put(open.uploadId, n, partOf(bytes, n))).status).toBe(200);
        expect((await restarted.complete(open.uploadId)).status).toBe(200);
        expect(Buffer.from(await (await restarted.blob(open.sha256)).arrayBuffer()).equals(bytes)).toBe(true);
      });

      it('refuses every bad part with a code and keeps the upload resumable', async () => {
        const ana = client(service.app, service.tokens.ana);
        const bo = client(service.app, service.tokens.bo);
        const bytes = file(3 * partBytes);
        const open = await begin(ana, bytes);
        const id = open.uploadId;

        // It belongs to the user who began it.
        expect(await errorCode(await bo.state(id))).toBe('not_found');
        expect(await errorCode(await bo.put(id, 1, partOf(bytes, 1)))).toBe('not_found');
        expect(await errorCode(await bo.complete(id))).toBe('not_found');
        expect(await errorCode(await bo.abandon(id))).toBe('not_found');
        for (const unknown of ['00000000-0000-0000-0000-000000000000', 'a%00b', 'x'.repeat(5000)]) {
          expect(await errorCode(await ana.put(unknown, 1, partOf(bytes, 1)))).toBe('not_found');
        }
        for (const n of ['0', '4', '-1', '99999999999999999999', '1.5', 'one']) {
          expect(await errorCode(await ana.put(id, n, partOf(bytes, 1)))).toBe('bad_request');
        }
        const part = partOf(bytes, 1);
        expect(await errorCode(await ana.put(id, 1, part, { 'content-length': '10' }))).toBe('bad_request');
        expect(await errorCode(await ana.put(id, 1, part, { 'content-digest': '' }))).toBe('bad_request');
        expect(await errorCode(await ana.put(id, 1, part, { 'content-digest': 'sha-256=:not-base64:' }))).toBe('bad_request');
        expect(await errorCode(await ana.put(id, 1, part, { 'content-digest': contentDigestHeader(sha256(partOf(bytes, 2))) }))).toBe('part_mismatch');
        expect(uploadOpenSchema.parse(await (await ana.state(id)).json()).received).toEqual([]);

        expect((await ana.put(id, 1, part)).status).toBe(200);
        expect((await ana.put(id, 3, partOf(bytes, 3))).status).toBe(200);
        const incomplete = await ana.complete(id);
        expect(incomplete.status).toBe(409);
        expect(serviceErrorSchema.parse(await incomplete.json()).error).toMatchObject({ code: 'upload_incomplete', message: expect.stringContaining('Parts 2 ') });
        expect((await ana.put(id, 2, partOf(bytes, 2))).status).toBe(200);
        expect((await ana.complete(id)).status).toBe(200);

        // Over the cap, or not a size at all: refused before any byte.
        expect(await errorCode(await ana.begin({ sha256: sha256(bytes), size: 65 * 1024 * 1024, mediaType: 'video/mp4' }))).toBe('payload_too_large');
        expect(await errorCode(await ana.begin({ sha256: sha256(bytes), size: 1e300, mediaType: 'video/mp4' }))).toBe('bad_request');
        expect(await errorCode(await ana.begin({ sha256: 'a\u0000b', size: 1, mediaType: 'video/mp4' }))).toBe('bad_request');
      });

      it('keeps nothing of an upload whose whole file does not hash to its digest', async () => {
        const ana = client(service.app, service.tokens.ana);
        const bytes = file(2 * partBytes + 5);
        const claimed = sha256(randomBytes(32));
        const open = await begin(ana, bytes, claimed);
        for (const n of [1, 2, 3]) expect((await ana.put(open.uploadId, n, partOf(bytes, n))).status).toBe(200);
        const refused = await ana.complete(open.uploadId);
        expect(refused.status).toBe(422);
        expect(await errorCode(refused)).toBe('hash_mismatch');
        expect((await ana.blob(claimed)).status).toBe(404);
        expect(await store.has(claimed)).toBe(false);
        expect(await errorCode(await ana.state(open.uploadId))).toBe('not_found');
      });

      it('abandons an upload', async () => {
        const ana = client(service.app, service.tokens.ana);
        const bytes = file(partBytes);
        const open = await begin(ana, bytes);
        expect((await ana.put(open.uploadId, 1, bytes)).status).toBe(200);
        expect((await ana.abandon(open.uploadId)).status).toBe(204);
        expect(await errorCode(await ana.complete(open.uploadId))).toBe('not_found');
      });

      it('counts the store on /health', async () => {
        const health = (await (await service.app.request('/health')).json()) as { store: unknown };
        const [counted] = await service.db.query<{ objects: number; bytes: number }>('SELECT count(*)::int AS objects, sum(size)::bigint AS bytes FROM blobs');
        expect(health.store).toEqual({ kind: storeKind.name, status: 'ok', ...counted, archivedObjects: 0 });
      });

      if (storeKind.name === 's3') {
        it('says on /health when S3 cannot be reached or refuses the credentials, and uploads answer store_unavailable', async () => {
          for (const broken of [unreachableS3Store(), storeKind.refusing!()]) {
            const app = createCaseService({ db: service.db, now, store: broken });
            const health = (await (await app.request('/health')).json()) as { store: { status: string; reason: string } };
            expect(health.store.status).toBe('unreachable');
            expect(health.store.reason).toMatch(/S3 store .* cannot be used: .*(ECONNREFUSED|refuses the credentials)/);
            const bytes = file(100);
            const refused = await client(app, service.tokens.ana).begin({ sha256: sha256(bytes), size: bytes.length, mediaType: 'image/png' });
            expect(refused.status).toBe(503);
            expect(await errorCode(refused)).toBe('store_unavailable');
          }
        });
      }
    });
  }
}

/** A PUT over a real socket; `cutAfter` bytes sent, then the connection is dropped. */
function putOverSocket(url: string, headers: Record<string, string>, body: Buffer, cutAfter?: number): Promise<number | 'dropped'> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'PUT', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve('dropped'));
    if (cutAfter === undefined) {
      request.end(body);
      return;
    }
    request.write(body.subarray(0, cutAfter), () => setTimeout(() => request.destroy(), 50));
  });
}

describe('uploads over a real socket', () => {
  const dbKind = testDatabaseKinds()[0]!;
  const storeKind = testStoreKinds()[0]!;
  let service: TestService;
  let server: ServerType;
  let url = '';
  beforeAll(async () => {
    await storeKind.setUp();
    service = await startTestService(dbKind, 1, clock, { store: await storeKind.open(), uploadPartBytes: partBytes });
    server = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await service.db.close();
    await storeKind.tearDown();
  });

  it('streams parts from the socket, and a part cut off by a dropped connection is simply sent again', async () => {
    const ana = client(service.app, service.tokens.ana);
    const bytes = file(3 * partBytes + 10);
    const open = await begin(ana, bytes);
    const headersOf = (part: Buffer) => ({
      authorization: `Bearer ${service.tokens.ana}`,
      'content-length': String(part.length),
      'content-digest': contentDigestHeader(sha256(part)),
    });
    const partUrl = (n: number) => `${url}/uploads/${open.uploadId}/parts/${n}`;
    expect(await putOverSocket(partUrl(1), headersOf(partOf(bytes, 1)), partOf(bytes, 1))).toBe(200);
    expect(await putOverSocket(partUrl(2), headersOf(partOf(bytes, 2)), partOf(bytes, 2), 30_000)).toBe('dropped');
    await expect.poll(async () => uploadOpenSchema.parse(await (await ana.state(open.uploadId)).json()).received).toEqual([1]);
    // The service may still be ending the dropped request: until it has, part 2 is refused as
    // "being received already", as a desk is told to wait for that answer and send it again.
    await expect.poll(() => putOverSocket(partUrl(2), headersOf(partOf(bytes, 2)), partOf(bytes, 2)), { timeout: 30_000 }).toBe(200);
    for (const n of [3, 4]) expect(await putOverSocket(partUrl(n), headersOf(partOf(bytes, n)), partOf(bytes, n))).toBe(200);
    expect((await ana.complete(open.uploadId)).status).toBe(200);
    const download = await fetch(`${url}/blobs/${open.sha256}`, { headers: { authorization: `Bearer ${service.tokens.bo}`, range: 'bytes=0-' } });
    expect(download.status).toBe(206);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
