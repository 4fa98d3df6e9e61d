import type { OsKeychain } from './desk-key';

/**
 * The part of Electron's `safeStorage` the desk key uses. Declared here, so that this adapter is
 * tested without Electron and the main process only passes `safeStorage` in.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store Chromium chose (`gnome_libsecret`, `kwallet5`, `basic_text`…). */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Linux backends that keep the secret where anyone with the disk reads it, or that cannot say. */
const unprotectedBackends = new Set(['basic_text', 'unknown']);

/**
 * The operating system's keychain through Electron's safeStorage (call it once the app is ready):
 * Keychain on macOS, DPAPI on Windows, libsecret or KWallet on Linux. Linux's `basic_text` backend
 * "encrypts" with a key written in Chromium's source, so it counts as no keychain at all.
 */
export function safeStorageKeychain(safeStorage: SafeStorageLike, platform: NodeJS.Platform): OsKeychain {
  const backend = () => {
    if (platform === 'darwin') return 'macos_keychain';
    if (platform === 'win32') return 'windows_dpapi';
    return safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  };
  return {
    backend,
    usable: () => safeStorage.isEncryptionAvailable() && !(platform === 'linux' && unprotectedBackends.has(backend())),
    seal: (secret) => safeStorage.encryptString(secret),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}
