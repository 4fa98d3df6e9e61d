import { readAuditPayload, type AuditAction, type AuditRecordOf } from '../../shared/audit/payloads';
import { missingCaseError } from '../../shared/contract/errors';
import type { AuditEntry } from '../../shared/domain/model';
import { createLogger } from '../../shared/logger';
import { appendAuditEntries } from './audit-pages';
import { auditMonthsOf, monthOfDayKey, type AuditDay, type DecisionRecord } from './audit-records';
import { storedRows, type AuditRecord, type DeskDatabase, type QueueRow, type SessionRecord } from './db';
import { fetchAuditPage, type ServiceFailure } from './service-client';

// The team lead's copy of the audit log: pulled in pages after the last stored entry, stored
// exactly as sent (verification reads those bytes' values), and folded into the decision log and
// the per-day counts in the same transaction, so the three never disagree.

/** The most entries asked for in one page (the service's own limit). */
export const auditPageSize = 5_000;

/** A UTC day, YYYY-MM-DD, of an ISO time. */
export function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

const log = createLogger('audit-sync');

function money(value: { amountMinor: number; currency: string } | undefined): { refundMinor?: number; currency?: string } {
  return value === undefined ? {} : { refundMinor: value.amountMinor, currency: value.currency };
}

/** The decision fields an entry's parsed payload carries, by its action. */
function decisionFields(record: AuditRecordOf<AuditAction>): Partial<DecisionRecord> {
  switch (record.action) {
    case 'ruling.record': {
      const { payload } = record;
      return {
        outcome: payload.outcome,
        ...money(payload.refund),
        citedEvidenceIds: payload.citedEvidenceIds,
        citedNoteIds: payload.citedNoteIds,
        rationale: payload.rationale,
        policyCodes: payload.policyCodes,
        rejectionReason: payload.rejectionReason,
        lateEvidenceOverride: payload.lateEvidenceOverride,
      };
    }
    case 'ruling.overturn': {
      const { payload } = record;
      return { outcome: payload.outcome, ...money(payload.refund), ruledBy: payload.ruledBy, ruledAt: payload.ruledAt, overturnReason: payload.reason };
    }
    case 'review.assign':
      return { reviewerId: record.payload.reviewerId, ruledBy: record.payload.ruledBy };
    case 'review.record':
      return { verdict: record.payload.verdict, comment: record.payload.comment, ruledBy: record.payload.ruledBy };
    case 'mutation.rejected':
      return {
        rejectedMutation: record.payload.mutation,
        code: record.payload.code,
        message: record.payload.message,
        ...(record.payload.params === undefined ? {} : { refusalParams: record.payload.params }),
      };
    case 'agreement.record':
      return money(record.payload.refund);
    case 'dispute.claim':
    case 'dispute.release':
    case 'evidence.add':
    case 'evidence.note':
    case 'evidence.request':
    case 'evidence.extendDue':
    case 'case.note':
      return {};
    default:
      throw missingCaseError(record);
  }
}

/** Drops the keys whose value is undefined, so stored records carry only what the entry said. */
function defined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/**
 * The decision an audit entry records, joined with its dispute's row, or undefined for entries
 * that are not a team member's decision (the marketplace's events, seeding). The payload is read
 * with its action's schema (shared/audit/payloads.ts); one that does not fit, or an action this
 * version does not know, is kept as an unreadable record with its action, counted nowhere.
 */
export function decisionOf(entry: AuditEntry, row: QueueRow | undefined): DecisionRecord | undefined {
  if (entry.disputeId === undefined || entry.actor === 'system' || entry.actor === 'marketplace') return undefined;
  const read = readAuditPayload(entry.action, entry.payload);
  if (!read.ok) log.warn('an audit entry could not be read', { seq: entry.seq, action: entry.action, problem: read.problem, message: read.message });
  return defined<DecisionRecord>({
    seq: entry.seq,
    at: entry.at,
    day: dayOf(entry.at),
    actor: entry.actor,
    action: entry.action,
    disputeId: entry.disputeId,
    ...(read.ok ? decisionFields(read.record) : { unreadable: read.message }),
    reason: row?.reason,
    country: row?.country,
    sellerId: row?.sellerId,
    sellerName: row?.sellerName,
    escalatedAt: row?.escalatedAt || undefined,
  });
}

function emptyDay(actor: string, day: string): AuditDay {
  return { key: `${actor}|${day}`, actor, day, rulings: 0, outcomes: {}, latenciesMs: [], lateOverrides: 0, overturned: 0, rejected: 0, reviewsAgree: 0, reviewsDisagree: 0 };
}

/** The per-day record a decision counts in (`${actor}|${day}`), if any. */
export function dayKeyOf(decision: DecisionRecord): string | undefined {
  if (decision.unreadable !== undefined) return undefined;
  switch (decision.action) {
    case 'ruling.record':
    case 'mutation.rejected':
      return `${decision.actor}|${decision.day}`;
    // Overturns and reviews count against the case manager who ruled, an overturn on the day of
    // the ruling it set aside, so a period's overturn rate is "of the rulings made then, how many
    // were overturned".
    case 'ruling.overturn':
      return decision.ruledBy && decision.ruledAt ? `${decision.ruledBy}|${dayOf(decision.ruledAt)}` : undefined;
    case 'review.record':
      return decision.ruledBy ? `${decision.ruledBy}|${decision.day}` : undefined;
    default:
      return undefined;
  }
}

