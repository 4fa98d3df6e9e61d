import { applyMutation, parseMutation } from '../../shared/sync/apply';
import type { Dispute } from '../../shared/domain/model';
import type { RefusalParams } from '../../shared/domain/refusals';
import type { MutationOutcome } from '../../shared/sync/protocol';
import { changeDigest, disputeIdOf } from './outbox-guard';
import { readSyncRecord, toLocal, writeRows, type DeskDatabase, type OutboxEntry, type SessionRecord, type StoredDispute } from './db';

/** Why a change could not even be queued: the rules refused it here, before any network. */
export type EnqueueResult = { ok: true; mutationId: number } | { ok: false; code: string; message: string; params?: RefusalParams };

/** How many changes made here wait to be sent. */
export function countPending(db: DeskDatabase): Promise<number> {
  return db.outbox.where('status').equals('pending').count();
}

async function writeDispute(db: DeskDatabase, dispute: Dispute): Promise<void> {
  const local = toLocal(dispute);
  await writeRows(db, [{ row: local.row }]);
  await db.disputes.put(local.stored);
}

/**
 * Records a change and its optimistic effect in one transaction: the queue shows the change at
 * once, offline too, and the outbox holds it until the service has answered. The shared rules
 * run first, so a change the service would refuse for a reason already visible here is refused
 * now, with the same words.
 */
export async function enqueueMutation(
  db: DeskDatabase,
  session: SessionRecord,
  name: string,
  args: { disputeId: string } & Record<string, unknown>,
  now: string,
): Promise<EnqueueResult> {
  const parsed = parseMutation(name, args);
  if (!parsed.ok) return { ok: false, code: parsed.code, message: parsed.message };
  // The digest needs WebCrypto, which a Dexie transaction cannot await: it is made for the version
  // read first, and made again in the rare case a pull changed the dispute in between.
  for (;;) {
    const seen = await db.disputes.get(args.disputeId);
    const baseVersion = seen?.doc.version ?? 0;
    const digest = await changeDigest({ name, args, baseVersion, createdAt: now });
    const result = await db.transaction('rw', [db.rowPages, db.searchPages, db.disputes, db.outbox, db.meta], async (): Promise<EnqueueResult | 'again'> => {
      const stored = await db.disputes.get(args.disputeId);
      if ((stored?.doc.version ?? 0) !== baseVersion) return 'again';
      const effect = applyMutation(stored?.doc, parsed.value, baseVersion, { actor: session.user, now });
      if (!effect.ok) return { ok: false, ...effect.refusal };
      const sync = await readSyncRecord(db);
      const mutationId = (sync.lastMutationId ?? sync.ackedMutationId) + 1;
      await db.meta.put({ ...sync, lastMutationId: mutationId });
      await db.outbox.add({ mutationId, name, args, baseVersion, status: 'pending', createdAt: now, digest });
      await writeDispute(db, effect.value.dispute);
      return { ok: true, mutationId };
    });
    if (result !== 'again') return result;
  }
}

/** Records the service's answers to pushed changes. */
export async function recordOutcomes(db: DeskDatabase, outcomes: readonly MutationOutcome[]): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected' && outcome.code === 'out_of_order') continue;
      await db.outbox.update(
        outcome.mutationId,
        outcome.status === 'applied' ? { status: 'applied' } : { status: 'rejected', code: outcome.code, message: outcome.message, params: outcome.params },
      );
    }
  });
}

/**
 * Re-applies changes still pending on top of disputes a pull just replaced, inside the pull's
 * transaction, so the service's newer copy does not hide what the user did while offline.
 */
export async function reapplyPending(db: DeskDatabase, session: SessionRecord, pulled: readonly StoredDispute[], now: string): Promise<void> {
  const ids = new Set(pulled.map((entry) => entry.id));
  const pending: OutboxEntry[] = await db.outbox.where('status').equals('pending').sortBy('mutationId');
  for (const entry of pending.filter((candidate) => ids.has(disputeIdOf(candidate) ?? ''))) {
    const parsed = parseMutation(entry.name, entry.args);
    const stored = await db.disputes.get(entry.args.disputeId);
    if (!parsed.ok || !stored) continue;
    const effect = applyMutation(stored.doc, parsed.value, entry.baseVersion, { actor: session.user, now });
    if (effect.ok) await writeDispute(db, effect.value.dispute);
  }
}
