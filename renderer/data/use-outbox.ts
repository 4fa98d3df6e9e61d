import { useLiveQuery } from 'dexie-react-hooks';
import type { Dispute } from '../../shared/domain/model';
import type { DeskDatabase, OutboxEntry } from './db';
import { changeKey, dismissedBy } from './dismissed-changes';
import { countPending } from './outbox';
import { disputeIdOf, readable } from './outbox-guard';

// What the outbox holds, for the screens that show it: a dispute's changes, how many wait to be
// sent, and the rejected ones that need the case manager. All live: they follow every sync.

/**
 * Newest first: by when it was made, then by mutation id (a held change's key is negative,
 * decision 0019). An entry altered on disk may have lost its time until the next push holds it.
 */
function newestFirst(a: OutboxEntry, b: OutboxEntry): number {
  return String(b.createdAt).localeCompare(String(a.createdAt)) || b.mutationId - a.mutationId;
}

/** A dispute's changes made on this computer, newest first, or undefined while they load. */
export function useDisputeChanges(db: DeskDatabase, disputeId: string): OutboxEntry[] | undefined {
  // The outbox has no index by dispute; it holds this computer's own changes, so a pass is short.
  return useLiveQuery(async () => (await db.outbox.filter((entry) => disputeIdOf(entry) === disputeId).toArray()).sort(newestFirst), [db, disputeId]);
}

/** How many changes wait to be sent to the case service. */
export function usePendingCount(db: DeskDatabase): number | undefined {
  return useLiveQuery(() => countPending(db), [db]);
}

/** A rejected change and the dispute as this computer has it now (after a pull, the service's). */
export interface RejectedChange {
  entry: OutboxEntry;
  dispute: Dispute | undefined;
  /** Whether changes still waiting to be sent are layered on that dispute. */
  pendingOnTop: boolean;
}

/** Every rejected change `userId` has not discarded, newest first, with its dispute. */
export function useRejectedChanges(db: DeskDatabase, userId: string | undefined): RejectedChange[] | undefined {
  return useLiveQuery(async () => {
    const dismissed = userId === undefined ? new Set<string>() : await dismissedBy(db, userId);
    // Read as the screens can show them: a rejected change altered on disk may have lost its fields.
    const rejected = (await db.outbox.where('status').equals('rejected').toArray())
      .filter((entry) => !dismissed.has(changeKey(entry)))
      .map((entry) => readable(entry, new Date().toISOString()));
    const pending = await db.outbox.where('status').equals('pending').toArray();
    const disputes = await db.disputes.bulkGet(rejected.map((entry) => disputeIdOf(entry) ?? ''));
    return rejected
      .map((entry, index) => ({
        entry,
        dispute: disputes[index]?.doc,
        pendingOnTop: pending.some((other) => disputeIdOf(other) === entry.args.disputeId),
      }))
      .sort((a, b) => newestFirst(a.entry, b.entry));
  }, [db, userId]);
}
