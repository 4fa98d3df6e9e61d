import { isFinal } from '../../../shared/domain/lifecycle';
import { storedRows, type DeskDatabase, type QueueRow } from '../../data/db';

/** One file the background should fetch. */
export interface PrefetchFile {
  sha256: string;
  sizeBytes: number | null;
}

/** The most files the list names: what the host takes in one `evidence.prefetch` call. */
export const prefetchLimit = 5_000;

/** Whole disputes read at a time while the list is made. */
const disputesPerRead = 250;

/**
 * The evidence this user will likely open next, most urgent first: the files of second reviews
 * waiting for them, then of the open cases assigned to them by due date, at most `limit`. Read
 * from the local store, so it works offline and costs the service nothing; whole disputes are
 * read a few hundred at a time until the list is full, not all of a busy user's at once.
 */
export async function prefetchList(db: DeskDatabase, userId: string, limit = prefetchLimit): Promise<PrefetchFile[]> {
  const rows = [...(await storedRows(db)).values.values()];
  const byDue = (a: QueueRow, b: QueueRow) => a.nextDueAt.localeCompare(b.nextDueAt);
  const reviews = rows.filter((row) => row.pendingReviewer === userId).sort(byDue);
  const assigned = rows.filter((row) => row.assignee === userId && !isFinal(row.state)).sort(byDue);
  const ids = [...new Set([...reviews, ...assigned].map((row) => row.id))];
  const files = new Map<string, PrefetchFile>();
  for (let start = 0; start < ids.length && files.size < limit; start += disputesPerRead) {
    for (const stored of await db.disputes.bulkGet(ids.slice(start, start + disputesPerRead))) {
      for (const item of stored?.doc.evidence ?? []) {
        if (files.size < limit && item.sha256 !== undefined && !files.has(item.sha256)) files.set(item.sha256, { sha256: item.sha256, sizeBytes: item.sizeBytes ?? null });
      }
    }
  }
  return [...files.values()];
}
