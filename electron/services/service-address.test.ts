import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { syncSchemaVersion } from '../../shared/sync/protocol';
import { checkServiceAddress, parseServiceAddress } from './service-address';

const servers: Server[] = [];

/** A real HTTP server on a loopback port, answering with `listener`. */
async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A case service's health answer speaking sync schema `schemaVersion`, at any path but /health a 404. */
function healthAnswering(schemaVersion: number): RequestListener {
  return (request, response) => {
    if (request.url !== '/health') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'ok', database: 'pglite', schemaVersion, demo: true }));
  };
}

/** A port that was just free: nothing listens there. */
async function closedPort(): Promise<string> {
  const url = await serve(() => undefined);
  const server = servers.pop()!;
  await new Promise((resolve) => server.close(resolve));
  return url;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('parseServiceAddress', () => {
  it.each([
    ['https://desk.example.com', 'https://desk.example.com'],
    ['  https://desk.example.com/  ', 'https://desk.example.com'],
    ['HTTP://127.0.0.1:4000/', 'http://127.0.0.1:4000'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['https://desk.example.com:443', 'https://desk.example.com'],
  ])('reads %j as the origin %s', (typed, origin) => {
    expect(parseServiceAddress(typed)).toEqual({ ok: true, url: origin });
  });

  it.each([
    ['', 'not_a_url'],
    ['desk.example.com', 'not_a_url'],
    ['127.0.0.1:4000', 'not_a_url'],
    ['https://exa mple.com', 'not_a_url'],
    ['http://', 'not_a_url'],
    ['ftp://desk.example.com', 'not_http'],
    ['file:///etc/passwd', 'not_http'],
    ['https://lina:secret@desk.example.com', 'has_credentials'],
    ['https://desk.example.com/api', 'has_path'],
    ['https://desk.example.com/?team=1', 'has_path'],
    ['https://desk.example.com/#top', 'has_path'],
    ['https://desk.example.com?', 'has_path'],
  ])('refuses %j as %s, with a message', (typed, code) => {
    const parsed = parseServiceAddress(typed);
    expect(parsed).toMatchObject({ ok: false, problem: { code, message: expect.any(String) } });
  });

  it('never repeats a password in its message', () => {
    const parsed = parseServiceAddress('https://lina:secret@desk.example.com');
    expect(JSON.stringify(parsed)).not.toContain('secret');
  });
});

describe('checkServiceAddress', () => {
  it('accepts a case service speaking this desk’s schema, as its origin', async () => {
    const url = await serve(healthAnswering(syncSchemaVersion));
    await expect(checkServiceAddress(`${url}/`)).resolves.toEqual({
      ok: true,
      url,
      health: { status: 'ok', database: 'pglite', schemaVersion: syncSchemaVersion, demo: true },
    });
  });

  it('says the service must be updated when it speaks an older schema', async () => {
    const url = await serve(healthAnswering(syncSchemaVersion - 1));
    const checked = await checkServiceAddress(url);
    expect(checked).toMatchObject({ ok: false, problem: { code: 'service_too_old', message: expect.stringMatching(/update the service/) } });
  });

  it('says this app must be updated when the service speaks a newer schema', async () => {
    const url = await serve(healthAnswering(syncSchemaVersion + 1));
    const checked = await checkServiceAddress(url);
    expect(checked).toMatchObject({ ok: false, problem: { code: 'desk_too_old', message: expect.stringMatching(/Update Dispute Desk/) } });
  });

  it('refuses an address where nothing listens', async () => {
    const url = await closedPort();
    const checked = await checkServiceAddress(url);
    expect(checked).toMatchObject({ ok: false, problem: { code: 'unreachable', message: expect.stringContaining('ECONNREFUSED') } });
  });

  it('refuses a host name that does not resolve', async () => {
    const checked = await checkServiceAddress('http://no-such-host.invalid');
    expect(checked).toMatchObject({ ok: false, problem: { code: 'unknown_host' } });
  });

  it('gives up on a server that accepts but never answers', async () => {
    const url = await serve(() => undefined);
    const started = performance.now();
    const checked = await checkServiceAddress(url, { timeoutMs: 300 });
    expect(checked).toMatchObject({ ok: false, problem: { code: 'timeout' } });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('gives up on a health answer that starts but never ends', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"status":');
    });
    const checked = await checkServiceAddress(url, { timeoutMs: 300 });
    expect(checked).toMatchObject({ ok: false, problem: { code: 'timeout' } });
  });

  it.each<[string, RequestListener]>([
    ['a web page', (_request, response) => void response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Hello</title>')],
    ['a 404', (_request, response) => void response.writeHead(404).end()],
    ['other JSON', (_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')],
    ['a redirect', (_request, response) => void response.writeHead(302, { location: 'https://elsewhere.example/' }).end()],
    ['an endless body', (_request, response) => void response.writeHead(200).end('x'.repeat(200_000))],
  ])('refuses a server answering %s as not a case service', async (_what, listener) => {
    const url = await serve(listener);
    const checked = await checkServiceAddress(url);
    expect(checked).toMatchObject({ ok: false, problem: { code: 'not_a_case_service', message: expect.stringContaining(url) } });
  });

  it('asks nothing of the network for an address that does not parse', async () => {
    let asked = false;
    const checked = await checkServiceAddress('https://desk.example.com/api', {
      fetch: async () => {
        asked = true;
        return new Response();
      },
    });
    expect(checked).toMatchObject({ ok: false, problem: { code: 'has_path' } });
    expect(asked).toBe(false);
  });
});
