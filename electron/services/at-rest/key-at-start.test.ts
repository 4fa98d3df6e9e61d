import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSecretStore } from '../../../test/support/fake-secret-store';
import { deskKeyFileName } from './desk-key';
import { deskKeyAtStart } from './key-at-start';
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
      await expect(deskKeyAtStart(other, { keychain: basic })).rejects.toThrow(/DESK_PASSPHRASE/);
      await expect(deskKeyAtStart(other, { passphrase: 'not the right passphrase' })).rejects.toThrow('That passphrase does not open this desk. Nothing was changed; try again.');
      expect((await deskKeyAtStart(other, { passphrase })).state).toMatchObject({ protection: 'passphrase', made: false });
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('in the browser host (no keychain) makes a key file, with nothing to explain', async () => {
    expect((await deskKeyAtStart(dir, {})).state).toEqual({ protection: 'key-file', backend: null, made: true, unusableKeychain: null, setAside: null });
    expect((await deskKeyAtStart(dir, {})).state).toEqual({ protection: 'key-file', backend: null, made: false, unusableKeychain: null, setAside: null });
  });

  it('stops with what the OS said when the keychain refuses, changing nothing', async () => {
    const safe = new FakeSafeStorage('kwallet6');
    const keychain = safeStorageKeychain(safe, 'linux');
    await deskKeyAtStart(dir, { keychain });
    const before = await readFile(path.join(dir, deskKeyFileName));
    safe.refusing = 'Access to the wallet was denied.';
    await expect(deskKeyAtStart(dir, { keychain })).rejects.toThrow(/Access to the wallet was denied/);
    expect((await readFile(path.join(dir, deskKeyFileName))).equals(before)).toBe(true);
  });
});
