import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setLogSink, type LogSink } from '../../shared/logger';
import { openStoreKey } from './at-rest/desk-key';
import { dispatchDeskCall, type DeskHandlers } from './desk-dispatch';
import { createDeskHandlers, type DeskServices } from './desk-handlers';
import { openDeskServices } from './desk-start';

let handlers: DeskHandlers;
let services: DeskServices;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-dispatch-'));
  services = await openDeskServices(dataDir, (sha256) => `evidence://media/${sha256}`);
  handlers = createDeskHandlers({ host: 'browser', version: '1.2.3', dataDir: '/data', defaultServiceUrl: null, logDir: '/data/logs' }, services);
});
afterAll(async () => {
  services.evidence.close();
  await rm(dataDir, { recursive: true });
});
let logged: Parameters<LogSink>[0][] = [];
let previousSink: LogSink;

beforeEach(() => {
  logged = [];
  previousSink = setLogSink((record) => logged.push(record));
});
afterEach(() => setLogSink(previousSink));

describe('dispatchDeskCall', () => {
  it('answers a valid call with the service value', async () => {
    await expect(dispatchDeskCall(handlers, 'app.info', {})).resolves.toEqual({
      ok: true,
      value: { version: '1.2.3', host: 'browser', dataDir: '/data', serviceUrl: null, logDir: '/data/logs', canOpenFolders: false, canChooseFolders: false, mediaTools: services.evidence.mediaTools, atRest: { protection: 'key-file', backend: null, made: true, unusableKeychain: null, setAside: null } },
    });
  });

  it.each([undefined, null])('treats a missing payload (%j) as an empty request', async (payload) => {
    const result = await dispatchDeskCall(handlers, 'app.info', payload);
    expect(result.ok).toBe(true);
  });

  it.each([undefined, 42, 'app.nope', '__proto__', 'constructor'])('refuses the unknown call name %j', async (name) => {
    const result = await dispatchDeskCall(handlers, name, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  it.each([[{ surprise: true }], [[1, 2]], ['text']])('refuses the malformed payload %j', async (payload) => {
    const result = await dispatchDeskCall(handlers, 'app.info', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/app\.info/) } });
  });

  it('turns a throwing service into `internal` without leaking the stack, and logs the stack', async () => {
    const broken: DeskHandlers = {
      ...handlers,
      'app.info': async () => {
        throw new Error('disk on fire at /secret/path');
      },
    };
    const result = await dispatchDeskCall(broken, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('/secret/path');
    expect(logged).toHaveLength(1);
    expect(String(logged[0]!.error)).toContain('disk on fire');
  });

  it('refuses to pass on a service answer that breaks the contract', async () => {
    const wrong = { 'app.info': async () => ({ version: '', host: 'toaster', dataDir: '/d' }) } as unknown as DeskHandlers;
    const result = await dispatchDeskCall(wrong, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('evidence.forgetEverything', () => {
  it('removes nothing while a file is still being brought in, and says so; then removes everything', async () => {
    const context = { disputeId: 'D-1', party: 'buyer' as const, channel: 'upload' as const };
    const jobId = await services.jobs.start(context, [], { open: true });
    // A file whose bytes never finish arriving: the job has one file in flight.
    const stalled = new PassThrough();
    stalled.write(Buffer.from('still arriving'));
    void services.jobs.addStream(jobId, 'stalled.bin', () => stalled, null);
    await expect(dispatchDeskCall(handlers, 'evidence.forgetEverything', {})).resolves.toEqual({
      ok: true,
      value: { status: 'busy', message: 'Nothing was removed: 1 file is still being brought in. Wait for it to finish, then try again.' },
    });
    services.jobs.cancel(jobId);
    stalled.destroy();
    await expect.poll(() => services.jobs.filesInFlight()).toBe(0);
    await expect(dispatchDeskCall(handlers, 'evidence.forgetEverything', {})).resolves.toMatchObject({ ok: true, value: { status: 'removed' } });
  });
});

describe('the keys a desk hands over and sets', () => {
  it('hands the renderer its records key, named by the desk key it comes from', async () => {
    const answer = await dispatchDeskCall(handlers, 'app.recordsKey', {});
    expect(answer).toMatchObject({ ok: true, value: { keyId: services.records.keyId } });
    const key = answer.ok ? (answer.value as { key: string | null }).key : null;
    expect(Buffer.from(key ?? '', 'base64')).toEqual(services.records.key);
  });

  it('adds a passphrase the command-line tools then open the store with; a short one is refused and changes nothing', async () => {
    const keyFile = path.join(dataDir, 'evidence', 'desk-key.json');
    const before = await readFile(keyFile, 'utf8');
    await expect(dispatchDeskCall(handlers, 'app.setPassphrase', { passphrase: 'too short' })).resolves.toEqual({
      ok: true,
      value: { status: 'refused', code: 'weak_passphrase', message: 'Use a passphrase of at least 12 characters.' },
    });
    expect(await readFile(keyFile, 'utf8')).toBe(before);

    await expect(dispatchDeskCall(handlers, 'app.setPassphrase', { passphrase: 'correct horse battery staple' })).resolves.toEqual({ ok: true, value: { status: 'set' } });
    // As `dispute-desk verify` opens it, with DESK_PASSPHRASE and no key file to fall back on.
    const secret = path.join(dataDir, 'evidence', 'desk-key.secret');
    await rename(secret, `${secret}.away`);
    try {
      const opened = await openStoreKey(path.join(dataDir, 'evidence'), 'correct horse battery staple');
      expect(opened?.keyId.toString('hex')).toBe(services.records.keyId);
      await expect(openStoreKey(path.join(dataDir, 'evidence'), 'wrong horse battery staple')).rejects.toThrow();
    } finally {
      await rename(`${secret}.away`, secret);
    }
  }, 30_000);
});
