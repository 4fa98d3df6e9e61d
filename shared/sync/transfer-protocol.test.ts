import { describe, expect, it } from 'vitest';
import { contentDigestHeader, partBytesFor, partCountFor, partLength, sha256FromContentDigest } from './transfer-protocol';

describe('transfer protocol', () => {
  it('writes and reads a Content-Digest the way RFC 9530 spells it', () => {
    // SHA-256 of the word "evidence", in hex and in base64 (from Python's hashlib and base64).
    const hex = 'ee8250fb76e094b34b471f13a73dbbe51d1ae142e9df59d7c0d31ec20f0a0a8e';
    const header = contentDigestHeader(hex);
    expect(header).toBe('sha-256=:7oJQ+3bglLNLRx8Tpz275R0a4ULp31nXwNMewg8KCo4=:');
    expect(sha256FromContentDigest(header)).toBe(hex);
    expect(sha256FromContentDigest(`md5=:AAAA:, ${header}`)).toBe(hex);
  });

  it('reads no digest from a header that names none', () => {
    expect(sha256FromContentDigest(undefined)).toBeUndefined();
    expect(sha256FromContentDigest('sha-512=:abc:')).toBeUndefined();
    expect(sha256FromContentDigest('sha-256=:short=:')).toBeUndefined();
  });

  it('splits files into at most 10,000 parts, the last one shorter', () => {
    expect(partBytesFor(1)).toBe(8 * 1024 * 1024);
    const huge = 200 * 1024 ** 3;
    expect(partCountFor(huge, partBytesFor(huge))).toBeLessThanOrEqual(10_000);
    expect(partCountFor(0, partBytesFor(0))).toBe(1);
    const size = 20 * 1024 * 1024 + 5;
    const bytes = partBytesFor(size);
    expect(partCountFor(size, bytes)).toBe(3);
    expect([1, 2, 3].map((n) => partLength(size, bytes, n))).toEqual([bytes, bytes, 4 * 1024 * 1024 + 5]);
  });
});
