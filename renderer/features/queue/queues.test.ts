import { describe, expect, it } from 'vitest';
import { makeDispute } from '../../../shared/domain/test-fixtures';
import { DeskDatabase, toLocal, type OutboxEntry, type QueueRow } from '../../data/db';
import { attentionIds, isInQueue, landingFor, queueIds, queueListings, queuesOf, type QueueId } from './queues';

const context = { userId: 'u-cm-1', now: new Date('2026-11-26T12:00:00.000Z') };

describe('the Needs attention queue', () => {
  it('lists the disputes of refused changes, and still answers when an entry altered on disk lost its dispute id', async () => {
    const db = new DeskDatabase(`queues-test-${crypto.randomUUID()}`);
    const rows = ['D-001', 'D-002'].map((id) => toLocal(makeDispute({ id, state: 'under_review' })).row);
    const refused: OutboxEntry = {
      mutationId: 1,
      name: 'dispute.claim',
      args: { disputeId: 'D-002' },
      baseVersion: 1,
      status: 'rejected',
      code: 'already_claimed',
      message: 'Another case manager claimed it first.',
      createdAt: '2026-11-26T11:00:00.000Z',
    };
    // Written as another program could leave it: the arguments gone.
    const altered = { ...refused, mutationId: -1, args: null } as unknown as OutboxEntry;
    await db.outbox.bulkPut([refused, altered]);
    const attention = await attentionIds(db, context.userId);
    expect(queueListings(rows, { ...context, attention }).get('needsAttention')!.map((row) => row.id)).toEqual(['D-002']);
    db.close();
  });
});

describe('placing a found dispute in its queues (search across every queue)', () => {
  function row(id: string, changes: Partial<QueueRow>): QueueRow {
    return { ...toLocal(makeDispute({ id })).row, ...changes };
  }
  const rows = [
    row('D-1', { assignee: 'u-cm-1', state: 'under_review' }),
    row('D-2', { assignee: '', state: 'escalated', nextDueAt: '2026-11-26T18:00:00.000Z' }),
    row('D-3', { assignee: 'u-cm-2', state: 'awaiting_evidence', returnStage: 'shipped' }),
    row('D-4', { assignee: 'u-cm-2', state: 'ruled', ruledAt: '2026-11-20T10:00:00.000Z', pendingReviewer: 'u-cm-1' }),
    row('D-5', { assignee: '', state: 'negotiating' }),
    row('D-6', { assignee: 'u-cm-1', state: 'closed', ruledAt: '2026-10-01T10:00:00.000Z' }),
  ];

  it('lists each queue with the rows that are in it, and counts a row in every queue it is in', () => {
    const attention = new Set(['D-3']);
    const listings = queueListings(rows, { ...context, attention });
    const ids = (queue: QueueId) => listings.get(queue)!.map((found) => found.id).sort();
    expect(ids('mine')).toEqual(['D-1']);
    expect(ids('unassigned')).toEqual(['D-2']);
    expect(ids('dueSoon')).toEqual(['D-2']);
    expect(ids('awaitingEvidence')).toEqual(['D-3']);
    expect(ids('readyForRuling')).toEqual(['D-1']);
    expect(ids('returns')).toEqual(['D-3']);
    expect(ids('needsAttention')).toEqual(['D-3']);
    expect(ids('secondReviews')).toEqual(['D-4']);
    expect(ids('recentlyRuled')).toEqual(['D-4', 'D-6']);
    for (const queue of queueIds) {
      expect(ids(queue), queue).toEqual(rows.filter((candidate) => isInQueue(candidate, queue, { ...context, attention })).map((found) => found.id).sort());
    }
  });

  it('names every queue a dispute is in, in the sidebar order, and none for one still negotiating', () => {
    const attention = new Set(['D-3']);
    expect(queuesOf(rows[2]!, { ...context, attention })).toEqual(['awaitingEvidence', 'returns', 'needsAttention']);
    expect(queuesOf(rows[3]!, { ...context, attention })).toEqual(['secondReviews', 'recentlyRuled']);
    expect(queuesOf(rows[4]!, { ...context, attention })).toEqual([]);
  });
});

describe('where each role lands', () => {
  it('sends case managers to their cases, reviewers to their reviews and team leads to the audit', () => {
    expect(landingFor('case_manager')).toEqual({ section: 'queues', queue: 'mine' });
    expect(landingFor('reviewer')).toEqual({ section: 'queues', queue: 'secondReviews' });
    expect(landingFor('team_lead').section).toBe('audit');
  });
});
