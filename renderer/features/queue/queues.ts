import type { Collection } from 'dexie';
import type { DisputeState } from '../../../shared/domain/model';
import type { DeskDatabase, QueueRow } from '../../data/db';

/** The built-in queues, in the order the sidebar shows them. */
export const queueIds = ['mine', 'unassigned', 'dueSoon', 'awaitingEvidence', 'readyForRuling', 'returns', 'needsAttention', 'recentlyRuled'] as const;

/** A built-in queue. */
export type QueueId = (typeof queueIds)[number];

const workable: DisputeState[] = ['escalated', 'awaiting_evidence', 'under_review'];
const dayMs = 24 * 3_600_000;

/**
 * The disputes in a queue, as an indexed query in the queue's natural order (never a scan of
 * every dispute): the index chosen for each queue is the one its rows are read by.
 */
export async function queueQuery(db: DeskDatabase, queue: QueueId, context: { userId: string; now: Date }): Promise<Collection<QueueRow, string>> {
  switch (queue) {
    case 'mine':
      return db.rows.where('[assignee+state]').anyOf(workable.map((state) => [context.userId, state]));
    case 'unassigned':
      return db.rows.where('[assignee+state]').anyOf(workable.map((state) => ['', state]));
    case 'dueSoon':
      return db.rows.where('nextDueAt').between(context.now.toISOString(), new Date(context.now.getTime() + dayMs).toISOString(), true, true);
    case 'awaitingEvidence':
      return db.rows.where('state').equals('awaiting_evidence');
    case 'readyForRuling':
      return db.rows.where('state').equals('under_review');
    case 'returns':
      return db.rows.where('returnStage').anyOf(['requested', 'address_confirmed', 'shipped', 'received']);
    case 'needsAttention': {
      // Disputes with a change the service rejected: the user decides what to do next.
      const rejected = await db.outbox.where('status').equals('rejected').toArray();
      return db.rows.where('id').anyOf(rejected.map((entry) => entry.args.disputeId));
    }
    case 'recentlyRuled':
      return db.rows.where('ruledAt').above('').reverse();
    default: {
      const unknown: never = queue;
      throw new Error(`Unknown queue ${String(unknown)}`);
    }
  }
}
