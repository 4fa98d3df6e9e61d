import { z } from 'zod';
import { isEvidenceFlagCode } from '../../../shared/domain/evidence-checks';
import { disputeReasonSchema, disputeStateSchema } from '../../../shared/domain/model';
import { createLogger } from '../../../shared/logger';
import type { DeskDatabase } from '../../data/db';
import type { QueueFilter, QueueSort } from './filter';
import { queueIds, type QueueId } from './queues';

// Saved views are kept per user in the local store (version 5). Versions before kept one list in
// local storage for whoever signed in, so Li Na's views were offered to Sofia. Who saved those
// cannot be known (the list never said), so, as with discards and drafts (decision 0019), the
// first user to open the queues after the upgrade adopts them and the old list is removed.

const log = createLogger('saved-views');

/** Where versions before 5 kept saved views, for everyone on the computer. */
export const legacyViewsKey = 'desk.savedViews';

/** A named queue, filter, sort and search, kept on this computer for one user. */
export interface SavedView {
  name: string;
  queue: QueueId;
  filter: QueueFilter;
  sort: QueueSort;
  search: string;
}

const amountSchema = z.number().finite().nonnegative().optional();

const filterSchema = z.object({
  reasons: z.array(disputeReasonSchema),
  states: z.array(disputeStateSchema),
  country: z.string().max(2),
  seller: z.string().max(200),
  minAmount: amountSchema,
  maxAmount: amountSchema,
  due: z.enum(['any', 'overdue', 'within24h', 'within72h']),
  // A flag code this version does not know is dropped rather than the whole view.
  evidenceFlags: z.array(z.string()).optional().transform((codes) => (codes ?? []).filter(isEvidenceFlagCode)),
});

/** What a stored view must look like to be offered: storage is outside the app's control. */
const savedViewSchema = z.object({
  name: z.string().trim().min(1).max(100),
  queue: z.enum(queueIds),
  filter: filterSchema.transform((filter): QueueFilter => ({ ...filter, minAmount: filter.minAmount, maxAmount: filter.maxAmount })),
  sort: z.enum(['due', 'age', 'amount']),
  search: z.string().max(500),
});

/** A stored view read back, or undefined (logged) when it is not one. */
function readView(value: unknown): SavedView | undefined {
  const parsed = savedViewSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  log.warn('a saved view could not be read; it is not offered', { issues: parsed.error.issues.length });
  return undefined;
}

/** `userId`'s saved views, by name; views that do not read back are left out. */
export async function savedViewsOf(db: DeskDatabase, userId: string): Promise<SavedView[]> {
  const records = await db.savedViews.where('userId').equals(userId).toArray();
  return records
    .map((record) => readView(record.view))
    .filter((view) => view !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Saves a view for `userId`, replacing one of theirs with the same name. A blank name is refused. */
export async function saveView(db: DeskDatabase, userId: string, view: SavedView, now: Date): Promise<{ ok: true } | { ok: false; reason: 'blankName' }> {
  const name = view.name.trim();
  if (name === '') return { ok: false, reason: 'blankName' };
  await db.savedViews.put({ userId, name, savedAt: now.toISOString(), view: { ...view, name } });
  return { ok: true };
}

/** Removes one of `userId`'s saved views. */
export async function deleteView(db: DeskDatabase, userId: string, name: string): Promise<void> {
  await db.savedViews.delete([userId, name]);
}

/**
 * Moves the saved views versions before 5 kept in local storage to `userId`, once, then removes
 * them. A view that does not read back is dropped (and logged); one `userId` already has by that
 * name is kept as theirs.
 */
export async function adoptLegacyViews(db: DeskDatabase, userId: string, storage: Storage, now: Date): Promise<number> {
  const raw = storage.getItem(legacyViewsKey);
  if (raw === null) return 0;
  let listed: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) listed = parsed;
    else log.warn('saved views in local storage were not a list; they were dropped', { length: raw.length });
  } catch (error) {
    log.warn('saved views in local storage were not JSON; they were dropped', { error: String(error) });
  }
  const views = listed.map(readView).filter((view) => view !== undefined);
  const existing = new Set((await db.savedViews.where('userId').equals(userId).primaryKeys()).map((key) => key[1]));
  const adopted = views.filter((view) => !existing.has(view.name.trim()));
  await db.savedViews.bulkPut(adopted.map((view) => ({ userId, name: view.name.trim(), savedAt: now.toISOString(), view: { ...view, name: view.name.trim() } })));
  storage.removeItem(legacyViewsKey);
  return adopted.length;
}
