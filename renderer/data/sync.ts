import type { DeskDatabase, OutboxEntry, SessionRecord, SyncRecord } from './db';
import { readSyncRecord, toLocal, writeRows } from './db';
import { missingCaseError } from '../../shared/contract/errors';
import { maxMutationsPerPush, type PushResponse } from '../../shared/sync/protocol';
import { createLogger } from '../../shared/logger';
import { recordOutcomes, reapplyPending } from './outbox';
import { changeDigest, closeGap, disputeIdOf, firstAltered, holdChange } from './outbox-guard';
import { pullPage, pushMutations, type ServiceFailure } from './service-client';

/** What the status bar shows about sync. */
export type SyncStatus =
  | { kind: 'idle'; lastSyncedAt: string | null }
  | { kind: 'syncing'; lastSyncedAt: string | null; pulled: number; first: boolean }
  | { kind: 'failed'; lastSyncedAt: string | null; failure: ServiceFailure };

const pageSize = 2000;
const log = createLogger('sync');

/**
 * What sending an evidence file to the case service gave: `sent` (or the service already had it);
 * `unreachable` (no answer) and `retry` (an answer, but not yet a yes) stop the push until the next
 * sync; `too_large` (the service never takes a file this large) and `missing` (this computer's
 * store no longer has it) are final: the change is then sent marked so the service records it
 * without its file (decision 0021).
 */
export type BlobSendResult = 'sent' | 'unreachable' | 'retry' | 'too_large' | 'missing';

/** Sends the evidence file with this digest to the case service. */
export type BlobSender = (sha256: string, session: SessionRecord) => Promise<BlobSendResult>;

function blobOf(entry: OutboxEntry): string | undefined {
  if (entry.name !== 'evidence.add') return undefined;
  const item = (entry.args as { item?: { sha256?: unknown } }).item;
  return typeof item?.sha256 === 'string' ? item.sha256 : undefined;
}

/**
 * Marks an `evidence.add` whose file can never reach the service, and seals it again: the service
 * then records the item without its file, saying why, instead of waiting for it for ever.
 */
async function markFileNotSent(db: DeskDatabase, entry: OutboxEntry, reason: 'too_large' | 'missing'): Promise<void> {
  const args: OutboxEntry['args'] = { ...entry.args, fileNotSent: reason };
  await db.outbox.update(entry.mutationId, { args, digest: await changeDigest({ ...entry, args }) });
  log.warn('an evidence file can never be sent; its record goes without it', { mutationId: entry.mutationId, disputeId: disputeIdOf(entry) ?? null, reason });
}

/**
 * Answers the service's `waiting`: it lacks the file a change names. Sends the file (or marks the
 * change when the file can never be sent) so the push can go on, or says why it cannot. The same
 * change waiting again after its file went up stops the push until the next sync, never a loop.
 */
async function sendWaitedFile(
  db: DeskDatabase,
  session: SessionRecord,
  waiting: NonNullable<PushResponse['waiting']>,
  alreadySent: Set<number>,
  sendBlob: BlobSender | undefined,
): Promise<{ ok: true } | { ok: false; failure: ServiceFailure }> {
  const entry = await db.outbox.get(waiting.mutationId);
  const later = 'An evidence file could not be sent to the case service yet; it will be retried.';
  if (entry === undefined || entry.status !== 'pending' || blobOf(entry) !== waiting.sha256 || sendBlob === undefined || alreadySent.has(entry.mutationId)) {
    log.warn('the case service waits for a file this push cannot send now', { mutationId: waiting.mutationId, found: entry !== undefined, again: alreadySent.has(waiting.mutationId) });
    return { ok: false, failure: { kind: 'refused', message: later } };
  }
  alreadySent.add(entry.mutationId);
  const sent = await sendBlob(waiting.sha256, session);
  switch (sent) {
    case 'sent':
      return { ok: true };
    case 'too_large':
    case 'missing':
      await markFileNotSent(db, entry, sent);
      return { ok: true };
    case 'unreachable':
      return { ok: false, failure: { kind: 'offline', message: later } };
    case 'retry':
      return { ok: false, failure: { kind: 'refused', message: later } };
    default:
      throw missingCaseError(sent);
  }
}

/** How many server errors on one change, with the service otherwise answering, before it is held (decision 0019). */
export const serverErrorLimit = 5;

/** A failure that may be this change's fault: an HTTP 5xx, or no answer at all. 429 and 4xx are not. */
function isServerTrouble(failure: ServiceFailure): boolean {
  return failure.status === undefined ? failure.kind === 'offline' : failure.status >= 500;
}

/**
 * Asks the service where this client stands (a pull of one dispute, whose page is not kept) and
 * records the outcomes it lists: the push that failed may have landed in part. Its answer also
 * says the service and its database work, so a push failing now is that change's own trouble.
 */
async function whereServiceStands(db: DeskDatabase, session: SessionRecord, fetchImpl: typeof fetch): Promise<number | undefined> {
  const sync = await readSyncRecord(db);
  const probe = await pullPage(fetchImpl, session, { clientId: sync.clientId, cookie: sync.cookie, ackedMutationId: sync.ackedMutationId, limit: 1 });
  if (!probe.ok) return undefined;
  await recordOutcomes(db, probe.value.outcomes);
  return probe.value.lastMutationId;
}

