import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Here } from './audit-page-check';

/** WebCrypto's SHA-256 of the text's UTF-8, as hex: the other implementation to agree with. */
async function webCryptoHex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

describe('sha256Here', () => {
  it('gives the hash WebCrypto gives for any text, multi-byte and longer than its first buffer included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 2_000 }), async (text) => sha256Here(text) === (await webCryptoHex(text))),
      { numRuns: 500 },
    );
    const long = `€😀${'x'.repeat(100_000)}`;
    expect(sha256Here(long)).toBe(await webCryptoHex(long));
    expect(sha256Here('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
