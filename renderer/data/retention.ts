import { maxForgetCases, maxForgetDigests } from '../../shared/contract/evidence-calls';
import { retentionCutoff } from '../../shared/domain/retention';
import { createLogger } from '../../shared/logger';
import { auditPageOf, redactedEntry } from './audit-records';
import { readAuditRecord } from './audit-sync';
import { writeRows, type DeskDatabase, type RetentionRecord } from './db';
import { disputeIdOf } from './outbox-guard';

const log = createLogger('retention');

/**
 * Asks the host to remove the evidence of these cases (`evidence.forget`); false when it could not
 * be asked, so the request is kept and made again at the next sync.
 */
export type EvidenceForgetter = (disputeIds: string[], digests: string[]) => Promise<boolean>;

/** What one purge removed from this computer. */
export interface Purged {
  disputes: number;
  /** Whether the host confirmed the evidence of every purged case removed. */
  evidenceForgotten: boolean;
}

async function retentionRecord(db: DeskDatabase): Promise<RetentionRecord> {
  const stored = (await db.meta.get('retention')) as RetentionRecord | undefined;
  return stored ?? { key: 'retention', unforgotten: [] };
}

/**
 * Removes from this computer every dispute that closed more than `retentionDays` ago (the team's
 * setting, issue 22), with what was derived from it here: its queue row and search text, drafts of
 * a ruling on it, the team lead's decision records, the changes sent for it and answered. A case
 * with a change still waiting to be sent stays until it is sent. Then asks the host to remove the
 * cases' evidence; a request the host did not confirm is kept and made again on the next purge.
 * The case service keeps the record: nothing is asked of it.
 */
export async function purgeExpired(db: DeskDatabase, retentionDays: number, now: Date, forgetEvidence: EvidenceForgetter): Promise<Purged> {
  const cutoff = retentionCutoff(now, retentionDays);
  const candidates = await db.disputes.where('closedAt').below(cutoff).primaryKeys();
  let disputes = 0;
  for (let start = 0; start < candidates.length; start += maxForgetCases) {
    disputes += await purgeBatch(db, candidates.slice(start, start + maxForgetCases));
  }
  if (disputes > 0) log.info('removed disputes the team retention period has passed', { retentionDays, closedBefore: cutoff, disputes });
  return { disputes, evidenceForgotten: await forgetWaitingEvidence(db, forgetEvidence) };
}

/** Removes one batch of expired disputes in one transaction and notes their evidence to forget. */
async function purgeBatch(db: DeskDatabase, ids: string[]): Promise<number> {
  return db.transaction('rw', [db.disputes, db.rowPages, db.searchPages, db.drafts, db.outbox, db.decisions, db.auditPages, db.meta], async () => {
    const waiting = new Set((await db.outbox.where('status').equals('pending').toArray()).map(disputeIdOf));
    const expired = (await db.disputes.bulkGet(ids)).filter((stored) => stored !== undefined && !waiting.has(stored.id)).map((stored) => stored!);
    if (expired.length === 0) return 0;
    const gone = new Set(expired.map((stored) => stored.id));
    const disputeIds = [...gone];
    const digests = [...new Set(expired.flatMap((stored) => stored.doc.evidence.flatMap((item) => (item.sha256 ? [item.sha256] : []))))];
    await db.disputes.bulkDelete(disputeIds);
    await writeRows(db, [], disputeIds);
    await db.drafts.filter((draft) => gone.has(draft.disputeId)).delete();
    await db.decisions.where('disputeId').anyOf(disputeIds).delete();
    await redactAuditEntries(db, gone);
    await db.outbox.filter((entry) => entry.status !== 'pending' && gone.has(disputeIdOf(entry) ?? '')).delete();
    // The first screen kept may list them; the queue screen keeps a new one.
    await db.meta.delete('firstScreen');
    const record = await retentionRecord(db);
    await db.meta.put({ ...record, unforgotten: [...record.unforgotten, { disputeIds, digests }] });
    log.info('removed disputes from this computer', { disputeIds });
    return disputeIds.length;
  });
}

/**
 * Reduces the team lead's stored audit entries about `gone` to their place in the chain (see
 * StoredAuditEntry): the log still verifies end to end, and nothing of those cases stays.
 */
async function redactAuditEntries(db: DeskDatabase, gone: ReadonlySet<string>): Promise<void> {
  const pages = await db.auditPages.where('disputeIds').anyOf([...gone]).toArray();
  if (pages.length === 0) return;
  let redacted = 0;
  const kept = pages.map((page) =>
    auditPageOf(
      page.entries.map((entry) => {
        if (entry.disputeId === undefined || !gone.has(entry.disputeId)) return entry;
        redacted += 1;
        return redactedEntry(entry);
      }),
    ),
  );
  await db.auditPages.bulkPut(kept);
  const record = await readAuditRecord(db);
  await db.meta.put({ ...record, redacted: (record.redacted ?? 0) + redacted });
}

/** Asks the host to forget the evidence of every purged batch not yet confirmed, oldest first. */
async function forgetWaitingEvidence(db: DeskDatabase, forgetEvidence: EvidenceForgetter): Promise<boolean> {
  for (;;) {
    const [next] = (await retentionRecord(db)).unforgotten;
    if (next === undefined) return true;
    if (!(await forgetInParts(forgetEvidence, next))) {
      log.warn('the evidence of removed disputes could not be removed yet; it will be asked again', { disputes: next.disputeIds.length });
      return false;
    }
    await db.transaction('rw', db.meta, async () => {
      const record = await retentionRecord(db);
      await db.meta.put({ ...record, unforgotten: record.unforgotten.slice(1) });
    });
  }
}

/**
 * Asks for one batch in calls of at most `maxForgetDigests` files; each call names the cases again
 * (forgetting them twice changes nothing), so a batch half asked is simply asked again whole.
 */
async function forgetInParts(forgetEvidence: EvidenceForgetter, batch: { disputeIds: string[]; digests: string[] }): Promise<boolean> {
  for (let start = 0; start === 0 || start < batch.digests.length; start += maxForgetDigests) {
    if (!(await forgetEvidence(batch.disputeIds, batch.digests.slice(start, start + maxForgetDigests)))) return false;
  }
  return true;
}
