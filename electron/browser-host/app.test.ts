import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxInMemoryFileBytes } from '../../shared/contract/evidence-calls';
import { writePhoto } from '../../test/support/media';
import { createDeskHandlers, type DeskServices } from '../services/desk-handlers';
import { openDeskServices } from '../services/desk-start';
import { createBrowserHostApp } from './app';

const origin = 'http://127.0.0.1:5123';
const token = 'per-run-secret';
let base: string;
let app: ReturnType<typeof createBrowserHostApp>;
let services: DeskServices;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'desk-host-'));
  const rendererDir = path.join(base, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Dispute Desk</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
  await writeFile(path.join(base, 'outside.txt'), 'not for the renderer');
  services = await openDeskServices(path.join(base, 'data'), (sha256) => `${origin}/media/${sha256}?key=media-key`);
  app = createBrowserHostApp({
    token,
    origin,
    rendererDir,
    handlers: createDeskHandlers({ host: 'browser', version: '9.9.9', dataDir: '/data', defaultServiceUrl: 'http://127.0.0.1:4000', logDir: '/data/logs' }, services),
    serviceOrigin: () => 'http://127.0.0.1:4000',
    media: { key: 'media-key', handler: async () => new Response('media') },
    upload: () => null,
  });
});
afterAll(async () => {
  services.evidence.close();
  await rm(base, { recursive: true });
});

function call(name: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  return app.request(`${origin}/api/call/${name}`, {
    method: 'POST',
    body: init.body ?? '{}',
    headers: { host: '127.0.0.1:5123', authorization: `Bearer ${token}`, ...init.headers },
  });
}

describe('browser host desk calls', () => {
  it('answers app.info with the token and the right origin', async () => {
    const response = await call('app.info', { headers: { origin } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, value: { version: '9.9.9', host: 'browser', dataDir: '/data', serviceUrl: 'http://127.0.0.1:4000', logDir: '/data/logs', canOpenFolders: false, canChooseFolders: false, mediaTools: services.evidence.mediaTools, atRest: { protection: 'key-file', backend: null, made: true, unusableKeychain: null, setAside: null } } });
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['no token', { authorization: '' }, 401, 'unauthorized'],
    ['a wrong token', { authorization: 'Bearer guess' }, 401, 'unauthorized'],
    ['a token of the right length but wrong', { authorization: `Bearer ${'x'.repeat(token.length)}` }, 401, 'unauthorized'],
    ['a foreign Origin', { origin: 'https://evil.example' }, 403, 'forbidden_origin'],
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:5123' }, 403, 'forbidden_origin'],
  ])('refuses a call with %s', async (_what, headers, status, code) => {
    const response = await call('app.info', { headers });
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body).toMatchObject({ ok: false, error: { code } });
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['a body that is not JSON', 'app.info', '{oops', 400, 'bad_request'],
    ['a body that breaks the schema', 'app.info', '{"extra":true}', 400, 'bad_request'],
    ['an unknown call', 'app.launchMissiles', '{}', 404, 'unknown_call'],
    ['an oversized body', 'app.info', JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }), 413, 'payload_too_large'],
  ])('answers %s with a 4xx and a code, never a stack', async (_what, name, body, status, code) => {
    const response = await call(name, { body });
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code } });
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses GET on the call endpoint', async () => {
    const response = await app.request(`${origin}/api/call/app.info`, { headers: { host: '127.0.0.1:5123' } });
    expect(response.status).toBe(404);
  });
});

