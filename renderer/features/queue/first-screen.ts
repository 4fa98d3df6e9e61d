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

/** What was read of the kept first screen, by database: started once, at start (`prefetchFirstScreen`). */
const reads = new WeakMap<DeskDatabase, { read: Promise<unknown>; value?: unknown }>();

/**
 * Starts reading the kept first screen, once per database: the composition root calls it before
 * the first render, so the read does not wait for the shell, and the queue screen's first render
 * can already hold it.
 */
export function prefetchFirstScreen(db: DeskDatabase): Promise<unknown> {
  let entry = reads.get(db);
  if (entry === undefined) {
    const started: { read: Promise<unknown>; value?: unknown } = { read: Promise.resolve() };
    started.read = db.meta.get('firstScreen').then(
      (value) => (started.value ??= value),
      () => undefined,
    );
    entry = started;
    reads.set(db, entry);
  }
  return entry.read;
}

/** `kept` if it is a first screen for `userId` opening on `queue`, in its own shape. */
function fitting(kept: unknown, userId: string, queue: QueueId): FirstScreenRecord | undefined {
  const record = kept as Partial<FirstScreenRecord> | undefined;
  const fits =
    record?.key === 'firstScreen' &&
    record.userId === userId &&
    record.queue === queue &&
    Array.isArray(record.rows) &&
    typeof record.total === 'number' &&
    Array.isArray(record.counts) &&
    record.counts.length === queueIds.length;
  return fits ? (record as FirstScreenRecord) : undefined;
}

/** The kept first screen if it has been read already, for `userId` opening on `queue`. */
export function keptFirstScreen(db: DeskDatabase, userId: string, queue: QueueId): FirstScreenRecord | undefined {
  return fitting(reads.get(db)?.value, userId, queue);
}

/**
 * The first screen kept for `userId` opening on `queue`, or undefined when there is none, it was
 * another user's or another queue's, or storage holds something else under its key.
 */
export async function readFirstScreen(db: DeskDatabase, userId: string, queue: QueueId): Promise<FirstScreenRecord | undefined> {
  await prefetchFirstScreen(db);
  return keptFirstScreen(db, userId, queue);
}

/** Keeps `record` as the first screen, here and in the store. */
export async function keepFirstScreen(db: DeskDatabase, record: FirstScreenRecord): Promise<void> {
  await prefetchFirstScreen(db);
  reads.get(db)!.value = record;
  await db.meta.put(record);
}

/** Whether two first screens would paint the same. */
export function sameFirstScreen(a: FirstScreenRecord, b: FirstScreenRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
