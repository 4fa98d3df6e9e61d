import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * An operating system's secret store as the desk-key tests play it (Keychain, DPAPI, libsecret):
 * real AES-256-GCM under a key only it holds, which can be made to refuse with the OS's words.
 */
export class FakeSecretStore {
  readonly #key = randomBytes(32);
  /** When set, opening fails with this message, as a locked or denied keychain does. */
  refusing: string | null = null;

  seal(secret: string): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    return Buffer.concat([nonce, cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  }

  open(sealed: Buffer): string {
    if (this.refusing) throw new Error(this.refusing);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
  }
}
