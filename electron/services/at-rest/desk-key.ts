import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createLogger } from '../../../shared/logger';
import { passphraseProblem } from '../../../shared/contract/at-rest';
import type { SealingKey } from './sealed-file';

// The desk key (issue 22, decision 0036): one random 256-bit data key per data folder, from which
// the keys that seal evidence, name objects and encrypt case records are derived. It is never
// written in the clear where a lost laptop gives it away: `desk-key.json` holds it wrapped in
// "slots", each a way to unwrap the same key —
//   keychain    the operating system's keychain through Electron's safeStorage (Keychain, DPAPI,
//               libsecret or kwallet), the desktop app's default;
//   passphrase  AES-256-GCM under a key scrypt derives from a passphrase, for desks whose OS has no
//               usable keychain (Linux `basic_text`), and for the CLI, which cannot reach safeStorage;
//   key-file    the key itself in `desk-key.secret`, readable by its owner alone: the browser host's
//               choice for tests and `npm start`, weaker (anyone who can read the disk reads it).

const log = createLogger('desk-key');

/** The data folder's key file. */
export const deskKeyFileName = 'desk-key.json';
/** The key-file slot's secret, beside it. */
export const deskKeySecretName = 'desk-key.secret';

/** The operating system's keychain as Electron's safeStorage offers it; the desktop host passes one in. */
export interface OsKeychain {
  /** The backend in use, as the OS names it (on Linux `basic_text` means none that protects anything). */
  backend(): string;
  /** Whether sealing here protects the secret from someone who has the disk. */
  usable(): boolean;
  seal(secret: string): Buffer;
  /** Unseals; throws with what the OS said when it refuses. */
  open(sealed: Buffer): string;
}

/** The keys a desk works with, all derived from its data key, which itself stays in here. */
export interface DeskKey {
  /** Names the key: a sealed file records it, so a file of another desk is told apart from a damaged one. */
  keyId: Buffer;
  /** Seals evidence, thumbnails and playable copies. */
  evidence: SealingKey;
  /** Keys the names of stored objects, so a file name does not reveal which known file it holds. */
  objectNames: Buffer;
  /** Encrypts case records in the renderer's IndexedDB; handed over only through the desk API. */
  records: Buffer;
  /** Encrypts the evidence index (libsql's own encryption). */
  evidenceIndex: Buffer;
}

/** Why a desk key could not be opened or made, worded for the person at the desk. */
export interface DeskKeyRefusal {
  code: 'no_key' | 'key_exists' | 'needs_passphrase' | 'wrong_passphrase' | 'weak_passphrase' | 'keychain_unusable' | 'keychain_refused' | 'key_file_exposed' | 'damaged_key_file';
  message: string;
  /** What the OS said when its keychain refused (`keychain_refused`). */
  said?: string;
}

/** How a new key is protected. */
export type KeyProtection = { kind: 'keychain'; keychain: OsKeychain } | { kind: 'passphrase'; passphrase: string } | { kind: 'key-file' };

/** What may open an existing key: the ones the desk has at hand. */
export interface KeyMeans {
  keychain?: OsKeychain;
  passphrase?: string;
}

/** scrypt's cost as log2(N): 2^17 with r = 8 takes 128 MiB and about half a second, as OWASP advises. */
const defaultScryptLogN = 17;
/** Costs a key file may claim: lower is too cheap to guess against, higher a way to hang the desk. */
const scryptLogNRange = { min: 14, max: 20 } as const;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(4_096);
const slotSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('keychain'), backend: z.string().max(64), sealed: base64 }),
  z.strictObject({
    kind: z.literal('passphrase'),
    kdf: z.strictObject({ name: z.literal('scrypt'), logN: z.number().int().min(scryptLogNRange.min).max(scryptLogNRange.max), r: z.literal(8), p: z.literal(1), salt: base64 }),
    nonce: base64,
    wrapped: base64,
  }),
  z.strictObject({ kind: z.literal('key-file') }),
]);
type Slot = z.infer<typeof slotSchema>;
const keyFileSchema = z.strictObject({
  version: z.literal(1),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  slots: z.array(slotSchema).min(1).max(8),
});
type KeyFile = z.infer<typeof keyFileSchema>;

function refusal(code: DeskKeyRefusal['code'], message: string): { ok: false } & DeskKeyRefusal {
  return { ok: false, code, message };
}

function derive(dataKey: Buffer, keyId: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, keyId, `dispute-desk ${purpose} v1`, 32));
}

function deskKeyOf(dataKey: Buffer, keyId: Buffer): DeskKey {
  return {
    keyId,
    evidence: { keyId, key: derive(dataKey, keyId, 'evidence') },
    objectNames: derive(dataKey, keyId, 'object names'),
    records: derive(dataKey, keyId, 'records'),
    evidenceIndex: derive(dataKey, keyId, 'evidence index'),
  };
}

