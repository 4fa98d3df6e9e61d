import type { DeskDatabase, SessionRecord, SyncRecord } from './db';
import { toLocal } from './db';
import { pullPage, type ServiceFailure } from './service-client';

/** What the status bar shows about sync. */
export type SyncStatus =
  | { kind: 'idle'; lastSyncedAt: string | null }
  | { kind: 'syncing'; lastSyncedAt: string | null; pulled: number }
  | { kind: 'failed'; lastSyncedAt: string | null; failure: ServiceFailure };

const pageSize = 2000;

/** This installation's sync progress, created with a fresh client id on first use. */
export async function readSyncRecord(db: DeskDatabase): Promise<SyncRecord> {
  const existing = (await db.meta.get('sync')) as SyncRecord | undefined;
  if (existing) return existing;
  const fresh: SyncRecord = { key: 'sync', clientId: `desk-${crypto.randomUUID()}`, cookie: null, ackedMutationId: 0, lastSyncedAt: null };
  await db.meta.put(fresh);
  return fresh;
}

/**
 * Pulls until the service has nothing newer. Each page is checked whole and applied in one
 * transaction together with its cookie: a bad page, a lost connection or a full disk leaves the
 * store exactly as the last good page left it, and the next pull carries on from there.
 */
export async function pullAll(
  db: DeskDatabase,
  session: SessionRecord,
  onProgress: (pulled: number) => void = () => {},
  fetchImpl: typeof fetch = fetch,
): Promise<{ ok: true; lastSyncedAt: string } | { ok: false; failure: ServiceFailure }> {
  let sync = await readSyncRecord(db);
  let pulled = 0;
  for (;;) {
    const page = await pullPage(fetchImpl, session, { clientId: sync.clientId, cookie: sync.cookie, ackedMutationId: sync.ackedMutationId, limit: pageSize });
    if (!page.ok) return page;
    const next: SyncRecord = { ...sync, cookie: page.value.cookie, lastSyncedAt: new Date().toISOString() };
    try {
      const local = page.value.disputes.map(toLocal);
      await db.transaction('rw', [db.rows, db.disputes, db.search, db.meta], async () => {
        await db.rows.bulkPut(local.map((entry) => entry.row));
        await db.disputes.bulkPut(local.map((entry) => entry.stored));
        await db.search.bulkPut(local.map((entry) => entry.search));
        for (const table of [db.rows, db.disputes, db.search]) await table.bulkDelete(page.value.deletedDisputeIds);
        await db.meta.put(next);
      });
    } catch (error) {
      const quota = error instanceof Error && /quota/i.test(`${error.name} ${error.message}`);
      return {
        ok: false,
        failure: {
          kind: 'refused',
          message: quota
            ? 'This computer is out of storage space for Dispute Desk. Free some disk space; nothing synced so far was lost.'
            : `Saving synced disputes failed (${error instanceof Error ? error.message : String(error)}). Nothing was changed.`,
        },
      };
    }
    sync = next;
    pulled += page.value.disputes.length;
    onProgress(pulled);
    if (!page.value.more) return { ok: true, lastSyncedAt: next.lastSyncedAt! };
  }
}
