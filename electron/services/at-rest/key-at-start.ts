import { createLogger } from '../../../shared/logger';
import type { AtRestState } from '../../../shared/contract/at-rest';
import { createDeskKey, hasDeskKey, openDeskKey, type DeskKey, type OsKeychain } from './desk-key';

const log = createLogger('desk-key');

/** What a host has at start to open or make its store's key with. */
export interface StartMeans {
  /** The OS keychain (the desktop host's safeStorage); absent in the browser host. */
  keychain?: OsKeychain;
  /** DESK_PASSPHRASE, where the person starting the host gave one. */
  passphrase?: string;
}

/**
 * The key a host opens its evidence store with at start (issue 22, decision 0036). A store with a
 * key opens with what the host has: the keychain, the key file, DESK_PASSPHRASE. A store without
 * one gets one, so that what users run is sealed without anyone running the command line: in the
 * OS keychain where the host has one that protects secrets; else with DESK_PASSPHRASE when it is
 * set; else in a key file beside the store, readable by the user alone — weaker (whoever copies
 * the whole data folder has it), and said so in Settings with the reason. A key that does not
 * open throws its sentence: the host's start-up error shows it, and nothing is changed.
 */
export async function deskKeyAtStart(dir: string, means: StartMeans): Promise<{ key: DeskKey; state: AtRestState }> {
  const passphrase = means.passphrase || undefined;
  if (await hasDeskKey(dir)) {
    const opened = await openDeskKey(dir, { keychain: means.keychain, passphrase });
    if (!opened.ok) {
      throw new Error(opened.code === 'needs_passphrase' ? `${opened.message} Put it in the DESK_PASSPHRASE environment variable.` : opened.message);
    }
    return { key: opened.key, state: { protection: opened.openedWith, backend: opened.backend, made: false, unusableKeychain: unusableKeychain(means.keychain), setAside: null } };
  }
  const unusable = unusableKeychain(means.keychain);
  const protection =
    means.keychain !== undefined && unusable === null
      ? ({ kind: 'keychain', keychain: means.keychain } as const)
      : passphrase !== undefined
        ? ({ kind: 'passphrase', passphrase } as const)
        : ({ kind: 'key-file' } as const);
  const made = await createDeskKey(dir, protection);
  if (!made.ok) throw new Error(made.message);
  if (unusable !== null && protection.kind === 'key-file') log.warn('the desk key is kept in a key file: the keychain protects nothing here', { backend: unusable });
  const backend = protection.kind === 'keychain' ? protection.keychain.backend() : null;
  return { key: made.key, state: { protection: protection.kind, backend, made: true, unusableKeychain: unusable, setAside: null } };
}

/** The backend of a keychain that cannot hold the key, or null when it can (or the host has none to offer). */
function unusableKeychain(keychain: OsKeychain | undefined): string | null {
  return keychain === undefined || keychain.usable() ? null : keychain.backend();
}
