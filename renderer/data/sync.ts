import type { DeskDatabase, OutboxEntry, SessionRecord, SyncRecord } from './db';
import { readSyncRecord, toLocal } from './db';
import { recordOutcomes, reapplyPending } from './outbox';
import { pullPage, pushMutations, type ServiceFailure } from './service-client';

/** What the status bar shows about sync. */
export type SyncStatus =
  | { kind: 'idle'; lastSyncedAt: string | null }
  | { kind: 'syncing'; lastSyncedAt: string | null; pulled: number; first: boolean }
  | { kind: 'failed'; lastSyncedAt: string | null; failure: ServiceFailure };

const pageSize = 2000;

/**
 * Sends an evidence file to the case service before the change that names it: `sent` (or a
 * final answer such as "too large", after which the record syncs without the file) lets the
 * push go on; `unreachable` (no answer) and `retry` (an answer, but not yet a yes) stop it until
 * the next sync.
 */
export type BlobSender = (sha256: string, session: SessionRecord) => Promise<'sent' | 'unreachable' | 'retry'>;

function blobOf(entry: OutboxEntry): string | undefined {
  if (entry.name !== 'evidence.add') return undefined;
  const item = (entry.args as { item?: { sha256?: unknown } }).item;
  return typeof item?.sha256 === 'string' ? item.sha256 : undefined;
}

/** Pushes pending changes in order, at most 500 at a time, and records the answers. */
export async function pushPending(
  db: DeskDatabase,
  session: SessionRecord,
  fetchImpl: typeof fetch = fetch,
  sendBlob?: BlobSender,
): Promise<{ ok: true } | { ok: false; failure: ServiceFailure }> {
  const sync = await readSyncRecord(db);
  for (;;) {
    const pending = await db.outbox.where('status').equals('pending').limit(500).sortBy('mutationId');
    if (pending.length === 0) return { ok: true };
    for (const entry of pending) {
      const sha256 = blobOf(entry);
      const sent = sha256 === undefined || !sendBlob ? 'sent' : await sendBlob(sha256, session);
      if (sent !== 'sent') {
        const message = 'An evidence file could not be sent to the case service yet; it will be retried.';
        return { ok: false, failure: { kind: sent === 'unreachable' ? 'offline' : 'refused', message } };
      }
    }
    const mutations = pending.map(({ mutationId, name, args, baseVersion }) => ({ clientId: sync.clientId, mutationId, name, args, baseVersion }));
    const pushed = await pushMutations(fetchImpl, session, sync.clientId, mutations);
    if (!pushed.ok) return pushed;
    await recordOutcomes(db, pushed.value.outcomes);
    // A gap the service is waiting for cannot be filled from here; stop rather than loop.
    if (pushed.value.outcomes.some((outcome) => outcome.status === 'rejected' && outcome.code === 'out_of_order')) {
      return { ok: false, failure: { kind: 'refused', message: 'The case service is missing an earlier change from this computer. Contact your team lead.' } };
    }
  }
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
  const request = (cookie: number | null, ackedMutationId: number) =>
    pullPage(fetchImpl, session, { clientId: sync.clientId, cookie, ackedMutationId, limit: pageSize });
  let pending = request(sync.cookie, sync.ackedMutationId);
  for (;;) {
    const page = await pending;
    if (!page.ok) return page;
    // Ask for the next page while this one is written: the service and the disk work at once.
    // A failed write returns before the prefetched page is used, so nothing is skipped.
    if (page.value.more) pending = request(page.value.cookie, sync.ackedMutationId);
    const acked = page.value.outcomes.reduce((last, outcome) => Math.max(last, outcome.mutationId), sync.ackedMutationId);
    const next: SyncRecord = { ...sync, cookie: page.value.cookie, ackedMutationId: acked, lastSyncedAt: new Date().toISOString() };
    try {
      const local = page.value.disputes.map(toLocal);
      await db.transaction('rw', [db.rows, db.disputes, db.search, db.meta, db.outbox], async () => {
        await db.rows.bulkPut(local.map((entry) => entry.row));
        await db.disputes.bulkPut(local.map((entry) => entry.stored));
        await db.search.bulkPut(local.map((entry) => entry.search));
        for (const table of [db.rows, db.disputes, db.search]) await table.bulkDelete(page.value.deletedDisputeIds);
        await recordOutcomes(db, page.value.outcomes);
        await reapplyPending(db, session, local.map((entry) => entry.stored), next.lastSyncedAt!);
        // Keep the latest mutation id handed out here, which the pull does not know.
        const current = await readSyncRecord(db);
        await db.meta.put({ ...next, lastMutationId: current.lastMutationId });
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
