import { createLogger } from '../../../shared/logger';
import type { AtRestState, DeskLock } from '../../../shared/contract/at-rest';
import { createDeskKey, deskKeySlots, hasDeskKey, keychainRefusedWith, openDeskKey, type DeskKey, type DeskKeyRefusal, type KeyProtection, type OsKeychain } from './desk-key';

const log = createLogger('desk-key');

/** What a host has at start to open or make its store's key with. */
export interface StartMeans {
  /** The OS keychain (the desktop host's safeStorage); absent in the browser host. */
  keychain?: OsKeychain;
  /** DESK_PASSPHRASE, where the person starting the host gave one. */
  passphrase?: string;
  /**
   * Where there is no key yet and no keychain that protects anything: ask on screen for a
   * passphrase (the desktop host; the browser host with --ask-passphrase), offering the weaker
   * key file as a choice, rather than making a key file unasked (the browser host's default).
   */
  askForNewKey?: boolean;
}

/** The key and how it is kept, once open. */
export interface OpenKey {
  ok: true;
  key: DeskKey;
  state: AtRestState;
  /** What opened the key, so that adding a passphrase later opens it the same way. */
  means: { keychain?: OsKeychain; passphrase?: string };
}

/** A desk whose key did not open with what the host had: the window asks (decision 0036). */
export type LockedKey = { ok: false; lock: Extract<DeskLock, { status: 'locked' }> };

/** What the person at a locked desk gives: the passphrase, the choice of a key file for a new key, or a new try of the keychain. */
export type UnlockInput = { passphrase: string } | { keyFile: true } | { keychain: true };

/** Refusals that a person at the desk can answer on screen; any other stops the start with its sentence. */
const answeredOnScreen = new Set<DeskKeyRefusal['code']>(['needs_passphrase', 'wrong_passphrase', 'keychain_refused']);

/**
 * The key a host opens its evidence store with at start (issue 22, decision 0036). A store with a
 * key opens with what the host has: the keychain, the key file, DESK_PASSPHRASE; when none of them
 * does (the keychain refused, or only a passphrase opens it), the desk starts locked and the window
 * asks for the passphrase. A store without a key gets one, so that what users run is sealed without
 * anyone running the command line: in the OS keychain where the host has one that protects
 * secrets; else with DESK_PASSPHRASE when it is set; else, on a host that asks, behind a passphrase
 * chosen on screen; else in a key file beside the store, readable by the user alone — weaker
 * (whoever copies the whole data folder has it), and said so in Settings with the reason. A key
 * file that is damaged or exposed throws its sentence: the host's start-up error shows it, and
 * nothing is changed.
 */
export async function deskKeyAtStart(dir: string, means: StartMeans): Promise<OpenKey | LockedKey> {
  const passphrase = means.passphrase || undefined;
  const unusable = unusableKeychain(means.keychain);
  if (await hasDeskKey(dir)) {
    const opened = await openDeskKey(dir, { keychain: means.keychain, passphrase });
    if (opened.ok) return openedKey(opened, unusable, { keychain: means.keychain, passphrase });
    if (!answeredOnScreen.has(opened.code)) throw new Error(opened.message);
    log.warn('the desk key did not open with what the host has: the window asks for its passphrase', { code: opened.code });
    return { ok: false, lock: await lockOf(dir, opened, means.keychain, unusable) };
  }
  const keychainProtects = means.keychain !== undefined && unusable === null;
  if (!keychainProtects && passphrase === undefined && means.askForNewKey === true) {
    const reason =
      unusable === null
        ? 'This desk keeps what it stores sealed, and has no key yet. Choose a passphrase to protect it.'
        : `This computer's keychain (${unusable}) does not protect secrets, so Dispute Desk cannot keep its key there. Choose a passphrase to protect it.`;
    return { ok: false, lock: { status: 'locked', needs: 'new-passphrase', reason, keychain: unusable, keyFileAllowed: true, keychainRetry: false } };
  }
  const protection: KeyProtection = keychainProtects
    ? { kind: 'keychain', keychain: means.keychain as OsKeychain }
    : passphrase !== undefined
      ? { kind: 'passphrase', passphrase }
      : { kind: 'key-file' };
  const made = await makeKey(dir, protection, unusable, { keychain: means.keychain, passphrase });
  if (!made.ok) throw new Error(made.message);
  return made;
}

