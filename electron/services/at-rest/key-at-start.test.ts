import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSecretStore } from '../../../test/support/fake-secret-store';
import { deskKeyFileName, hasDeskKey, setDeskPassphrase } from './desk-key';
import { deskKeyAtStart as startOrLock, unlockDeskKey, type OpenKey, type StartMeans } from './key-at-start';
import { safeStorageKeychain, type SafeStorageLike } from './os-keychain';

/** Electron's safeStorage as the tests play it: the fake secret store, on a chosen backend. */
class FakeSafeStorage extends FakeSecretStore implements SafeStorageLike {
  constructor(
    private readonly backend: string,
    private readonly available = true,
  ) {
    super();
  }
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    return this.seal(plainText);
  }
  decryptString(encrypted: Buffer): string {
    return this.open(encrypted);
  }
}

/** The key at start where the test expects it to open. */
async function deskKeyAtStart(dir: string, means: StartMeans): Promise<OpenKey> {
  const atStart = await startOrLock(dir, means);
  if (!atStart.ok) throw new Error(`locked: ${atStart.lock.reason}`);
  return atStart;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'desk-key-at-start-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the desktop keychain through safeStorage', () => {
  it('names the backend each platform uses, and counts Linux basic_text, an unknown backend or no encryption as no keychain', () => {
    expect(safeStorageKeychain(new FakeSafeStorage('ignored'), 'darwin').backend()).toBe('macos_keychain');
    expect(safeStorageKeychain(new FakeSafeStorage('ignored'), 'win32').backend()).toBe('windows_dpapi');
    expect(safeStorageKeychain(new FakeSafeStorage('kwallet5'), 'linux').usable()).toBe(true);
    expect(safeStorageKeychain(new FakeSafeStorage('basic_text'), 'linux').usable()).toBe(false);
    expect(safeStorageKeychain(new FakeSafeStorage('unknown'), 'linux').usable()).toBe(false);
    expect(safeStorageKeychain(new FakeSafeStorage('ignored', false), 'darwin').usable()).toBe(false);
  });
});

