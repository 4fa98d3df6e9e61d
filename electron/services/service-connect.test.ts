import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink, type LogSink } from '../../shared/logger';
import { syncSchemaVersion } from '../../shared/sync/protocol';
import { dispatchDeskCall, type DeskHandlers } from './desk-dispatch';
import { createDeskHandlers, currentServiceUrl, type DeskServices, type HostContext } from './desk-handlers';
import { openDeskServices } from './desk-start';
import { serviceOriginOf } from './security-headers';
import { createRendererAssets } from './renderer-assets';

// service.connect through the dispatch both hosts use: checked, then saved; the host's answers
// (app.info, the CSP) follow the saved address, and a refusal leaves everything as it was.

let dataDir: string;
let services: DeskServices;
let handlers: DeskHandlers;
let service: Server;
let serviceUrl: string;
let previousSink: LogSink;
const logged: Parameters<LogSink>[0][] = [];
const context: HostContext = { host: 'browser', version: '1.2.3', dataDir: '/data', defaultServiceUrl: 'http://127.0.0.1:9', logDir: '/data/logs' };

beforeAll(async () => {
  previousSink = setLogSink((record) => logged.push(record));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-service-connect-'));
  services = await openDeskServices(dataDir, (sha256) => `evidence://media/${sha256}`);
  handlers = createDeskHandlers(context, services);
  service = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'ok', database: 'postgres', schemaVersion: syncSchemaVersion, demo: false }));
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
});
afterAll(async () => {
  setLogSink(previousSink);
  service.closeAllConnections();
  await new Promise((resolve) => service.close(resolve));
  services.evidence.close();
  await rm(dataDir, { recursive: true });
});

async function cspConnectSrc(): Promise<string | undefined> {
  const assets = createRendererAssets(dataDir, () => serviceOriginOf(currentServiceUrl(context, services)));
  const response = await assets.fetch(new Request('http://127.0.0.1/index.html'));
  return /connect-src [^;]*/.exec(response.headers.get('content-security-policy') ?? '')?.[0];
}

describe('service.connect', () => {
  it('refuses a password-bearing address without saving or logging it', async () => {
    const result = await dispatchDeskCall(handlers, 'service.connect', { address: 'https://lina:hunter2@desk.example.com' });
    expect(result).toMatchObject({ ok: true, value: { ok: false, problem: { code: 'has_credentials' } } });
    expect(JSON.stringify(logged)).not.toContain('hunter2');
    expect(services.settings.get().serviceUrl).toBeNull();
  });

  it('refuses an address where nothing answers, and the host keeps its default', async () => {
    const result = await dispatchDeskCall(handlers, 'service.connect', { address: 'http://127.0.0.1:9' });
    expect(result).toMatchObject({ ok: true, value: { ok: false, problem: { code: 'unreachable' } } });
    await expect(dispatchDeskCall(handlers, 'app.info', {})).resolves.toMatchObject({ value: { serviceUrl: 'http://127.0.0.1:9' } });
    expect(await cspConnectSrc()).toBe("connect-src 'self' evidence: http://127.0.0.1:9");
  });

  it('saves a case service that passes, and app.info and the CSP follow it at once', async () => {
    const result = await dispatchDeskCall(handlers, 'service.connect', { address: ` ${serviceUrl}/ ` });
    expect(result).toEqual({ ok: true, value: { ok: true, serviceUrl, demo: false } });
    await expect(dispatchDeskCall(handlers, 'app.info', {})).resolves.toMatchObject({ value: { serviceUrl } });
    expect(await cspConnectSrc()).toBe(`connect-src 'self' evidence: ${serviceUrl}`);
    expect(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ serviceUrl });
  });

  it('refuses a request that is not an address string', async () => {
    const result = await dispatchDeskCall(handlers, 'service.connect', { address: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