describe('browser host renderer files', () => {
  it('serves the renderer with the CSP and security headers', async () => {
    const response = await app.request(`${origin}/`, { headers: { host: '127.0.0.1:5123' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Dispute Desk');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'.*object-src 'none'/);
    // The renderer may reach its own host and the configured case service, nothing else.
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self' evidence: http://127.0.0.1:4000;");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with their type', async () => {
    const response = await app.request(`${origin}/assets/app.js`, { headers: { host: '127.0.0.1:5123' } });
    expect(response.headers.get('content-type')).toMatch(/javascript/);
  });

  it('lets the browser keep hashed assets for good, and asks for the page every time', async () => {
    const request = (requestPath: string) => app.request(`${origin}${requestPath}`, { headers: { host: '127.0.0.1:5123' } });
    expect((await request('/assets/app.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await request('/')).headers.get('cache-control')).toBe('no-cache');
    expect((await request('/index.html')).headers.get('cache-control')).toBe('no-cache');
    // A name under assets/ with no file falls back to the page, which must not be kept as that name.
    const missing = await request('/assets/gone-1234.js');
    expect(missing.headers.get('content-type')).toMatch(/html/);
    expect(missing.headers.get('cache-control')).toBe('no-cache');
  });

  it.each(['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt'])(
    'never serves a file outside the renderer folder for %s',
    async (requestPath) => {
      const response = await app.request(`${origin}${requestPath}`, { headers: { host: '127.0.0.1:5123' } });
      expect(await response.text()).not.toContain('not for the renderer');
    },
  );
});

describe('browser host evidence routes', () => {
  const digest = 'ab'.repeat(32);

  it('serves media only with the per-run media key', async () => {
    const refused = await app.request(`${origin}/media/${digest}?key=guess`, { headers: { host: '127.0.0.1:5123' } });
    expect(refused.status).toBe(401);
    const served = await app.request(`${origin}/media/${digest}?key=media-key`, { headers: { host: '127.0.0.1:5123' } });
    expect(await served.text()).toBe('media');
  });

  it('takes uploads only with the token, and only into an open job', async () => {
    const upload = (headers: Record<string, string>) =>
      app.request(`${origin}/api/evidence/upload/no-such-job?name=a.jpg&size=3`, {
        method: 'POST',
        body: 'abc',
        headers: { host: '127.0.0.1:5123', origin, ...headers },
      });
    expect((await upload({})).status).toBe(401);
    const unknownJob = await upload({ authorization: `Bearer ${token}` });
    expect(unknownJob.status).toBe(400);
    expect(await unknownJob.json()).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no open ingestion job/) } });
  });

  describe('evidence.ingestBytes at /api/evidence/bytes/<job>', () => {
    const context = { disputeId: 'D-BYTES', party: 'buyer', channel: 'upload' };
    async function openJob(): Promise<string> {
      const started = await call('evidence.ingest', { body: JSON.stringify({ context, paths: [], open: true }) });
      return ((await started.json()) as { value: { jobId: string } }).value.jobId;
    }
    const send = (jobId: string, body: BodyInit, headers: Record<string, string> = {}) =>
      app.request(`${origin}/api/evidence/bytes/${jobId}?name=snapshot.jpg`, {
        method: 'POST',
        body,
        headers: { host: '127.0.0.1:5123', origin, authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', ...headers },
      });

    it('adds the bytes to an open job, where they are stored and typed by content', async () => {
      const jobId = await openJob();
      const photo = await writePhoto(path.join(base, 'snapshot.jpg'), { seed: 81 });
      const response = await send(jobId, new Uint8Array(photo));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, value: { added: true } });
      await call('evidence.seal', { body: JSON.stringify({ jobId }) });
      for (;;) {
        const progress = (await (await call('evidence.job', { body: JSON.stringify({ jobId }) })).json()).value;
        if (progress.finished) {
          expect(progress.files).toEqual([expect.objectContaining({ name: 'snapshot.jpg', outcome: expect.objectContaining({ ok: true, mediaType: 'image/jpeg', sizeBytes: photo.length }) })]);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }, 60_000);

    it.each([
      ['no token', () => new Uint8Array([1]), { authorization: '' }, 401, 'unauthorized', /token/],
      ['an empty body', () => new Uint8Array(0), {}, 400, 'bad_request', /empty/],
      ['a body over the cap', () => new Uint8Array(maxInMemoryFileBytes + 1), {}, 413, 'payload_too_large', /at most 64 MiB/],
    ])('refuses %s with a code and a sentence', async (_what, body, headers, status, code, message) => {
      const response = await send(await openJob(), body(), headers);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
    });

    it('answers added: false for a job that is not open', async () => {
      const response = await send('no-such-job', new Uint8Array([1, 2, 3]));
      expect(await response.json()).toEqual({ ok: true, value: { added: false } });
    });

    it('refuses the bytes sent as JSON to the general call, naming the route to use', async () => {
      const response = await call('evidence.ingestBytes', { body: JSON.stringify({ jobId: await openJob(), name: 'a.png', bytes: [137, 80, 78, 71] }) });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/POST \/api\/evidence\/bytes/) } });
    });
  });
});
