import type { Collection } from 'dexie';
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
      // An entry altered on disk may have lost its dispute id; it still shows in Needs attention's list.
      return [db.rows.where('id').anyOf([...(await attentionIds(db, context.userId))])];
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

/** What placing a row in its queues needs besides the row: who is looking, when, and the disputes with a refused change. */
export interface QueueContext {
  userId: string;
  now: Date;
  /** Disputes in Needs attention (read by `attentionIds`). */
  attention: ReadonlySet<string>;
}

/**
 * Whether a row is in a queue: the same conditions as `queueRanges`, on one row in memory, so a
 * search across every queue can say where each dispute it found is worked. A test holds the two
 * in step.
 */
export function isInQueue(row: QueueRow, queue: QueueId, context: QueueContext): boolean {
  switch (queue) {
    case 'mine':
      return row.assignee === context.userId && workable.includes(row.state);
    case 'unassigned':
      return row.assignee === '' && workable.includes(row.state);
    case 'dueSoon': {
      const soon = dueSoonRange(context.now);
      return row.nextDueAt >= soon.from && row.nextDueAt <= soon.to;
    }
    case 'awaitingEvidence':
      return row.state === 'awaiting_evidence';
    case 'readyForRuling':
      return row.state === 'under_review';
    case 'returns':
      return returning.includes(row.returnStage);
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

/** How many disputes a queue holds. */
export async function queueCount(db: DeskDatabase, queue: QueueId, context: { userId: string; now: Date }): Promise<number> {
  const counts = await Promise.all((await queueRanges(db, queue, context)).map((range) => range.count()));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** A queue's rows, in no particular order: the screen sorts them. */
export async function queueRows(db: DeskDatabase, queue: QueueId, context: { userId: string; now: Date }): Promise<QueueRow[]> {
  return (await Promise.all((await queueRanges(db, queue, context)).map((range) => range.toArray()))).flat();
}
