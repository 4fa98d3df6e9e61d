import fc from 'fast-check';
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

/** The first definition, kept as the reference the faster one must match byte for byte. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => referenceCanonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${referenceCanonicalJson(item)}`).join(',')}}`;
}

describe('canonicalJson against its first definition', () => {
  it('gives the same text for any JSON value, undefined fields, astral and lone-surrogate keys included', () => {
    const key = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', 'a', 'A', 'é', '😀', '\uD800', '\uFFFF'));
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string({ unit: 'binary' })),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(fc.option(tie('node'), { nil: undefined })), fc.dictionary(key, fc.option(tie('node'), { nil: undefined }))),
    })).node;
    fc.assert(fc.property(value, (input) => canonicalJson(input) === referenceCanonicalJson(input)), { numRuns: 2_000 });
  });
});

describe('auditHashInput', () => {
  it('is the canonical JSON of the entry without its hash', () => {
    const entry = fc.record({
      seq: fc.integer({ min: 1 }),
      at: fc.string({ unit: 'binary' }),
      actor: fc.string({ unit: 'binary' }),
      action: fc.string(),
      disputeId: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
      payload: fc.dictionary(fc.string(), fc.jsonValue()),
      prevHash: fc.option(fc.string(), { nil: null }),
    });
    fc.assert(
      fc.property(entry, (input) => {
        const { seq, at, actor, action, disputeId, payload, prevHash } = input;
        return auditHashInput(input) === referenceCanonicalJson({ seq, at, actor, action, disputeId: disputeId ?? null, payload, prevHash });
      }),
      { numRuns: 1_000 },
    );
  });
});