/**
 * Adds one decision to the per-day counts in `days`, which must already hold every stored day the
 * decision counts in (see `dayKeyOf`); a day not there starts at zero. Synchronous, so a page is
 * folded inside its IndexedDB transaction without awaiting anything but the store.
 */
export function foldDecision(days: Map<string, AuditDay>, decision: DecisionRecord): void {
  const key = dayKeyOf(decision);
  if (key === undefined) return;
  let day = days.get(key);
  if (!day) {
    const split = key.lastIndexOf('|');
    day = emptyDay(key.slice(0, split), key.slice(split + 1));
    days.set(key, day);
  }
  switch (decision.action) {
    case 'ruling.record':
      day.rulings += 1;
      if (decision.outcome) day.outcomes[decision.outcome] = (day.outcomes[decision.outcome] ?? 0) + 1;
      if (decision.escalatedAt) day.latenciesMs.push(Math.max(0, Date.parse(decision.at) - Date.parse(decision.escalatedAt)));
      if (decision.lateEvidenceOverride) day.lateOverrides += 1;
      return;
    case 'ruling.overturn':
      day.overturned += 1;
      return;
    case 'review.record':
      if (decision.verdict === 'agree') day.reviewsAgree += 1;
      else if (decision.verdict === 'disagree') day.reviewsDisagree += 1;
      return;
    case 'mutation.rejected':
      day.rejected += 1;
      return;
    default:
  }
}

/** The stored audit progress, or a fresh one. */
export async function readAuditRecord(db: DeskDatabase): Promise<AuditRecord> {
  const stored = (await db.meta.get('audit')) as AuditRecord | undefined;
  return stored ?? { key: 'audit', lastSeq: 0, head: null, pulledAt: null };
}

/** Stores one page: the entries as sent, their decisions and counts, and how far the log now goes. */
async function storePage(db: DeskDatabase, entries: AuditEntry[], head: AuditRecord['head'], now: string): Promise<void> {
  await db.transaction('rw', [db.auditPages, db.decisions, db.auditMonths, db.meta, db.rowPages], async () => {
    const rows = (await storedRows(db)).values;
    const decisions = entries.flatMap((entry) => decisionOf(entry, entry.disputeId === undefined ? undefined : rows.get(entry.disputeId)) ?? []);
    // Every month this page counts in is read at once: awaiting one read per decision inside the
    // transaction lets IndexedDB commit it early. Each is written back whole, with its other days.
    const months = [...new Set(decisions.flatMap((decision) => dayKeyOf(decision) ?? []).map(monthOfDayKey))];
    const stored = (await db.auditMonths.bulkGet(months)).flatMap((month) => month?.days ?? []);
    const days = new Map(stored.map((day) => [day.key, day] as const));
    for (const decision of decisions) foldDecision(days, decision);
    await appendAuditEntries(db, entries);
    await db.decisions.bulkPut(decisions);
    await db.auditMonths.bulkPut(auditMonthsOf(days.values()));
    const record = await readAuditRecord(db);
    await db.meta.put({ ...record, lastSeq: entries.at(-1)?.seq ?? record.lastSeq, head, pulledAt: now });
  });
}

/**
 * Pulls the audit log after the last stored entry, page by page, and the team list. Each page is
 * stored in one transaction, so a lost connection or a full disk leaves the copy as the last good
 * page left it. `onProgress` gets the entries stored so far and the head's seq (the total).
 */
export async function pullAudit(
  db: DeskDatabase,
  session: SessionRecord,
  fetchImpl: typeof fetch = fetch,
  onProgress: (stored: number, total: number) => void = () => {},
): Promise<{ ok: true; pulled: number } | { ok: false; failure: ServiceFailure }> {
  const result = await pullAuditPages(db, session, fetchImpl, onProgress);
  const rest = { ...(await readAuditRecord(db)) };
  delete rest.failure;
  await db.meta.put(result.ok ? rest : { ...rest, failure: { ...result.failure, at: new Date().toISOString() } });
  return result;
}

async function pullAuditPages(
  db: DeskDatabase,
  session: SessionRecord,
  fetchImpl: typeof fetch,
  onProgress: (stored: number, total: number) => void,
): Promise<{ ok: true; pulled: number } | { ok: false; failure: ServiceFailure }> {
  let after = (await readAuditRecord(db)).lastSeq;
  let pulled = 0;
  for (;;) {
    const page = await fetchAuditPage(fetchImpl, session, after, auditPageSize);
    if (!page.ok) return page;
    try {
      await storePage(db, page.value.entries, page.value.head, new Date().toISOString());
    } catch (error) {
      const quota = error instanceof Error && /quota/i.test(`${error.name} ${error.message}`);
      const message = quota
        ? 'This computer is out of storage space for the audit log. Free some disk space; the entries stored so far are kept.'
        : `Saving the audit log failed (${error instanceof Error ? error.message : String(error)}). The entries stored so far are kept.`;
      return { ok: false, failure: { kind: 'refused', message } };
    }
    pulled += page.value.entries.length;
    after = page.value.entries.at(-1)?.seq ?? after;
    onProgress(after, page.value.head?.seq ?? after);
    if (!page.value.more || page.value.entries.length === 0) return { ok: true, pulled };
  }
}
