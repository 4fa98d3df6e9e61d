import { describe, expect, it } from 'vitest';
import { noDueDate } from '../../data/db';
import { columnsFor, showsCountdown } from './columns';

describe('the columns of a queue', () => {
  it('shows the outcome, when and who ruled for Recently ruled and Second reviews, and no evidence countdown', () => {
    for (const queue of ['recentlyRuled', 'secondReviews'] as const) {
      const columns = columnsFor({ kind: 'queue', queue });
      expect(columns).toEqual(expect.arrayContaining(['outcome', 'ruledAt', 'ruledBy']));
      expect(columns).not.toContain('due');
    }
  });

  it('shows the evidence due date and the assignee for a working queue, and the queue for a search', () => {
    expect(columnsFor({ kind: 'queue', queue: 'mine' })).toEqual(['id', 'buyer', 'reason', 'state', 'amount', 'due', 'assignee']);
    expect(columnsFor({ kind: 'search' })).toContain('queue');
  });

  it('counts down only while a dispute waits on evidence', () => {
    const due = '2026-10-01T00:00:00.000Z';
    expect(showsCountdown({ state: 'awaiting_evidence', nextDueAt: due })).toBe(true);
    for (const state of ['ruled', 'closed', 'settled', 'cancelled', 'offer_accepted'] as const) expect(showsCountdown({ state, nextDueAt: due })).toBe(false);
    expect(showsCountdown({ state: 'under_review', nextDueAt: noDueDate })).toBe(false);
  });
});
