import Dexie from 'dexie';
import { isFinal } from '../../../shared/domain/lifecycle';
import type { DeskDatabase } from '../../data/db';

/** One file the background should fetch. */
export interface PrefetchFile {
  sha256: string;
  sizeBytes: number | null;
}

/**
 * The evidence this user will likely open next, most urgent first: the files of second reviews
 * waiting for them, then of the open cases assigned to them by due date. Read from the local
 * store, so it works offline and costs the service nothing.
 */
export async function prefetchList(db: DeskDatabase, userId: string): Promise<PrefetchFile[]> {
  const reviews = await db.rows.where('pendingReviewer').equals(userId).sortBy('nextDueAt');
  // Through the [assignee+state] index: a team's whole table is never scanned for one user's cases.
  const mine = await db.rows.where('[assignee+state]').between([userId, Dexie.minKey], [userId, Dexie.maxKey]).toArray();
  const assigned = mine.filter((row) => !isFinal(row.state)).sort((a, b) => a.nextDueAt.localeCompare(b.nextDueAt));
  const ids = [...new Set([...reviews, ...assigned].map((row) => row.id))];
  const disputes = await db.disputes.bulkGet(ids);
  const files = new Map<string, PrefetchFile>();
  for (const stored of disputes) {
    for (const item of stored?.doc.evidence ?? []) {
      if (item.sha256 !== undefined && !files.has(item.sha256)) files.set(item.sha256, { sha256: item.sha256, sizeBytes: item.sizeBytes ?? null });
    }
  }
  return [...files.values()];
}
