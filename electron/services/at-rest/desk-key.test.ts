import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSecretStore } from '../../../test/support/fake-secret-store';
import { createDeskKey, deskKeyFileName, deskKeySecretName, hasDeskKey, openDeskKey, setDeskPassphrase, type DeskKey, type OsKeychain } from './desk-key';

// scrypt at 2^14 keeps each test fast; the app's default is 2^17, and a key file may not claim less than 2^14.
const fast = { scryptLogN: 14 };
const passphrase = 'correct horse battery staple';

/**
 * A stand-in for Electron's safeStorage, which needs the Electron binary this machine lacks: it
 * seals with AES-GCM under a key of its own, and can be told to refuse as an OS keychain may.
 */
class TestKeychain extends FakeSecretStore implements OsKeychain {
  constructor(private readonly name = 'gnome_libsecret') {
    super();
  }
  backend(): string {
    return this.name;
  }
  usable(): boolean {
    return this.name !== 'basic_text';
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'desk-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sameKeys(a: DeskKey, b: DeskKey): void {
  expect(a.keyId.equals(b.keyId)).toBe(true);
  expect(a.evidence.key.equals(b.evidence.key)).toBe(true);
  expect(a.objectNames.equals(b.objectNames)).toBe(true);
  expect(a.records.equals(b.records)).toBe(true);
}

async function fileDigest(): Promise<string> {
  return createHash('sha256').update(await readFile(path.join(dir, deskKeyFileName))).digest('hex');
}

describe('the desk key', () => {
  it('says there is none yet, then makes one whose derived keys differ from each other', async () => {
    expect(await openDeskKey(dir, { passphrase })).toMatchObject({ ok: false, code: 'no_key' });
    expect(await hasDeskKey(dir)).toBe(false);
    const made = await createDeskKey(dir, { kind: 'key-file' });
    if (!made.ok) throw new Error(made.message);
    expect(await hasDeskKey(dir)).toBe(true);
    const { evidence, objectNames, records } = made.key;
    expect(new Set([evidence.key, objectNames, records].map((key) => key.toString('hex'))).size).toBe(3);
  });

  it('keeps a key file readable by its owner alone, and refuses it once others can read it', async () => {
    const made = await createDeskKey(dir, { kind: 'key-file' });
    if (!made.ok) throw new Error(made.message);
    for (const name of [deskKeyFileName, deskKeySecretName]) expect((await stat(path.join(dir, name))).mode & 0o777).toBe(0o600);
    const opened = await openDeskKey(dir, {});
    if (!opened.ok) throw new Error(opened.message);
    sameKeys(opened.key, made.key);
    await chmod(path.join(dir, deskKeySecretName), 0o644);
    expect(await openDeskKey(dir, {})).toMatchObject({ ok: false, code: 'key_file_exposed', message: expect.stringContaining('chmod 600') });
  });

  it('opens with the right passphrase only; a wrong one changes nothing', async () => {
    const made = await createDeskKey(dir, { kind: 'passphrase', passphrase }, fast);
    if (!made.ok) throw new Error(made.message);
    const before = await fileDigest();
    expect(await openDeskKey(dir, {})).toMatchObject({ ok: false, code: 'needs_passphrase' });
    expect(await openDeskKey(dir, { passphrase: 'correct horse battery stapler' })).toMatchObject({ ok: false, code: 'wrong_passphrase' });
    expect(await fileDigest()).toBe(before);
    const opened = await openDeskKey(dir, { passphrase });
    if (!opened.ok) throw new Error(opened.message);
    sameKeys(opened.key, made.key);
    // Unicode passphrases are compared in one normal form: "é" typed either way opens.
    const accented = 'caf\u00e9 au lait, s\u2019il vous pla\u00eet';
    const other = await mkdtemp(path.join(os.tmpdir(), 'desk-key-'));
    await createDeskKey(other, { kind: 'passphrase', passphrase: accented }, fast);
    expect(await openDeskKey(other, { passphrase: accented.normalize('NFD') })).toMatchObject({ ok: true });
    await rm(other, { recursive: true });
  });

  it('writes no key material in the clear', async () => {
    const made = await createDeskKey(dir, { kind: 'passphrase', passphrase }, fast);
    if (!made.ok) throw new Error(made.message);
    const text = await readFile(path.join(dir, deskKeyFileName), 'utf8');
    for (const key of [made.key.evidence.key, made.key.objectNames, made.key.records]) {
      expect(text).not.toContain(key.toString('base64'));
      expect(text).not.toContain(key.toString('hex'));
    }
    expect(text).not.toContain(passphrase);
  });

  it('refuses a short passphrase, a second key, and a keychain that protects nothing', async () => {
    expect(await createDeskKey(dir, { kind: 'passphrase', passphrase: 'short' }, fast)).toMatchObject({ ok: false, code: 'weak_passphrase' });
    expect(await createDeskKey(dir, { kind: 'keychain', keychain: new TestKeychain('basic_text') })).toMatchObject({
      ok: false,
      code: 'keychain_unusable',
      message: expect.stringContaining('basic_text'),
    });
    expect(await hasDeskKey(dir)).toBe(false);
    await createDeskKey(dir, { kind: 'key-file' });
    expect(await createDeskKey(dir, { kind: 'key-file' })).toMatchObject({ ok: false, code: 'key_exists' });
  });

  it("opens from the keychain; when the keychain refuses, says what it said, and a passphrase added earlier still opens", async () => {
    const keychain = new TestKeychain();
    const made = await createDeskKey(dir, { kind: 'keychain', keychain });
    if (!made.ok) throw new Error(made.message);
    expect(await openDeskKey(dir, { keychain })).toMatchObject({ ok: true });
    // The CLI has no keychain: without a passphrase slot it cannot open the key.
    expect(await openDeskKey(dir, { passphrase })).toMatchObject({ ok: false, code: 'needs_passphrase' });
    expect(await setDeskPassphrase(dir, { keychain }, passphrase, fast)).toEqual({ ok: true });
    keychain.refusing = 'The user name or passphrase you entered is not correct.';
    expect(await openDeskKey(dir, { keychain })).toMatchObject({ ok: false, code: 'keychain_refused', message: expect.stringContaining('is not correct') });
    const opened = await openDeskKey(dir, { keychain, passphrase });
    if (!opened.ok) throw new Error(opened.message);
    sameKeys(opened.key, made.key);
    // A passphrase is set only by whoever can open the key now.
    expect(await setDeskPassphrase(dir, { passphrase: 'not the passphrase at all' }, 'another long passphrase', fast)).toMatchObject({ ok: false, code: 'wrong_passphrase' });
  });

  it('says a damaged key file is damaged, and refuses one that claims a cheap or ruinous scrypt cost', async () => {
    await createDeskKey(dir, { kind: 'passphrase', passphrase }, fast);
    const file = path.join(dir, deskKeyFileName);
    const content = JSON.parse(await readFile(file, 'utf8')) as { slots: { kdf: { logN: number } }[] };
    for (const logN of [10, 30]) {
      content.slots[0]!.kdf.logN = logN;
      await writeFile(file, JSON.stringify(content));
      expect(await openDeskKey(dir, { passphrase })).toMatchObject({ ok: false, code: 'damaged_key_file' });
    }
    await writeFile(file, '{"version":1,');
    expect(await openDeskKey(dir, { passphrase })).toMatchObject({ ok: false, code: 'damaged_key_file' });
  });
});
