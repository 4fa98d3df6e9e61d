import type { DeskDatabase, FirstScreenRecord, QueueRow } from '../../data/db';
import { applyFilter, noFilter } from './filter';
import { queueIds, type QueueId } from './queues';

/** Rows kept for the first screen: more than a tall window shows. */
export const firstScreenRows = 50;

/** The first screen of `queue` for `userId`, as `listings` would show it now with no filter, in due order. */
export function firstScreenOf(userId: string, queue: QueueId, listings: ReadonlyMap<QueueId, readonly QueueRow[]>, now: Date): FirstScreenRecord {
  const listing = listings.get(queue) ?? [];
  return {
    key: 'firstScreen',
    userId,
    queue,
    rows: applyFilter(listing, noFilter, 'due', now).slice(0, firstScreenRows),
    total: listing.length,
    counts: queueIds.map((id) => listings.get(id)?.length ?? 0),
  };
}

/**
 * The first screen kept for `userId` opening on `queue`, or undefined when there is none, it was
 * another user's or another queue's, or storage holds something else under its key.
 */
export async function readFirstScreen(db: DeskDatabase, userId: string, queue: QueueId): Promise<FirstScreenRecord | undefined> {
  const kept = (await db.meta.get('firstScreen')) as Partial<FirstScreenRecord> | undefined;
  const fits =
    kept?.userId === userId &&
    kept.queue === queue &&
    Array.isArray(kept.rows) &&
    typeof kept.total === 'number' &&
    Array.isArray(kept.counts) &&
    kept.counts.length === queueIds.length;
  return fits ? (kept as FirstScreenRecord) : undefined;
}

/** Whether two first screens would paint the same. */
export function sameFirstScreen(a: FirstScreenRecord, b: FirstScreenRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