/**
 * Opens a locked desk with what its person gave: the passphrase of an existing key, or for a store
 * without one, a new key behind the passphrase chosen or (when the lock allows it) in a key file.
 * A refusal changes nothing, and the desk stays locked.
 */
export async function unlockDeskKey(dir: string, means: StartMeans, lock: LockedKey['lock'], input: UnlockInput): Promise<OpenKey | ({ ok: false } & DeskKeyRefusal)> {
  const unusable = unusableKeychain(means.keychain);
  if ('keychain' in input) {
    if (!lock.keychainRetry || means.keychain === undefined) return { ok: false, code: 'needs_passphrase', message: 'The keychain did not refuse this desk: enter its passphrase.' };
    const opened = await openDeskKey(dir, { keychain: means.keychain });
    if (!opened.ok) return opened;
    log.info('opened the desk key from the keychain, asked again');
    return openedKey(opened, unusable, { keychain: means.keychain });
  }
  if (lock.needs !== 'new-passphrase') {
    if (!('passphrase' in input)) return { ok: false, code: 'needs_passphrase', message: 'This desk already has a key: enter its passphrase to open it.' };
    const opened = await openDeskKey(dir, { passphrase: input.passphrase });
    if (!opened.ok) return opened;
    log.info('opened the desk key with the passphrase given on screen');
    return openedKey(opened, unusable, { keychain: means.keychain, passphrase: input.passphrase });
  }
  if ('keyFile' in input && !lock.keyFileAllowed) return { ok: false, code: 'needs_passphrase', message: 'Choose a passphrase: this desk does not keep its key in a file.' };
  const protection: KeyProtection = 'keyFile' in input ? { kind: 'key-file' } : { kind: 'passphrase', passphrase: input.passphrase };
  const passphrase = 'passphrase' in input ? input.passphrase : undefined;
  return makeKey(dir, protection, unusable, { keychain: means.keychain, passphrase });
}

/** The lock of a desk whose key did not open: what opens it, and why, in the host's words. */
async function lockOf(dir: string, refusal: DeskKeyRefusal, keychain: OsKeychain | undefined, unusable: string | null): Promise<LockedKey['lock']> {
  if (refusal.code !== 'keychain_refused') return { status: 'locked', needs: 'passphrase', reason: refusal.message, keychain: unusable, keyFileAllowed: false, keychainRetry: false };
  const backend = keychain?.backend() ?? null;
  if ((await deskKeySlots(dir)).includes('passphrase')) return { status: 'locked', needs: 'passphrase', reason: refusal.message, keychain: backend, keyFileAllowed: false, keychainRetry: true };
  const reason = `${keychainRefusedWith(refusal.said ?? 'it refused')} This desk has no passphrase, so only the keychain opens it: unlock the keychain (${backend ?? 'the system keychain'}) and ask again. If it stays locked, quit Dispute Desk and move its data folder aside: it then starts empty, and signing in brings the team's disputes back; changes not yet sent stay in the folder moved aside.`;
  return { status: 'locked', needs: 'keychain', reason, keychain: backend, keyFileAllowed: false, keychainRetry: true };
}

/** An existing key, opened: how it is kept, and what opened it. */
function openedKey(opened: { key: DeskKey; openedWith: KeyProtection['kind']; backend: string | null }, unusable: string | null, means: OpenKey['means']): OpenKey {
  return { ok: true, key: opened.key, state: { protection: opened.openedWith, backend: opened.backend, made: false, unusableKeychain: unusable, setAside: null }, means };
}

async function makeKey(dir: string, protection: KeyProtection, unusable: string | null, means: OpenKey['means']): Promise<OpenKey | ({ ok: false } & DeskKeyRefusal)> {
  const made = await createDeskKey(dir, protection);
  if (!made.ok) return made;
  if (unusable !== null && protection.kind === 'key-file') log.warn('the desk key is kept in a key file: the keychain protects nothing here', { backend: unusable });
  const backend = protection.kind === 'keychain' ? protection.keychain.backend() : null;
  return { ok: true, key: made.key, state: { protection: protection.kind, backend, made: true, unusableKeychain: unusable, setAside: null }, means };
}

/** The backend of a keychain that cannot hold the key, or null when it can (or the host has none to offer). */
function unusableKeychain(keychain: OsKeychain | undefined): string | null {
  return keychain === undefined || keychain.usable() ? null : keychain.backend();
}
