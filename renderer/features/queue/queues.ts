import type { Collection } from 'dexie';
import { dueSoonRange } from '../../../shared/domain/due';
import type { DisputeState } from '../../../shared/domain/model';
import type { DeskDatabase, QueueRow } from '../../data/db';
import { changeKey, dismissedBy } from '../../data/dismissed-changes';
import { disputeIdOf } from '../../data/outbox-guard';

/** The built-in queues, in the order the sidebar shows them. */
export const queueIds = ['mine', 'unassigned', 'dueSoon', 'awaitingEvidence', 'readyForRuling', 'returns', 'secondReviews', 'needsAttention', 'recentlyRuled'] as const;

/** A built-in queue. */
export type QueueId = (typeof queueIds)[number];

const workable: DisputeState[] = ['escalated', 'awaiting_evidence', 'under_review'];
const returning = ['requested', 'address_confirmed', 'shipped', 'received'];

/**
 * The disputes in a queue as indexed ranges, each one key or one span of an index (never a scan
 * of every dispute). A queue over several keys is several ranges rather than one `anyOf`: a
 * single range is counted and read by IndexedDB natively, `anyOf` by walking a cursor.
 */
async function queueRanges(db: DeskDatabase, queue: QueueId, context: { userId: string; now: Date }): Promise<Collection<QueueRow, string>[]> {
  switch (queue) {
    case 'mine':
      return workable.map((state) => db.rows.where('[assignee+state]').equals([context.userId, state]));
    case 'unassigned':
      return workable.map((state) => db.rows.where('[assignee+state]').equals(['', state]));
    case 'dueSoon': {
      const soon = dueSoonRange(context.now);
      return [db.rows.where('nextDueAt').between(soon.from, soon.to, true, true)];
    }
    case 'awaitingEvidence':
      return [db.rows.where('state').equals('awaiting_evidence')];
    case 'readyForRuling':
      return [db.rows.where('state').equals('under_review')];
    case 'returns':
      return returning.map((stage) => db.rows.where('returnStage').equals(stage));
    case 'needsAttention': {
      // Disputes with a change the service rejected: the user decides what to do next, until they discard it.
      const dismissed = await dismissedBy(db, context.userId);
      const rejected = (await db.outbox.where('status').equals('rejected').toArray()).filter((entry) => !dismissed.has(changeKey(entry)));
      // An entry altered on disk may have lost its dispute id; it still shows in Needs attention's list.
      return [db.rows.where('id').anyOf(rejected.map(disputeIdOf).filter((id) => id !== undefined))];
    }
    case 'secondReviews':
      return [db.rows.where('pendingReviewer').equals(context.userId)];
    case 'recentlyRuled':
      return [db.rows.where('ruledAt').above('')];
    default: {
      const unknown: never = queue;
      throw new Error(`Unknown queue ${String(unknown)}`);
    }
  }
}

/** How many disputes a queue holds. */
export async function queueCount(db: DeskDatabase, queue: QueueId, context: { userId: string; now: Date }): Promise<number> {
  const counts = await Promise.all((await queueRanges(db, queue, context)).map((range) => range.count()));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** A queue's rows, in no particular order: the screen sorts them. */
export async function queueRows(db: DeskDatabase, queue: QueueId, context: { userId: string; now: Date }): Promise<QueueRow[]> {
  return (await Promise.all((await queueRanges(db, queue, context)).map((range) => range.toArray()))).flat();
}
