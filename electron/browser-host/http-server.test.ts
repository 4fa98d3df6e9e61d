import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '../services/security-headers';
import { createBrowserHostApp } from './app';
import { createBrowserHostServer } from './http-server';

// fetch and undici normalise or refuse these requests before they leave, so each is written on a
// raw socket exactly as an attacker would send it.
let base: string;
let server: Server;
let port: number;
const serviceOrigin = 'http://127.0.0.1:4000';

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'desk-host-server-'));
  await mkdir(base, { recursive: true });
  await writeFile(path.join(base, 'index.html'), '<!doctype html><title>Dispute Desk</title>');
  const started: { app?: ReturnType<typeof createBrowserHostApp> } = {};
  server = createBrowserHostServer({
    fetch: (request) => (started.app ? started.app.fetch(request) : new Response('Starting', { status: 503 })),
    headers: () => securityHeaders(serviceOrigin),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  started.app = createBrowserHostApp({
    token: 'per-run-secret',
    origin: `http://127.0.0.1:${port}`,
    rendererDir: base,
    handlers: {} as never,
    serviceOrigin: () => serviceOrigin,
    media: { key: 'media-key', handler: async () => new Response('media') },
    upload: () => null,
  });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(base, { recursive: true });
});

/** Sends `request` as bytes and reads what comes back until the server closes the connection. */
function rawRequest(request: string): Promise<{ status: number; headers: Map<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(request.slice(0, 60))}`)));
  });
}

const own = () => `127.0.0.1:${port}`;

describe('the browser host answers every request with its security headers', () => {
  it.each([
    ['a request line that is not HTTP', 400, () => 'GARBAGE\r\n\r\n'],
    ['a backslash in the path', 400, () => `GET /\\evil HTTP/1.1\r\nHost: ${own()}\r\nConnection: close\r\n\r\n`],
    ['a Host that is no host name', 400, () => 'GET / HTTP/1.1\r\nHost: [bad\r\nConnection: close\r\n\r\n'],
    ['a Host with a space in it', 400, () => 'GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n'],
    ['no Host at all', 400, () => 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'],
    ['an absolute target that is no URL', 400, () => `GET http://[::1 HTTP/1.1\r\nHost: ${own()}\r\nConnection: close\r\n\r\n`],
    ['an asterisk target', 400, () => `OPTIONS * HTTP/1.1\r\nHost: ${own()}\r\nConnection: close\r\n\r\n`],
    ['both Content-Length and chunked', 400, () => `POST /api/call/app.info HTTP/1.1\r\nHost: ${own()}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n`],
    ['headers past Node’s limit', 431, () => `GET / HTTP/1.1\r\nHost: ${own()}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['a foreign Host', 403, () => 'GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'],
    ['a desk call without the token', 401, () => `POST /api/call/app.info HTTP/1.1\r\nHost: ${own()}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`],
    ['the renderer', 200, () => `GET / HTTP/1.1\r\nHost: ${own()}\r\nConnection: close\r\n\r\n`],
  ])('%s → %i with the CSP', async (_name, status, request) => {
    const answer = await rawRequest(request());
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-security-policy')).toBe(contentSecurityPolicy(serviceOrigin));
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    if (status >= 400 && status !== 403 && status !== 401) {
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });

  it('a handler that throws is a 500 with the CSP and no stack', async () => {
    const failing = createBrowserHostServer({
      fetch: () => {
        throw new Error('secret detail');
      },
      headers: () => securityHeaders(null),
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const failingPort = (failing.address() as AddressInfo).port;
    const response = await fetch(`http://127.0.0.1:${failingPort}/`);
    await new Promise((resolve) => failing.close(resolve));
    expect(response.status).toBe(500);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy(null));
    const body = await response.text();
    expect(body).not.toContain('secret detail');
    expect(JSON.parse(body)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
