import { describe, expect, it } from 'vitest';
import { deskCalls, deskResultSchema, isDeskCallName } from './calls';

describe('the desk contract', () => {
  it('knows its own call names and nothing else, including inherited keys', () => {
    expect(isDeskCallName('app.info')).toBe(true);
    expect(isDeskCallName('app.nope')).toBe(false);
    expect(isDeskCallName('toString')).toBe(false);
    expect(isDeskCallName(42)).toBe(false);
  });

  it('refuses an app.info request with unexpected fields', () => {
    expect(deskCalls['app.info'].request.safeParse({}).success).toBe(true);
    expect(deskCalls['app.info'].request.safeParse({ extra: 1 }).success).toBe(false);
  });

  it('accepts only well-formed outcome envelopes', () => {
    expect(deskResultSchema.safeParse({ ok: true, value: 1 }).success).toBe(true);
    expect(deskResultSchema.safeParse({ ok: false, error: { code: 'internal', message: 'x' } }).success).toBe(true);
    expect(deskResultSchema.safeParse({ ok: false, error: { code: 'made_up', message: 'x' } }).success).toBe(false);
    expect(deskResultSchema.safeParse('<html>').success).toBe(false);
  });
});
