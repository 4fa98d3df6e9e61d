import { describe, expect, it } from 'vitest';
import { makeDispute } from '../../../shared/domain/test-fixtures';
import { DeskDatabase, toLocal, type OutboxEntry } from '../../data/db';
import { queueRows } from './queues';

const context = { userId: 'u-cm-1', now: new Date('2026-11-26T12:00:00.000Z') };

describe('the Needs attention queue', () => {
  it('lists the disputes of refused changes, and still answers when an entry altered on disk lost its dispute id', async () => {
    const db = new DeskDatabase(`queues-test-${crypto.randomUUID()}`);
    for (const id of ['D-001', 'D-002']) await db.rows.put(toLocal(makeDispute({ id, state: 'under_review' })).row);
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
    const rows = await queueRows(db, 'needsAttention', context);
    expect(rows.map((row) => row.id)).toEqual(['D-002']);
    db.close();
  });
});
