import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boundedText, describeIssues, echo, identifier, isStorableText, textRefusalOf } from './text';

describe('the text rule', () => {
  it.each([
    ['plain text', 'A rationale.', true],
    ['an emoji (a whole surrogate pair)', 'ok 👍', true],
    ['Chinese', '退款已处理', true],
    ['a NUL character', 'a\u0000b', false],
    ['a lone high surrogate', 'a\ud83db', false],
    ['a lone low surrogate at the start', '\udc4da', false],
    ['a high surrogate at the end', 'a\ud83d', false],
  ])('%s is storable: %s', (_what, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });

  it('refuses unstorable text as invalid_text and long text or lists as too_long', () => {
    const schema = z.object({ id: identifier(), notes: z.array(boundedText(10)).max(2), details: z.record(boundedText(5), z.number()) });
    const refusal = (value: unknown) => {
      const parsed = schema.safeParse(value);
      return parsed.success ? undefined : textRefusalOf(parsed.error);
    };
    expect(refusal({ id: 'D-1', notes: [], details: {} })).toBeUndefined();
    expect(refusal({ id: 'D\u0000', notes: [], details: {} })).toBe('invalid_text');
    expect(refusal({ id: 'D-1', notes: [], details: { ['\ud800']: 1 } })).toBe('invalid_text');
    expect(refusal({ id: 'x'.repeat(201), notes: [], details: {} })).toBe('too_long');
    expect(refusal({ id: 'D-1', notes: ['a', 'b', 'c'], details: {} })).toBe('too_long');
    expect(refusal({ id: 3, notes: [], details: {} })).toBeUndefined();
  });

  it('echoes input short and storable, and describes problems without quoting keys in full', () => {
    expect(echo('x'.repeat(1000), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(echo('a\u0000\ud800b')).toBe('a\ufffd\ufffdb');
    expect(echo('😀😀', 3)).toBe('😀\ufffd…');
    const parsed = z.record(z.string(), z.number()).safeParse({ ['k'.repeat(10_000)]: 'not a number' });
    expect(parsed.success).toBe(false);
    const described = describeIssues(parsed.error!);
    expect(described.length).toBeLessThan(400);
    expect(described).toMatch(/expected number/);
  });
});