function scrypt(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r: 8, p: 1, maxmem: 2 ** logN * 8 * 128 + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(passphrase.normalize('NFKC'), salt, 32, options, (error, derived) => (error ? reject(error) : resolve(derived)));
  });
}

async function passphraseSlot(dataKey: Buffer, keyId: Buffer, passphrase: string, logN: number): Promise<Slot> {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await scrypt(passphrase, salt, logN), nonce);
  cipher.setAAD(keyId);
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return { kind: 'passphrase', kdf: { name: 'scrypt', logN, r: 8, p: 1, salt: salt.toString('base64') }, nonce: nonce.toString('base64'), wrapped: wrapped.toString('base64') };
}

/** Writes a file readable by its owner only, whole or not at all. */
async function writePrivately(file: string, content: string | Buffer): Promise<void> {
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode: 0o600, flag: 'wx', flush: true });
  await rename(temporary, file);
}

async function readKeyFile(dir: string): Promise<{ ok: true; file: KeyFile } | ({ ok: false } & DeskKeyRefusal)> {
  let text: string;
  try {
    text = await readFile(path.join(dir, deskKeyFileName), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return refusal('no_key', 'This computer holds no desk key yet.');
    throw error;
  }
  try {
    return { ok: true, file: keyFileSchema.parse(JSON.parse(text)) };
  } catch {
    return refusal('damaged_key_file', `${deskKeyFileName} in the data folder is damaged, so what this desk stored cannot be read. Restore it from a backup, or remove the data folder and sync again.`);
  }
}

/** Whether the data folder has a desk key (opened or not, damaged or not: a damaged one is never replaced unasked). */
export async function hasDeskKey(dir: string): Promise<boolean> {
  const read = await readKeyFile(dir);
  return read.ok || read.code !== 'no_key';
}

/** The ways the data folder's key opens (its slots' kinds), or none where it has no readable key file. */
export async function deskKeySlots(dir: string): Promise<KeyProtection['kind'][]> {
  const read = await readKeyFile(dir);
  return read.ok ? read.file.slots.map((slot) => slot.kind) : [];
}

/**
 * Makes the data folder's desk key, protected as asked. Refused when one exists (it would orphan
 * everything sealed under it), for a keychain that protects nothing, and for a short passphrase.
 */
export async function createDeskKey(dir: string, protection: KeyProtection, options: { scryptLogN?: number } = {}): Promise<({ ok: true } & { key: DeskKey }) | ({ ok: false } & DeskKeyRefusal)> {
  const existing = await readKeyFile(dir);
  if (existing.ok || existing.code !== 'no_key') return refusal('key_exists', 'This computer already has a desk key; open it instead of making another.');
  const dataKey = randomBytes(32);
  const keyId = randomBytes(16);
  let slot: Slot;
  switch (protection.kind) {
    case 'keychain':
      if (!protection.keychain.usable()) {
        return refusal('keychain_unusable', `This computer's keychain (${protection.keychain.backend()}) does not protect secrets; choose a passphrase instead.`);
      }
      slot = { kind: 'keychain', backend: protection.keychain.backend(), sealed: protection.keychain.seal(dataKey.toString('base64')).toString('base64') };
      break;
    case 'passphrase': {
      const problem = passphraseProblem(protection.passphrase);
      if (problem) return refusal('weak_passphrase', problem);
      slot = await passphraseSlot(dataKey, keyId, protection.passphrase, options.scryptLogN ?? defaultScryptLogN);
      break;
    }
    case 'key-file':
      await writePrivately(path.join(dir, deskKeySecretName), dataKey.toString('base64'));
      slot = { kind: 'key-file' };
      break;
  }
  const file: KeyFile = { version: 1, keyId: keyId.toString('hex'), slots: [slot] };
  await writePrivately(path.join(dir, deskKeyFileName), JSON.stringify(file, null, 2));
  log.info('made a desk key', { keyId: file.keyId, protection: protection.kind });
  return { ok: true, key: deskKeyOf(dataKey, keyId) };
}

/** The sentence for a keychain that refused, with what the OS said. */
export function keychainRefusedWith(said: string): string {
  return `This computer's keychain would not give Dispute Desk its key: ${said.replace(/\.$/, '')}.`;
}

/** Opens the data key of one slot, or says why it would not open. */
async function openSlot(dir: string, slot: Slot, keyId: Buffer, means: KeyMeans): Promise<{ ok: true; dataKey: Buffer } | ({ ok: false } & DeskKeyRefusal) | null> {
  switch (slot.kind) {
    case 'keychain': {
      if (!means.keychain) return null;
      try {
        return { ok: true, dataKey: Buffer.from(means.keychain.open(Buffer.from(slot.sealed, 'base64')), 'base64') };
      } catch (error) {
        const said = error instanceof Error ? error.message : String(error);
        return { ...refusal('keychain_refused', `${keychainRefusedWith(said)} Enter the desk's passphrase instead, if it has one.`), said };
      }
    }
    case 'passphrase': {
      if (means.passphrase === undefined) return null;
      const decipher = createDecipheriv('aes-256-gcm', await scrypt(means.passphrase, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf.logN), Buffer.from(slot.nonce, 'base64'));
      decipher.setAAD(keyId);
      const wrapped = Buffer.from(slot.wrapped, 'base64');
      decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
      try {
        return { ok: true, dataKey: Buffer.concat([decipher.update(wrapped.subarray(0, wrapped.length - 16)), decipher.final()]) };
      } catch {
        return refusal('wrong_passphrase', 'That passphrase does not open this desk. Nothing was changed; try again.');
      }
    }
    case 'key-file': {
      const secret = path.join(dir, deskKeySecretName);
      const found = await stat(secret).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
      // A refusal, not a throw: a passphrase slot after it may still open the key.
      if (found === null) return refusal('damaged_key_file', `${deskKeySecretName} is missing from the evidence folder, and nothing else at hand opens the key.`);
      if (process.platform !== 'win32' && (found.mode & 0o077) !== 0) {
        return refusal('key_file_exposed', `${deskKeySecretName} in the data folder can be read by other users of this computer; make it readable by you alone (chmod 600) and start again.`);
      }
      return { ok: true, dataKey: Buffer.from(await readFile(secret, 'utf8'), 'base64') };
    }
  }
}

/** The data key and the file it came from, opened with what is at hand. */
async function openDataKey(
  dir: string,
  means: KeyMeans,
): Promise<{ ok: true; dataKey: Buffer; keyId: Buffer; file: KeyFile; openedWith: Slot } | ({ ok: false } & DeskKeyRefusal)> {
  const read = await readKeyFile(dir);
  if (!read.ok) return read;
  const keyId = Buffer.from(read.file.keyId, 'hex');
  const order: Slot['kind'][] = ['keychain', 'key-file', 'passphrase'];
  const slots = [...read.file.slots].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  let firstRefusal: DeskKeyRefusal | undefined;
  for (const slot of slots) {
    const opened = await openSlot(dir, slot, keyId, means);
    if (opened === null) continue;
    if (opened.ok) {
      if (opened.dataKey.length !== 32) return refusal('damaged_key_file', `${deskKeyFileName} in the data folder holds a key of the wrong size.`);
      return { ok: true, dataKey: opened.dataKey, keyId, file: read.file, openedWith: slot };
    }
    firstRefusal ??= opened;
  }
  if (firstRefusal) return { ok: false, ...firstRefusal };
  return refusal('needs_passphrase', 'This desk is locked with a passphrase: enter it to open what is stored here.');
}

/**
 * Opens the data folder's desk key with what is at hand: the keychain first, then the key file,
 * then a passphrase. A refusal names the means that failed first; opening never changes the file.
 */
export async function openDeskKey(
  dir: string,
  means: KeyMeans,
): Promise<({ ok: true } & { key: DeskKey; openedWith: KeyProtection['kind']; backend: string | null }) | ({ ok: false } & DeskKeyRefusal)> {
  const opened = await openDataKey(dir, means);
  if (!opened.ok) return opened;
  const slot = opened.openedWith;
  return { ok: true, key: deskKeyOf(opened.dataKey, opened.keyId), openedWith: slot.kind, backend: slot.kind === 'keychain' ? slot.backend : null };
}

/**
 * Adds a passphrase that opens the same key (replacing an earlier one), so that the CLI and a
 * desk whose keychain refuses can open it too. Needs what opens the key now.
 */
export async function setDeskPassphrase(dir: string, means: KeyMeans, passphrase: string, options: { scryptLogN?: number } = {}): Promise<{ ok: true } | ({ ok: false } & DeskKeyRefusal)> {
  const problem = passphraseProblem(passphrase);
  if (problem) return refusal('weak_passphrase', problem);
  const opened = await openDataKey(dir, means);
  if (!opened.ok) return opened;
  const slots = [...opened.file.slots.filter((slot) => slot.kind !== 'passphrase'), await passphraseSlot(opened.dataKey, opened.keyId, passphrase, options.scryptLogN ?? defaultScryptLogN)];
  await writePrivately(path.join(dir, deskKeyFileName), JSON.stringify({ ...opened.file, slots } satisfies KeyFile, null, 2));
  log.info('set the passphrase of a desk key', { keyId: opened.file.keyId });
  return { ok: true };
}

/**
 * The key of the store at `dir` as a process without a keychain opens it (the command line, and
 * both hosts until they ask on screen): from its key file, or with `passphrase` (DESK_PASSPHRASE).
 * Undefined for a store with no key; a key that does not open throws its sentence.
 */
export async function openStoreKey(dir: string, passphrase: string | undefined): Promise<DeskKey | undefined> {
  if (!(await hasDeskKey(dir))) return undefined;
  const opened = await openDeskKey(dir, { passphrase: passphrase || undefined });
  if (opened.ok) return opened.key;
  throw new Error(opened.code === 'needs_passphrase' ? `${opened.message} Put it in the DESK_PASSPHRASE environment variable.` : opened.message);
}
