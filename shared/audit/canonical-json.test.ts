import { describe, expect, it } from 'vitest';
import { auditHashInput, canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('gives the same text whatever order keys were written in', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('drops undefined fields and refuses numbers JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/finite/);
  });

  it('covers every audit field but the hash', () => {
    const input = auditHashInput({ seq: 1, at: '2026-01-01T00:00:00.000Z', actor: 'u', action: 'x', payload: {}, prevHash: null });
    expect(input).toBe('{"action":"x","actor":"u","at":"2026-01-01T00:00:00.000Z","disputeId":null,"payload":{},"prevHash":null,"seq":1}');
  });
});