describe('the store key at start', () => {
  it('makes the key in a usable keychain at the first start and opens it from there at the next', async () => {
    const keychain = safeStorageKeychain(new FakeSafeStorage('gnome_libsecret'), 'linux');
    const first = await deskKeyAtStart(dir, { keychain });
    expect(first.state).toEqual({ protection: 'keychain', backend: 'gnome_libsecret', made: true, unusableKeychain: null, setAside: null });
    const next = await deskKeyAtStart(dir, { keychain });
    expect(next.state).toEqual({ protection: 'keychain', backend: 'gnome_libsecret', made: false, unusableKeychain: null, setAside: null });
    expect(next.key.evidence.key.equals(first.key.evidence.key)).toBe(true);
    // The key file holds the keychain's sealed copy only, never the key.
    expect(await readFile(path.join(dir, deskKeyFileName), 'utf8')).not.toContain(first.key.evidence.key.toString('base64'));
  });

  it('keeps the key in an owner-only key file where the keychain protects nothing, and says why; with DESK_PASSPHRASE, behind the passphrase', async () => {
    const basic = safeStorageKeychain(new FakeSafeStorage('basic_text'), 'linux');
    const made = await deskKeyAtStart(dir, { keychain: basic });
    expect(made.state).toEqual({ protection: 'key-file', backend: null, made: true, unusableKeychain: 'basic_text', setAside: null });
    expect((await deskKeyAtStart(dir, { keychain: basic })).state).toMatchObject({ protection: 'key-file', made: false, unusableKeychain: 'basic_text', setAside: null });

    const other = await mkdtemp(path.join(os.tmpdir(), 'desk-key-at-start-'));
    try {
      const passphrase = 'a long enough passphrase';
      expect((await deskKeyAtStart(other, { keychain: basic, passphrase })).state).toMatchObject({ protection: 'passphrase', made: true });
      expect(await startOrLock(other, { keychain: basic })).toEqual({
        ok: false,
        lock: { status: 'locked', needs: 'passphrase', reason: 'This desk is locked with a passphrase: enter it to open what is stored here.', keychain: 'basic_text', keyFileAllowed: false, keychainRetry: false },
      });
      expect(await startOrLock(other, { passphrase: 'not the right passphrase' })).toMatchObject({
        ok: false,
        lock: { needs: 'passphrase', reason: 'That passphrase does not open this desk. Nothing was changed; try again.' },
      });
      expect((await deskKeyAtStart(other, { passphrase })).state).toMatchObject({ protection: 'passphrase', made: false });
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('in the browser host (no keychain) makes a key file, with nothing to explain', async () => {
    expect((await deskKeyAtStart(dir, {})).state).toEqual({ protection: 'key-file', backend: null, made: true, unusableKeychain: null, setAside: null });
    expect((await deskKeyAtStart(dir, {})).state).toEqual({ protection: 'key-file', backend: null, made: false, unusableKeychain: null, setAside: null });
  });

  it('starts locked with what the OS said when the keychain refuses, and opens with the passphrase given on screen; a wrong one changes nothing', async () => {
    const safe = new FakeSafeStorage('kwallet6');
    const keychain = safeStorageKeychain(safe, 'linux');
    const first = await deskKeyAtStart(dir, { keychain });
    const passphrase = 'the passphrase added in Settings';
    expect(await setDeskPassphrase(dir, { keychain }, passphrase, { scryptLogN: 14 })).toEqual({ ok: true });
    const before = await readFile(path.join(dir, deskKeyFileName));
    safe.refusing = 'Access to the wallet was denied.';
    const locked = await startOrLock(dir, { keychain });
    if (locked.ok) throw new Error('expected the desk to start locked');
    expect(locked.lock).toMatchObject({ status: 'locked', needs: 'passphrase', keychain: 'kwallet6', keyFileAllowed: false, keychainRetry: true });
    expect(locked.lock.reason).toContain('Access to the wallet was denied.');

    const wrong = await unlockDeskKey(dir, { keychain }, locked.lock, { passphrase: 'not the passphrase at all' });
    expect(wrong).toEqual({ ok: false, code: 'wrong_passphrase', message: 'That passphrase does not open this desk. Nothing was changed; try again.' });
    expect(await unlockDeskKey(dir, { keychain }, locked.lock, { keyFile: true })).toMatchObject({ ok: false, code: 'needs_passphrase' });
    const opened = await unlockDeskKey(dir, { keychain }, locked.lock, { passphrase });
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.key.evidence.key.equals(first.key.evidence.key)).toBe(true);
    expect(opened.state).toMatchObject({ protection: 'passphrase', made: false });
    expect((await readFile(path.join(dir, deskKeyFileName))).equals(before)).toBe(true);
  });

  it('with only the keychain to open the key, says so and asks the keychain again once the person has unlocked it', async () => {
    const safe = new FakeSafeStorage('kwallet6');
    const keychain = safeStorageKeychain(safe, 'linux');
    const first = await deskKeyAtStart(dir, { keychain });
    safe.refusing = 'The wallet is locked.';
    const locked = await startOrLock(dir, { keychain });
    if (locked.ok) throw new Error('expected the desk to start locked');
    expect(locked.lock).toMatchObject({ status: 'locked', needs: 'keychain', keychain: 'kwallet6', keychainRetry: true, keyFileAllowed: false });
    expect(locked.lock.reason).toContain('The wallet is locked.');
    expect(locked.lock.reason).toContain('This desk has no passphrase, so only the keychain opens it');
    expect(locked.lock.reason).not.toContain('Enter the desk');
    // Still refusing: the OS's sentence again, nothing changed.
    expect(await unlockDeskKey(dir, { keychain }, locked.lock, { keychain: true })).toMatchObject({ ok: false, code: 'keychain_refused', message: expect.stringContaining('The wallet is locked.') });
    safe.refusing = null;
    const opened = await unlockDeskKey(dir, { keychain }, locked.lock, { keychain: true });
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.key.evidence.key.equals(first.key.evidence.key)).toBe(true);
    expect(opened.state).toMatchObject({ protection: 'keychain', made: false });
    // A lock that no keychain refused is not opened by asking one.
    const other = await mkdtemp(path.join(os.tmpdir(), 'desk-key-at-start-'));
    try {
      const choose = await startOrLock(other, { askForNewKey: true });
      if (choose.ok) throw new Error('expected the desk to start locked');
      expect(await unlockDeskKey(other, {}, choose.lock, { keychain: true })).toMatchObject({ ok: false, code: 'needs_passphrase' });
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('with no key and no keychain that protects anything, a host that asks starts locked to choose a passphrase, or the weaker key file', async () => {
    const basic = safeStorageKeychain(new FakeSafeStorage('basic_text'), 'linux');
    const locked = await startOrLock(dir, { keychain: basic, askForNewKey: true });
    if (locked.ok) throw new Error('expected the desk to start locked');
    expect(locked.lock).toEqual({
      status: 'locked',
      needs: 'new-passphrase',
      reason: "This computer's keychain (basic_text) does not protect secrets, so Dispute Desk cannot keep its key there. Choose a passphrase to protect it.",
      keychain: 'basic_text',
      keyFileAllowed: true,
      keychainRetry: false,
    });
    expect(await hasDeskKey(dir)).toBe(false);
    // Too short: refused by the same rule as Settings, and no key is made.
    expect(await unlockDeskKey(dir, { keychain: basic }, locked.lock, { passphrase: 'short' })).toMatchObject({ ok: false, code: 'weak_passphrase' });
    expect(await hasDeskKey(dir)).toBe(false);
    const passphrase = 'chosen at the first start';
    const made = await unlockDeskKey(dir, { keychain: basic }, locked.lock, { passphrase });
    expect(made).toMatchObject({ ok: true, state: { protection: 'passphrase', made: true, unusableKeychain: 'basic_text' } });
    // The next start asks for it.
    expect(await startOrLock(dir, { keychain: basic, askForNewKey: true })).toMatchObject({ ok: false, lock: { needs: 'passphrase' } });

    const other = await mkdtemp(path.join(os.tmpdir(), 'desk-key-at-start-'));
    try {
      const choose = await startOrLock(other, { askForNewKey: true });
      if (choose.ok) throw new Error('expected the desk to start locked');
      expect(choose.lock.keychain).toBeNull();
      expect(await unlockDeskKey(other, {}, choose.lock, { keyFile: true })).toMatchObject({ ok: true, state: { protection: 'key-file', made: true } });
      expect(await startOrLock(other, { askForNewKey: true })).toMatchObject({ ok: true, state: { protection: 'key-file', made: false } });
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('stops with its sentence, not a lock, for a key file that is damaged', async () => {
    await deskKeyAtStart(dir, {});
    await writeFile(path.join(dir, deskKeyFileName), '{"version":1');
    await expect(startOrLock(dir, { askForNewKey: true })).rejects.toThrow(/is damaged/);
  });
});
