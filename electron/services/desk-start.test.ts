import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeskKey, deskKeyFileName } from './at-rest/desk-key';
import { dispatchDeskCall } from './desk-dispatch';
import { createStartedDeskHandlers, createStartedDeskMedia, startDesk, type DeskStart } from './desk-start';

// Issue 22: a desk whose key only a passphrase opens starts locked. Until the person at the desk
// gives it, nothing stored is read or served; a wrong one changes nothing.

const dirs: string[] = [];
const opened: DeskStart[] = [];
afterEach(async () => {
  for (const started of opened.splice(0)) started.services()?.evidence.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const passphrase = 'a passphrase for this desk';
const mediaUrl = (sha256: string) => `http://127.0.0.1/media/${sha256}`;

async function dataFolder(): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'desk-start-'));
  dirs.push(dataDir);
  return dataDir;
}

async function start(dataDir: string, options: Parameters<typeof startDesk>[3] = {}) {
  delete process.env.DESK_PASSPHRASE;
  const started = await startDesk(dataDir, mediaUrl, null, options);
  opened.push(started);
  const context = { host: 'browser' as const, version: '0.0.0', dataDir, defaultServiceUrl: null, logDir: path.join(dataDir, 'logs') };
  const handlers = createStartedDeskHandlers(context, started);
  return { started, call: (name: string, payload: unknown = {}) => dispatchDeskCall(handlers, name, payload) };
}

describe('a desk that starts locked', () => {
  it('refuses every stored thing until its passphrase is given, then answers as an open desk', async () => {
    const dataDir = await dataFolder();
    const evidenceDir = path.join(dataDir, 'evidence');
    // A desk whose key only a passphrase opens (as the CLI or a keychain-less desktop made it), with one photo in it.
    await mkdir(evidenceDir, { recursive: true });
    expect((await createDeskKey(evidenceDir, { kind: 'passphrase', passphrase }, { scryptLogN: 14 })).ok).toBe(true);
    const keyFileBefore = await readFile(path.join(evidenceDir, deskKeyFileName));

    const { started, call } = await start(dataDir);
    expect(started.services()).toBeNull();
    expect(await call('app.lock')).toEqual({
      ok: true,
      value: { status: 'locked', needs: 'passphrase', reason: 'This desk is locked with a passphrase: enter it to open what is stored here.', keychain: null, keyFileAllowed: false, keychainRetry: false },
    });
    for (const name of ['app.info', 'app.recordsKey', 'evidence.verify', 'evidence.transfers', 'settings.get']) {
      expect(await call(name)).toEqual({ ok: false, error: { code: 'desk_locked', message: 'This desk is locked: open it in the window first; nothing stored here is read until then.' } });
    }
    // The renderer may still log while locked.
    expect(await call('app.log', { level: 'info', module: 'unlock', message: 'asked', fields: {} })).toEqual({ ok: true, value: {} });
    const media = createStartedDeskMedia(started);
    expect((await media(new Request(`http://127.0.0.1/media/${'a'.repeat(64)}`))).status).toBe(423);

    // A wrong passphrase: refused, the key file untouched, still locked.
    expect(await call('app.unlock', { passphrase: 'this is not the passphrase' })).toEqual({
      ok: true,
      value: { status: 'refused', code: 'wrong_passphrase', message: 'That passphrase does not open this desk. Nothing was changed; try again.' },
    });
    expect(await call('app.unlock', { keyFile: true })).toMatchObject({ ok: true, value: { status: 'refused', code: 'needs_passphrase' } });
    expect(await call('app.unlock', { passphrase: 'x'.repeat(5_000) })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await call('app.unlock', { passphrase: 'nul\u0000byte passphrase' })).toMatchObject({ ok: true, value: { status: 'refused', code: 'wrong_passphrase' } });
    expect((await readFile(path.join(evidenceDir, deskKeyFileName))).equals(keyFileBefore)).toBe(true);
    expect(await call('app.lock')).toMatchObject({ ok: true, value: { status: 'locked' } });

    // Two tries at once: the second is told to wait, not run a second scrypt beside the first.
    const [first, second] = await Promise.all([call('app.unlock', { passphrase }), call('app.unlock', { passphrase })]);
    expect(first).toEqual({ ok: true, value: { status: 'open' } });
    expect(second).toMatchObject({ ok: true, value: { status: 'refused', message: expect.stringMatching(/wait for it/) } });

    expect(await call('app.lock')).toEqual({ ok: true, value: { status: 'open' } });
    expect(await call('app.unlock', { passphrase: 'anything at all, it is open' })).toEqual({ ok: true, value: { status: 'open' } });
    expect(await call('app.info')).toMatchObject({ ok: true, value: { atRest: { protection: 'passphrase', made: false } } });
    expect(await call('app.recordsKey')).toMatchObject({ ok: true, value: { key: expect.any(String) } });

    // Evidence comes in and is served as on any open desk.
    const photo = path.join(dataDir, 'parcel.png');
    await writeFile(photo, await sharp({ create: { width: 32, height: 24, channels: 3, background: '#a0522d' } }).png().toBuffer());
    const ingest = await started.services()!.evidence.ingestPath(photo, { disputeId: 'd-locked', party: 'buyer', channel: 'upload' });
    if (!ingest.ok) throw new Error(ingest.error.message);
    const served = await media(new Request(`http://127.0.0.1/media/${ingest.sha256}`));
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    // The passphrase that opened it opens it for "add a passphrase" too (it replaces itself).
    expect(await call('app.setPassphrase', { passphrase: 'another passphrase for later' })).toEqual({ ok: true, value: { status: 'set' } });
  });

  it('with no key and --ask-passphrase, asks for a new passphrase and keeps the key behind it', async () => {
    const dataDir = await dataFolder();
    const { started, call } = await start(dataDir, { askForNewKey: true });
    expect(await call('app.lock')).toMatchObject({ ok: true, value: { status: 'locked', needs: 'new-passphrase', keyFileAllowed: true } });
    expect(await call('app.unlock', { passphrase: 'too short' })).toEqual({ ok: true, value: { status: 'refused', code: 'weak_passphrase', message: 'Use a passphrase of at least 12 characters.' } });
    expect(started.services()).toBeNull();
    expect(await call('app.unlock', { passphrase })).toEqual({ ok: true, value: { status: 'open' } });
    expect(await call('app.info')).toMatchObject({ ok: true, value: { atRest: { protection: 'passphrase', made: true } } });
    started.services()!.evidence.close();
    opened.splice(opened.indexOf(started), 1);

    // The next start asks for that passphrase.
    const again = await start(dataDir, { askForNewKey: true });
    expect(await again.call('app.lock')).toMatchObject({ ok: true, value: { status: 'locked', needs: 'passphrase' } });
    expect(await again.call('app.unlock', { passphrase })).toEqual({ ok: true, value: { status: 'open' } });
  });
});
