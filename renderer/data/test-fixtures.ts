import type { EvidenceFlag } from '../../shared/domain/evidence-checks';
import { auditHashInput } from '../../shared/audit/canonical-json';
import type { AuditEntry, Dispute } from '../../shared/domain/model';
import { makeDispute, makeEvidence, makeRequest, now } from '../../shared/domain/test-fixtures';
import { DeskDatabase, storedRows, toLocal, writeRows, type QueueRow, type SearchEntry, type SessionRecord } from './db';
import { enqueueMutation } from './outbox';
import type { RecordsKey } from './sealed-records';

/** A records key for tests that run the data layer sealed, as the app does (decision 0038). */
export const testRecordsKey: RecordsKey = { keyId: '0'.repeat(32), key: new Uint8Array(32).fill(42) };

/** A signed-in case manager, for the data layer's tests. */
export const testSession: SessionRecord = {
  key: 'session',
  serviceUrl: 'http://127.0.0.1:4000',
  token: 't',
  user: { id: 'u-cm-1', name: 'Ana', role: 'case_manager' },
  expiresAt: '2030-01-01T00:00:00.000Z',
};

/** A JSON answer as the case service would send it. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * Issue 17's lateness case on a desk's own store: request R-1 was due on 5 March; the buyer's
 * E-late came on the 6th, and the desk that brought it in flagged it `late`. Then a case manager
 * moved the due date to the 12th with `evidence.extendDue` through the desk's outbox. Returns the
 * queue row and the dispute before and after, as the queue, the case view and the ruling form read them.
 */
export async function lateThenExtended(): Promise<{ before: { row: QueueRow; dispute: Dispute }; after: { row: QueueRow; dispute: Dispute } }> {
  const db = new DeskDatabase(`late-then-extended-${crypto.randomUUID()}`, { sealing: testRecordsKey });
  const lateFlag: EvidenceFlag = { code: 'late', reason: 'Submitted after the due date.', details: { submittedAt: '2025-03-06T09:00:00Z', dueAt: '2025-03-05T09:00:00Z' } };
  const dispute = makeDispute({
    evidenceRequests: [makeRequest()],
    evidence: [makeEvidence({ id: 'E-late', fileName: 'late.mp4', submittedAt: '2025-03-06T09:00:00Z', receivedAt: '2025-03-06T09:00:00Z', flags: [lateFlag] })],
  });
  const local = toLocal(dispute);
  await putRows(db, [local]);
  await db.disputes.put(local.stored);
  const read = async () => ({ row: (await storedRows(db)).values.get(dispute.id)!, dispute: (await db.disputes.get(dispute.id))!.doc });
  const before = await read();
  const extended = await enqueueMutation(db, testSession, 'evidence.extendDue', { disputeId: dispute.id, requestId: 'R-1', dueAt: '2025-03-12T09:00:00Z' }, now);
  if (!extended.ok) throw new Error(`evidence.extendDue was refused: ${extended.message}`);
  const after = await read();
  db.close();
  return { before, after };
}

/** SHA-256 as lowercase hex with WebCrypto: the app verifies with another implementation, so a log built with this one checks both. */
export async function webSha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A hash-chained audit log as the service writes it (WebCrypto hashes as node:crypto does), from seq 1. */
export async function chainAudit(drafts: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>[]): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (const draft of drafts) {
    const unsigned = { ...draft, seq: entries.length + 1, prevHash: entries.at(-1)?.hash ?? null };
    entries.push({ ...unsigned, hash: await webSha256(auditHashInput(unsigned)) });
  }
  return entries;
}

/** Stores queue rows, and search texts where given, as a pull stores them. */
export async function putRows(db: DeskDatabase, entries: { row: QueueRow; search?: SearchEntry }[]): Promise<void> {
  await db.transaction('rw', [db.rowPages, db.searchPages], () => writeRows(db, entries));
}

/** The queue row held for a dispute, as the queues read it. */
export async function storedRow(db: DeskDatabase, id: string): Promise<QueueRow | undefined> {
  return (await storedRows(db)).values.get(id);
}
