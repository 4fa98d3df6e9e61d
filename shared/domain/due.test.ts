import { describe, expect, it } from 'vitest';
import { dueSoonRange, dueSoonWindowMs, dueUrgency } from './due';

const now = '2026-11-02T12:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(now) + ms).toISOString();

describe('due soon, in one place', () => {
  it.each([
    ['a millisecond past the due date', at(-1), 'overdue'],
    ['exactly at the due date', at(0), 'soon'],
    ['an hour before', at(3_600_000), 'soon'],
    ['exactly 24 hours before', at(dueSoonWindowMs), 'soon'],
    ['a millisecond more than 24 hours before', at(dueSoonWindowMs + 1), 'later'],
    ['a week before', at(7 * dueSoonWindowMs), 'later'],
  ])('%s is %s', (_name, dueAt, urgency) => {
    expect(dueUrgency(dueAt, now)).toBe(urgency);
    expect(dueUrgency(dueAt, new Date(now))).toBe(urgency);
  });

  it('the queue’s range holds exactly the due dates that are soon', () => {
    const range = dueSoonRange(new Date(now));
    expect(range).toEqual({ from: at(0), to: at(dueSoonWindowMs) });
    for (const offset of [-1, 0, 1, dueSoonWindowMs, dueSoonWindowMs + 1]) {
      const dueAt = at(offset);
      expect(dueAt >= range.from && dueAt <= range.to, dueAt).toBe(dueUrgency(dueAt, now) === 'soon');
    }
  });
});
