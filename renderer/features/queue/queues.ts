import { missingCaseError } from '../../../shared/contract/errors';
import { dueSoonRange } from '../../../shared/domain/due';
import type { DisputeState, Role } from '../../../shared/domain/model';
import type { DeskDatabase, QueueRow } from '../../data/db';
import { changeKey, dismissedBy } from '../../data/dismissed-changes';
import { disputeIdOf } from '../../data/outbox-guard';

/** The built-in queues, in the order the sidebar shows them. */
export const queueIds = ['mine', 'unassigned', 'dueSoon', 'awaitingEvidence', 'readyForRuling', 'returns', 'secondReviews', 'needsAttention', 'recentlyRuled'] as const;

/** A built-in queue. */
export type QueueId = (typeof queueIds)[number];

const workable = new Set<DisputeState>(['escalated', 'awaiting_evidence', 'under_review']);
const returning = new Set(['requested', 'address_confirmed', 'shipped', 'received']);

/** What placing a row in its queues needs besides the row: who is looking, when, and the disputes with a refused change. */
export interface QueueContext {
  userId: string;
  now: Date;
  /** Disputes in Needs attention (read by `attentionIds`). */
  attention: ReadonlySet<string>;
  /** `dueSoonRange(now)`, when the caller places many rows at once. */
  soon?: { from: string; to: string };
}

/**
 * Whether a row is in a queue: the one definition of every built-in queue, used to list a queue,
 * count it, and say where each dispute a search found is worked.
 */
export function isInQueue(row: QueueRow, queue: QueueId, context: QueueContext): boolean {
  switch (queue) {
    case 'mine':
      return row.assignee === context.userId && workable.has(row.state);
    case 'unassigned':
      return row.assignee === '' && workable.has(row.state);
    case 'dueSoon': {
      const soon = context.soon ?? dueSoonRange(context.now);
      return row.nextDueAt >= soon.from && row.nextDueAt <= soon.to;
    }
    case 'awaitingEvidence':
      return row.state === 'awaiting_evidence';
    case 'readyForRuling':
      return row.state === 'under_review';
    case 'returns':
      return returning.has(row.returnStage);
    case 'needsAttention':
      return context.attention.has(row.id);
    case 'secondReviews':
      return row.pendingReviewer !== '' && row.pendingReviewer === context.userId;
    case 'recentlyRuled':
      return row.ruledAt > '';
    default:
      throw missingCaseError(queue);
  }
}

/** The queues a row is in, in the sidebar's order (none for a dispute still negotiating, say). */
export function queuesOf(row: QueueRow, context: QueueContext): QueueId[] {
  return queueIds.filter((queue) => isInQueue(row, queue, context));
}

/** The disputes with a refused change this user has not discarded: the Needs attention queue. */
export async function attentionIds(db: DeskDatabase, userId: string): Promise<Set<string>> {
  const dismissed = await dismissedBy(db, userId);
  const rejected = (await db.outbox.where('status').equals('rejected').toArray()).filter((entry) => !dismissed.has(changeKey(entry)));
  return new Set(rejected.map(disputeIdOf).filter((id) => id !== undefined));
}

/** Where a role starts its day: the section the app opens on, and the queue the queues open on. */
export interface Landing {
  section: 'queues' | 'audit';
  queue: QueueId;
}

/**
 * A case manager starts on their own cases, a reviewer on the rulings waiting for their second
 * review, and a team lead on the audit, the team's overview (their queues open on the
 * unassigned escalations, the work nobody holds).
 */
export function landingFor(role: Role): Landing {
  switch (role) {
    case 'case_manager':
      return { section: 'queues', queue: 'mine' };
    case 'reviewer':
      return { section: 'queues', queue: 'secondReviews' };
    case 'team_lead':
      return { section: 'audit', queue: 'unassigned' };
    default:
      throw missingCaseError(role);
  }
}

/**
 * Every built-in queue's rows, in no particular order (the screen sorts them), from one pass over
 * the rows held in memory (decision 0032): counts are their lengths.
 */
export function queueListings(rows: Iterable<QueueRow>, context: QueueContext): Map<QueueId, QueueRow[]> {
  const placing = { ...context, soon: dueSoonRange(context.now) };
  const listings = new Map(queueIds.map((queue) => [queue, [] as QueueRow[]]));
  for (const row of rows) {
    for (const queue of queueIds) if (isInQueue(row, queue, placing)) listings.get(queue)!.push(row);
  }
  return listings;
}
