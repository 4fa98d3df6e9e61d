import { useLiveQuery } from 'dexie-react-hooks';
import { z } from 'zod';
import { createLogger } from '../../shared/logger';
import type { DeskDatabase, OutboxEntry } from './db';

// A rejected change the case manager chose to discard leaves "Needs attention" but stays in the
// outbox, so the dispute's change list still shows what happened to it. Discards are kept per user
// in the local store (decision 0019): another user on this computer sees their own.

const log = createLogger('dismissed-changes');

/** Where versions before 0019 kept discards, for everyone on the computer. */
const legacyKey = 'desk.dismissedChanges';
/** Where versions before 0019 kept ruling drafts, by dispute only. */
const legacyDraftPrefix = 'desk.rulingDraft.';

/**
 * Names one outbox entry across resets: mutation ids start again at 1 on a fresh local store, so
 * the time it was made is part of the name and a new change is never hidden by an old dismissal.
 */
export function changeKey(entry: Pick<OutboxEntry, 'mutationId' | 'createdAt'>): string {
  return `${entry.mutationId}@${entry.createdAt}`;
}

/** The keys of the changes `userId` discarded. */
export async function dismissedBy(db: DeskDatabase, userId: string): Promise<ReadonlySet<string>> {
  const records = await db.dismissals.where('[userId+change]').between([userId, ''], [userId, '\uffff']).toArray();
  return new Set(records.map((record) => record.change));
}

/** Discards a rejected change from `userId`'s "Needs attention"; the outbox keeps it. */
export async function dismissChange(db: DeskDatabase, userId: string, entry: Pick<OutboxEntry, 'mutationId' | 'createdAt'>): Promise<void> {
  await db.dismissals.put({ userId, change: changeKey(entry) });
}

/** The changes the signed-in user discarded, live; empty while they load or when no one is signed in. */
export function useDismissedChanges(db: DeskDatabase, userId: string | undefined): ReadonlySet<string> {
  return useLiveQuery(() => (userId === undefined ? new Set<string>() : dismissedBy(db, userId)), [db, userId]) ?? emptySet;
}

const emptySet: ReadonlySet<string> = new Set();

/**
 * Moves what versions before 0019 kept in local storage for everyone (discards, ruling drafts)
 * into the local store as `userId`'s, once, then removes it: it was written by whoever was
 * signed in, and this is the first user to sign in since.
 */
export async function adoptLegacyUserState(db: DeskDatabase, userId: string, storage: Storage): Promise<void> {
  const raw = storage.getItem(legacyKey);
  if (raw !== null) {
    let keys: string[] = [];
    try {
      const parsed = z.array(z.string().max(200)).safeParse(JSON.parse(raw));
      if (parsed.success) keys = parsed.data;
      else log.warn('discarded changes in local storage could not be read; they show again', { length: raw.length });
    } catch (error) {
      log.warn('discarded changes in local storage were not JSON; they show again', { error: String(error) });
    }
    await db.dismissals.bulkPut(keys.map((change) => ({ userId, change })));
    storage.removeItem(legacyKey);
  }
  for (const key of Object.keys(storage).filter((name) => name.startsWith(legacyDraftPrefix))) {
    const text = storage.getItem(key);
    const disputeId = key.slice(legacyDraftPrefix.length);
    try {
      const parsed = z.object({ savedAt: z.string(), values: z.unknown() }).safeParse(JSON.parse(text ?? 'null'));
      if (parsed.success && disputeId !== '') await db.drafts.put({ userId, disputeId, savedAt: parsed.data.savedAt, values: parsed.data.values });
    } catch (error) {
      log.warn('a ruling draft in local storage was not JSON; it was dropped', { disputeId, error: String(error) });
    }
    storage.removeItem(key);
  }
}