/** The first change still waiting to be sent. */
async function headOfLine(db: DeskDatabase): Promise<OutboxEntry | undefined> {
  return db.outbox.where('status').equals('pending').first();
}

/**
 * After a push failed with server trouble: when the service otherwise answers, counts the failure
 * against the change it stopped at, and holds that change at `serverErrorLimit`. True when a
 * change was held, so the push can go on at once with the next.
 */
async function countServerError(db: DeskDatabase, session: SessionRecord, fetchImpl: typeof fetch): Promise<boolean> {
  const last = await whereServiceStands(db, session, fetchImpl);
  if (last === undefined) return false;
  const head = await headOfLine(db);
  if (head?.mutationId !== last + 1) return false;
  const serverErrors = (head.serverErrors ?? 0) + 1;
  if (serverErrors >= serverErrorLimit) {
    log.warn('holding a change the case service keeps failing on', { mutationId: head.mutationId, name: head.name, disputeId: disputeIdOf(head) ?? null, serverErrors });
    return holdChange(db, head.mutationId, last, 'server_error');
  }
  await db.outbox.update(head.mutationId, { serverErrors });
  return false;
}

/**
 * Pushes pending changes in order, at most 500 at a time, and records the answers. When the
 * service waits for an evidence file it lacks, sends that file (`sendBlob`) and pushes again. A change
 * altered on disk is held, never sent; a change the service keeps failing on is sent alone, and
 * held after `serverErrorLimit` failures while the service otherwise answers, so later changes flow.
 */
export async function pushPending(
  db: DeskDatabase,
  session: SessionRecord,
  fetchImpl: typeof fetch = fetch,
  sendBlob?: BlobSender,
): Promise<{ ok: true } | { ok: false; failure: ServiceFailure }> {
  const sync = await readSyncRecord(db);
  const filesSent = new Set<number>();
  for (;;) {
    const pending = await db.outbox.where('status').equals('pending').limit(maxMutationsPerPush).sortBy('mutationId');
    if (pending.length === 0) return { ok: true };
    const altered = await firstAltered(db, pending);
    if (altered === 0) {
      const head = pending[0]!;
      log.warn('a waiting change was altered outside the app', { mutationId: head.mutationId, name: head.name, disputeId: disputeIdOf(head) ?? null });
      const last = await whereServiceStands(db, session, fetchImpl);
      if (last === undefined) return { ok: false, failure: { kind: 'offline', message: 'The case service cannot be reached. Work continues offline.' } };
      if (last === head.mutationId - 1) await holdChange(db, head.mutationId, last, 'changed_outside_app');
      continue;
    }
    // A change the service failed on goes alone, so each failure is counted against it only.
    const batch = pending[0]!.serverErrors ? pending.slice(0, 1) : altered > 0 ? pending.slice(0, altered) : pending;
    const mutations = batch.map(({ mutationId, name, args, baseVersion }) => ({ clientId: sync.clientId, mutationId, name, args, baseVersion }));
    const pushed = await pushMutations(fetchImpl, session, sync.clientId, mutations);
    if (!pushed.ok) {
      log.warn('a push failed', { kind: pushed.failure.kind, status: pushed.failure.status ?? null, first: batch[0]!.mutationId, count: batch.length });
      if (isServerTrouble(pushed.failure) && (await countServerError(db, session, fetchImpl))) continue;
      return pushed;
    }
    await recordOutcomes(db, pushed.value.outcomes);
    if (pushed.value.waiting !== undefined) {
      // Files go up only when the service asks: one it already holds is never sent again.
      const sent = await sendWaitedFile(db, session, pushed.value.waiting, filesSent, sendBlob);
      if (!sent.ok) return sent;
      continue;
    }
    if (pushed.value.outcomes.some((outcome) => outcome.status === 'rejected' && outcome.code === 'out_of_order')) {
      // The changes the service waits for are gone from here (deleted, or marked answered, outside
      // the app): the ones after them close the gap. A gap that cannot be closed stops the push
      // rather than loop.
      log.error('the case service is waiting for an earlier change', { lastMutationId: pushed.value.lastMutationId, first: batch[0]!.mutationId });
      if (await closeGap(db, pushed.value.lastMutationId)) continue;
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
): Promise<{ ok: true; lastSyncedAt: string; retentionDays: number | undefined } | { ok: false; failure: ServiceFailure }> {
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
      const stored = local.map((entry) => entry.stored);
      // Sealed ahead with WebCrypto, which the transaction cannot wait for (decision 0038).
      await db.seal?.prepare('disputes', stored);
      await db.transaction('rw', [db.rowPages, db.disputes, db.searchPages, db.meta, db.outbox], async () => {
        await db.disputes.bulkPut(stored);
        await db.disputes.bulkDelete(page.value.deletedDisputeIds);
        await writeRows(db, local, page.value.deletedDisputeIds);
        await recordOutcomes(db, page.value.outcomes);
        await reapplyPending(db, session, stored, next.lastSyncedAt!);
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
    if (!page.value.more) return { ok: true, lastSyncedAt: next.lastSyncedAt!, retentionDays: page.value.retentionDays };
  }
}
