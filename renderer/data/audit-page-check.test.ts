import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Here } from './audit-page-check';
import { webSha256 } from './test-fixtures';

describe('sha256Here', () => {
  it('gives the hash WebCrypto gives for any text, multi-byte and longer than its first buffer included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 2_000 }), async (text) => sha256Here(text) === (await webSha256(text))),
      { numRuns: 500 },
    );
    const long = `€😀${'x'.repeat(100_000)}`;
    expect(sha256Here(long)).toBe(await webSha256(long));
    expect(sha256Here('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
