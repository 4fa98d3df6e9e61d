import { describe, expect, it } from 'vitest';
import type { AuditRecord, AuditVerification } from '../../data/db';
import { bannerState, reverifyDelay } from './verify-state';

const verified = (count: number, at = '2026-12-02T10:00:00.000Z', ok = true): AuditVerification => ({ at, ok, count, rate: 1000 });
const record = (lastSeq: number, verification?: AuditVerification, pulledAt = '2026-12-02T10:00:00.000Z'): AuditRecord => ({
  key: 'audit',
  lastSeq,
  head: { seq: lastSeq, hash: 'h' },
  pulledAt,
  ...(verification ? { verification } : {}),
});
const at = (iso: string) => Date.parse(iso);
const timing = { quietMs: 5_000, minIntervalMs: 60_000 };

describe('the verification banner', () => {
  it('is current only while every stored entry was verified', () => {
    expect(bannerState(null)).toEqual({ kind: 'unverified' });
    expect(bannerState(record(111))).toEqual({ kind: 'unverified' });
    expect(bannerState(record(111, verified(111)))).toEqual({ kind: 'current', count: 111 });
  });

  it('goes out of date when entries arrive after the verification, saying how many', () => {
    expect(bannerState(record(155, verified(111)))).toEqual({ kind: 'stale', count: 111, newSince: 44 });
  });

  it('stays failed when the last verification failed, whatever arrives', () => {
    expect(bannerState(record(155, verified(3, undefined, false)))).toEqual({ kind: 'failed' });
  });
});

describe('re-verifying in the background', () => {
  it('does nothing while the verification is current, failed or missing', () => {
    const now = at('2026-12-02T11:00:00Z');
    expect(reverifyDelay(record(111, verified(111)), now, timing)).toBeUndefined();
    expect(reverifyDelay(record(155, verified(3, undefined, false)), now, timing)).toBeUndefined();
    expect(reverifyDelay(record(155), now, timing)).toBeUndefined();
    expect(reverifyDelay(null, now, timing)).toBeUndefined();
  });

  it('runs once entries stop arriving, not on every pull', () => {
    const stale = record(155, verified(111, '2026-12-02T10:00:00.000Z'), '2026-12-02T11:00:00.000Z');
    expect(reverifyDelay(stale, at('2026-12-02T11:00:01Z'), timing)).toBe(4_000);
    expect(reverifyDelay(stale, at('2026-12-02T11:00:09Z'), timing)).toBe(0);
  });

  it('waits at least the minimum interval after the last verification', () => {
    const stale = record(112, verified(111, '2026-12-02T10:00:00.000Z'), '2026-12-02T10:00:02.000Z');
    expect(reverifyDelay(stale, at('2026-12-02T10:00:10Z'), timing)).toBe(50_000);
  });
});
