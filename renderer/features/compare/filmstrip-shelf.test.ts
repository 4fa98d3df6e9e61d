import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './filmstrip-shelf';

describe('the base64 a thumbnail travels as', () => {
  it('gives back the bytes it was made from, for every byte value and past one chunk', () => {
    const bytes = Uint8Array.from({ length: 0x8000 * 2 + 17 }, (_, at) => (at * 31) % 256);
    const text = toBase64(bytes);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(fromBase64(text)).toEqual(bytes);
  });

  it('agrees with the base64 Node writes, which the host decodes', () => {
    const bytes = new TextEncoder().encode('RIFF\u0000WEBPVP8 ');
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
